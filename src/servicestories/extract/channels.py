"""Contact channels: a lexicon over tokens (lower-cased, compounds included) plus a few multi-word rules.

A token counts for a channel when it (or the head/modifier of its compound) is in the lexicon below; German
closed compounds are caught by suffix/prefix patterns (``Kundenhotline``, ``Servicehotline``,
``Telefon-Support``, ``Antwortmail``), while compounds whose head is a thing rather than a contact
(``Mailserver``, ``E-Mail-Adresse``, ``Telefonnummer``, ``Telefonanbieter``, ``Briefkasten``,
``Onlineshop``) do not count. Multi-word rules: separable verbs (``rief … an``, ``rufe … zurück``),
``per Post``, ``soziale Netzwerke``, ``Formular auf der Webseite``, ``persönlich vorbei``.

Counters and desks are ``in_person`` (``Schalter`` and its compounds such as ``Lost-and-Found-Schalter``,
``am Schalter``, ``Servicepoint``, ``Reisezentrum``, ``Kundencenter``, ``Tresen``; not ``Lichtschalter``); a
third-party place such as a ``Copyshop`` is not. A ticket opened ``per E-Mail`` is ``email``, not ``web_form``.

Mentions do not count in sentences that are generic (``Man kennt es von Facebook …``), hypothetical or
questions (``Soll ich jetzt twittern?``), when a negator stands right before them (``keine E-Mail``), or in a
counterfactual span (:func:`~servicestories.extract.context.counterfactual_spans`: a tweet "dann aber doch nicht
abgeschickt", "überlegte, der Zeitung zu schreiben", "hätte … twittern können").
Nor are mentions that name no step (:func:`_not_a_contact`): a channel said not to exist ("Telefon-Support
gibt es nicht"), the narrator's own Konjunktiv II ("… mit Filiale könnte ich hingehen"), a ticket someone else
opened ("er habe ein Ticket erstellt"), a portal only looked at (no form verb in the sentence), a web shop as
source or form place ("laut Shop", "Formular im Shop"), background press ("in allen Zeitungen"), an app that
causes the fault ("liegt an einer App, die nach dem Update abstürzt").
A ``Techniker`` is a ``technician_visit`` only with a visit cue in the sentence (``kommt``, ``Termin``,
``vor Ort``, ``bei mir``): technicians who "work on the server" are not a contact. A parcel service named
in the post (``via UPS``) or a word like ``Paketdienst`` gives ``courier``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocab import CHANNELS
from .context import counterfactual_spans, is_case_sentence, is_negated
from .doc import Doc, Sentence

_LEX: dict[str, tuple[str, str | None]] = {
    # channel: (include pattern searched in the lower-cased token, exclude pattern)
    "phone": (
        r"hotline|warteschleife|rückruf|zurückgerufen|zurückrufen|zurückzurufen|zurückrief|anruf(?:e|en|s)?$|"
        r"^angerufen$|^anrief|^anzurufen$|^anrufe?n?$|anrufbeantworter|telefonat|telefonisch|telefonier|"
        r"callcenter|call-center|sprachcomputer|sprachmenü|bandansage|^telefons?$|"
        r"telefon-?(?:support|hotline|service|gespräch|kontakt|stimme|beratung|menü|computer|schleife|zentrale|"
        r"konferenz|termin|kundendienst|support\w*)|(?:service|support|kunden|info)-?telefon$|^voicemail",
        r"nummer|anbieter|gerät|rechnung|anschluss|leitung|tarif|buch|kosten|flatrate|hotmail",
    ),
    "email": (
        r"^e-?mails?$|^mails?$|^e-?mail-|^e-?mail\w+verkehr|\w(?:mail|mails)$|^e?mailte[n]?$|^gemailt$|"
        r"^angemailt$|^anmailen$|^mailverkehr|^mailwechsel|^e-?mailverkehr|^e-?mail-?antwort",
        r"adresse|server|postfach|programm|konto|account|client|signatur|hotmail|gmail|voicemail|provider|"
        r"anbieter|dienst$",
    ),
    "letter": (
        r"^briefe?n?$|\wbriefe?n?$|^brieflich|einschreiben|^postalisch|^fax(?:e|en|es)?$|^gefaxt$|^faxte|"
        r"^per-?fax|^fax-|\w(?:schreiben)$",
        r"briefkasten|briefmarke|brieftasche|briefträger|briefing|briefpapier|^anschreiben$|^beschreiben$|"
        r"^ausschreiben$|^aufschreiben$|^vorschreiben$|^abschreiben$|^umschreiben$|^zuschreiben$|^mitschreiben$|"
        r"^zurückschreiben$|^hinschreiben$|^reinschreiben$|^gutschreiben$|^festschreiben$",
    ),
    "in_person": (
        r"filiale|service-?center|service-?point|servicepoint|kundencenter|kundenzentrum|reisezentrum|"
        r"geschäftsstelle|servicestelle|^schalter$|\wschalter$|-schalter$|ladengeschäft|^laden$|\wshop$|^shop$|"
        r"-shop-|-shop$|^store$|-store$|servicepunkt|kundenbüro|bürgerbüro|infopoint|info-point|infostand|"
        r"informationsstand|^tresen$|^theke$|servicetheke|infotheke|^rezeption$|check-in-?(?:schalter|counter)",
        r"online|web|internet|^e-shop|-e-shop|app-?store|playstore|paketshop|^onlineshops?$|^webshop|filialnetz|"
        r"copy-?shop|kopier|licht-?schalter|kipp-?schalter|not-?schalter|haupt-?schalter|dreh-?schalter|"
        r"netz-?schalter|wahl-?schalter|druck-?schalter|schiebe-?schalter|aus-?schalter|sicherungs|fi-schalter|"
        r"schalterstellung",
    ),
    "chat": (
        r"^chat|chat$|chats$|live-?chat|gechattet|^chatte[tn]?$|^chattete|^whatsapp|chatbot|messenger",
        r"chatgpt",
    ),
    "web_form": (
        r"kontaktformular|online-?formular|webformular|internetformular|beschwerdeformular|supportformular|"
        r"serviceformular|rückrufformular|kundenportal|online-?portal|serviceportal|ticket-?system|supportticket|"
        r"support-ticket|kundenkonto-nachricht|online-kundencenter",
        None,
    ),
    "social_media": (
        r"^(?:twitter|twitters|tweet|tweets|getwittert|twitterte|twittern|twittere|retweet\w*|facebook|facebooks|"
        r"instagram|youtube|tiktok|linkedin|mastodon|shitstorm\w*|hashtag\w*|socialmedia|facebookseite|"
        r"facebookgruppe|facebookpost)$|^(?:facebook|twitter|instagram|youtube|social-media)-\w+|"
        r"-(?:tweet|tweets|post|posting)$",
        r"^-",
    ),
    "blog": (
        r"^blog|blog$|blogs$|gebloggt|bloggte|verbloggt|weblog|blogosphäre|blogger|^blogartikel|blogbeitrag|"
        r"blogpost|blogeintrag",
        None,
    ),
    "forum": (
        r"forum$|forums$|^foren$|^forum|-forum|forenbeitrag|forenthread|^foren-|^thread$|^threads$|"
        r"^community$|-community$|supportcommunity|community-",
        None,
    ),
    "press": (
        r"^presse$|presseanfrage|^presse-|journalist|^zeitung$|^zeitungen$|zeitung$|^redaktion|"
        r"verbrauchermagazin|^fernsehen$|^reporter|^medien$|zeitungsartikel|lokalpresse|fernsehbeitrag|"
        r"tv-beitrag|^zeitungsbericht",
        r"^zeitungsabo|pressesprecher|pressestelle|presseabteilung",
    ),
    "courier": (
        r"paketdienst|kurier|paketbote|paketzusteller|^zusteller(?:in)?$|spedition|^pakete?n?$|^pakets$|"
        r"päckchen|paketshop|lieferdienst",
        r"kurierdienstleistung$",
    ),
    "app": (
        r"^app$|^apps$|-app$|^app-|banking-?app$|^handyapp$|serviceapp$|kundenapp$",
        r"app-?store|^apple",
    ),
}
_COMPILED = {ch: (re.compile(inc), re.compile(exc) if exc else None) for ch, (inc, exc) in _LEX.items()}
_TECH = re.compile(r"techniker|monteur|technikertermin|technikerbesuch|servicetechniker|handwerker")
_TECH_EXCLUDE = re.compile(r"krankenkasse|hotline|support|telefon")
_VISIT = re.compile(
    r"\b(?:kommt|kommen|kam|kamen|komme|vorbei(?:kommen|kommt|gekommen|kam|kamen|schauen|geschaut|schaute|zukommen)?|erschien\w*|klingelt\w*|besuch\w*|termin\w*|vor ort|"
    r"zu (?:mir|uns|ihnen|dir)|bei (?:mir|uns|ihnen)|in (?:meine|unsere) wohnung|ins haus|schaute|"
    r"(?:vor|an) (?:der|meiner|unserer) (?:tür|haustür|wohnungstür)|nach hause|"
    r"(?:in|im|in den|in die|in der|ins) (?:wohnung|keller|haus|küche|flur|treppenhaus|hausflur|garten|dachboden)|"
    r"(?:die|der|eine|meine|unsere) (?:dose|anschlussdose|tae-dose|antennendose|multimediadose))\b"
)
_SEPARABLE_CALL = re.compile(
    r"\b(?:rief|riefen|rufe|rufen|ruft|rufst|rief's)\b[^.;:!?]*?\b(?:an|zurück)\b", re.I
)
_MULTI = (
    (re.compile(r"\b(?:per|mit der|auf dem)\s+(?:post|postweg)\b", re.I), "letter"),
    (re.compile(r"\bsozialen?\s+(?:netzwerke?n?|medien)\b|\bsocial\s+media\b", re.I), "social_media"),
    (re.compile(r"\b(?:formular|kontaktformular)\s+(?:auf|der|im)\s+(?:der\s+)?(?:web|internet|home)", re.I),
     "web_form"),
    (re.compile(r"\bpersönlich\s+(?:\w+\s+){0,3}?(?:vorbei\w*|hin\w*|erschien\w*|vorgesprochen|aufgesucht|"
                r"gegangen|gefahren)\b", re.I), "in_person"),
    (re.compile(r"\bin\s+(?:die|der|eine|einer)\s+(?:filiale|geschäftsstelle)\b", re.I), "in_person"),
    (re.compile(r"\b(?:in\s+den|im|zum|in\s+einen|in\s+einem)\s+(?:\w+\s+)?(?:\w*markt|laden|geschäft)\b", re.I),
     "in_person"),
    (re.compile(r"\bticket\s+(?:\w+\s+){0,3}?(?:aufgemacht|eröffnet|erstellt|angelegt|aufgegeben)\b|"
                r"\b(?:aufgemacht|eröffnet|erstellt|angelegt)\w*\s+(?:\w+\s+)?ticket\b", re.I), "web_form"),
    (re.compile(r"\bservice\s+point\b|\b(?:am|an\s+dem|hinter\s+dem)\s+(?:\w+\s+)?schalter\b", re.I), "in_person"),
)
#: a ticket "per E-Mail"/"per Mail" aufgemacht is an e-mail, not a web form
_TICKET_BY_MAIL = re.compile(r"\b(?:per|via|über|mit\s+einer)\s+(?:e-?mail|mail)\b", re.I)
_NOUN_SCHREIBEN_DET = frozenset({"ein", "das", "dem", "einem", "ihr", "ihrem", "ihres", "sein", "unser", "mein",
                                 "meinem", "dieses", "diesem", "ihren", "seinem", "ihr"})


@dataclass(frozen=True)
class ChannelMention:
    channel: str
    sentence: int
    start: int
    end: int
    word: str


@lru_cache(maxsize=100_000)
def token_channel(low: str) -> str | None:
    """The channel a single lower-cased token names, if any (compounds included)."""
    if len(low) < 2 or not any(c.isalpha() for c in low):
        return None
    for ch, (inc, exc) in _COMPILED.items():
        if inc.search(low) and not (exc and exc.search(low)):
            return ch
    return None


def sentence_channels(s: Sentence, *, check_context: bool = True) -> list[ChannelMention]:
    """Channel mentions in one sentence (empty for generic/hypothetical sentences)."""
    if check_context and not is_case_sentence(s):
        return []
    out: list[ChannelMention] = []
    tech_visit = bool(_VISIT.search(s.lowtext))
    for i, t in enumerate(s.tokens):
        low = s.lows[i]
        ch = token_channel(low)
        if ch == "letter" and low.endswith("schreiben") and low != "einschreiben":
            # the noun "Schreiben" (a letter), not the verb "schreiben"
            prev = s.lows[i - 1] if i else ""
            if not t.text[:1].isupper() or (low == "schreiben" and prev not in _NOUN_SCHREIBEN_DET):
                ch = None
        if ch is None and _TECH.search(low) and not _TECH_EXCLUDE.search(low):
            if "termin" in low or "besuch" in low or tech_visit:
                ch = "technician_visit"
        if ch is None:
            continue
        if is_negated(s, i):
            continue
        out.append(ChannelMention(ch, s.index, t.start, t.end, t.text))
    for rx, ch in _MULTI:
        for m in rx.finditer(s.text):
            if ch == "web_form" and m.group(0).lower().find("ticket") >= 0 and _TICKET_BY_MAIL.search(s.text):
                continue
            out.append(ChannelMention(ch, s.index, s.start + m.start(), s.start + m.end(), m.group(0)))
    if not any(m.channel == "phone" for m in out):
        m = _SEPARABLE_CALL.search(s.text)
        if m and not is_negated(s, _token_index(s, s.start + m.start())):
            out.append(ChannelMention("phone", s.index, s.start + m.start(), s.start + m.end(), m.group(0)))
    out = [m for m in out if not _not_a_contact(s, m)]
    spans = counterfactual_spans(s)
    if spans:  # a tweet never sent, a letter only considered: not a step
        out = [m for m in out if not any(a <= m.start - s.start and m.end - s.start <= b for a, b in spans)]
    # the same words matched twice (a token and a multi-word rule): keep one mention per channel and span
    seen: set[tuple[str, int]] = set()
    uniq = []
    for m in sorted(out, key=lambda m: (m.start, -(m.end - m.start))):
        if (m.channel, m.start) in seen or any(m.channel == u.channel and u.start <= m.start and m.end <= u.end
                                              for u in uniq):
            continue
        seen.add((m.channel, m.start))
        uniq.append(m)
    return uniq


_M_CLAUSE = re.compile(r"[,;:()]|\s[-–—]\s")
#: "Telefonischen Support gibt es hier nicht (wirklich)": the channel does not exist
_DOES_NOT_EXIST = re.compile(r"\b(?:gibt|gab)\s+es\b[^,;:.]*?\b(?:nicht|kein\w*|nie)\b", re.I)
#: the narrator's own Konjunktiv II: "Bei einer Bank mit Filiale könnte ich jetzt hingehen"
_MY_SUBJUNCTIVE = re.compile(r"\b(?:könnte|könnten|würde|würden|hätte|hätten|wäre|wären)\s+(?:ich|wir)\b|"
                             r"\b(?:ich|wir)\s+(?:könnte|könnten|würde|würden|hätte|hätten|wäre|wären)\b", re.I)
#: someone else opened the ticket ("er habe ein Ticket erstellt"): the customer's step is the call or chat
_THEIR_TICKET = re.compile(r"\b(?:er|sie|man)\s+(?:habe|hat|hätte|hatte|würde|werde)\b", re.I)
#: looking at a portal is not a contact; filling in, sending, reporting is
_FORM_ACTION = re.compile(r"\b(?:ausgefüllt|ausfüllen|ausfüllte|füllte|geschrieben|schrieb|schreibe|gemeldet|meldete|"
                          r"beantragt|beantragte|eingereicht|reichte|abgeschickt|schickte|geschickt|hochgeladen|lud|"
                          r"anfrage|nachricht|reklamation|reklamiert|reklamierte|eingetragen|gestellt|stellte|"
                          r"beschwerde|beschwert|storniert|gekündigt|widersprochen|ticket)\b", re.I)
_PORTAL = re.compile(r"portal|konto|account", re.I)
#: a web shop named as a source or as the place of a form is not a shop visit ("laut Shop", "Formular im Shop")
_ONLINE_SHOP = re.compile(r"\b(?:formular\w*|kontaktformular\w*|online|bestellt|bestellung|warenkorb|webseite|website|"
                          r"e-?mail|lieferzeit|versand\w*)\b", re.I)
#: background news, not the customer's step: "Das war damals in allen Zeitungen"
_PRESS_BACKGROUND = re.compile(r"\b(?:in|aus)\s+(?:allen|den|sämtlichen|vielen)\s+(?:\w+\s+)?(?:zeitungen|medien|"
                               r"nachrichten)\b", re.I)
#: an app that causes the fault is not the app channel ("liege an einer App, die nach dem Update abstürzt")
_APP_FAULT = re.compile(r"\b(?:liegt|liege|lag|läge)\s+an\b|abstürz|\bstürzt|\bstürzte|kompatib|\bupdate|deinstall|"
                        r"\bbug\b|\bverursacht", re.I)


def _not_a_contact(s: Sentence, m: ChannelMention) -> bool:
    """Mentions that name no contact step: a channel said not to exist, the narrator's own hypothetical, a ticket
    someone else opened, a portal only looked at, a web shop as source or form place, background press, an app
    that causes the fault."""
    a, b = m.start - s.start, m.end - s.start
    t = s.text
    left = max((x.end() for x in _M_CLAUSE.finditer(t, 0, a)), default=0)
    right = next((x.start() for x in _M_CLAUSE.finditer(t, b)), len(t))
    clause = t[left:right]
    if _DOES_NOT_EXIST.search(t, b, right) or _MY_SUBJUNCTIVE.search(clause):
        return True
    low = m.word.lower()
    if m.channel == "web_form":
        if "ticket" in low and _THEIR_TICKET.search(clause):
            return True
        if _PORTAL.search(low) and not _FORM_ACTION.search(t):
            return True
    if m.channel == "in_person" and "shop" in low and low.endswith("shop"):
        if re.search(r"\blaut\s+(?:dem\s+)?$", t[max(0, a - 12):a], re.I) or _ONLINE_SHOP.search(t):
            return True
    if m.channel == "press" and _PRESS_BACKGROUND.search(t[max(0, a - 30):b]):
        return True
    if m.channel == "app" and _APP_FAULT.search(clause + t[right:right + 60]):
        return True
    return False


def _token_index(s: Sentence, pos: int) -> int:
    for i, t in enumerate(s.tokens):
        if t.start >= pos:
            return i
    return len(s.tokens)


def find_channels(doc: Doc, courier_mentions: list[tuple[int, int, int]] = ()) -> list[ChannelMention]:
    """All case channel mentions in the post, in text order.

    ``courier_mentions``: (sentence index, start, end) of parcel services the company finder saw
    (``via UPS``); each counts as ``courier`` when its sentence is a case sentence.
    """
    out: list[ChannelMention] = []
    for s in doc.sentences:
        out.extend(sentence_channels(s))
    for si, a, b in courier_mentions:
        if 0 <= si < len(doc.sentences) and is_case_sentence(doc.sentences[si]):
            out.append(ChannelMention("courier", si, a, b, doc.text[a:b]))
    out.sort(key=lambda m: (m.start, m.channel))
    return out


def channel_set(mentions: list[ChannelMention]) -> list[str]:
    """Distinct channels in vocabulary order (deterministic, easy to compare)."""
    seen = {m.channel for m in mentions}
    return [c for c in CHANNELS if c in seen]
