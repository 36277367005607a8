"""Who turned the case (``intervened_by``, actor vocabulary) and who tells the story (narrator).

Actor words (lower-cased tokens, compounds included): ``Pressesprecher``/``Pressestelle``/
``Unternehmenskommunikation`` → ``pr_press``; ``Vorstand``/``Geschäftsführer``/``Geschäftsleitung``/``CEO``/
``Inhaber`` → ``executive``; ``Chef(in)``/``Teamleiter``/``Abteilungsleiter``/``Filialleiter``/
``Schichtleiter``/``Vorgesetzte`` → ``supervisor``; ``Fachabteilung``/``Spezialist``/``Second-Level-Support``/
``Beschwerdemanagement``/``Kulanzabteilung``/``Social-Media-Team``/``die zuständige Stelle`` → ``specialist``
(a social-media care team is a special service unit, not PR); ``Techniker``/``Monteur`` → ``technician``;
``Mitarbeiter``/``Hotline``/``Kundenservice``/``Callcenter``/``die Frau am Telefon``/``der Herr im Chat``
→ ``frontline_agent``; forum users, readers → ``community``; lawyers, consumer advice centres, arbitration,
regulators → ``other``.

Rule (docs/extraction.md): the narrator credits the actor whose step turned the case. Only resolved and
partially resolved cases have one: an unresolved or unclear case has nobody who turned it (a mere
forwarding, "an die Fachabteilung weitergeleitet", is not a turn).

1. **Credited actors**: actors in the clause of a thanks (``Dank``, ``dankbar``, ``bedanke``; not sarcasm
   such as "Danke auch") or of an intervention verb (``kümmerte sich``, ``meldete sich``, ``half``,
   ``vermittelte``, ``hat das geregelt``, ``hat Dampf gemacht``, ``hat … ausgelöst``, ``rief (er) selbst an``,
   ``hat nicht lange gefackelt``, ``dazugeholt`` …). When that clause has no actor word but a pronoun
   subject (``Die hat das dann geregelt.``, ``Am Freitag rief er persönlich an.``, a sentence opening with
   ``Sie``/``Er``), the pronoun stands for the last actor of the nearest of the three preceding case sentences
   that names one.
2. **Actors of the resolving step**, only when step 1 finds nobody: the actors named in the resolving sentence
   (the last fix) and the two case sentences before it ("Ein Journalist fragte bei der Pressestelle nach.
   Kurz darauf kam ein Monteur zu uns …"); the frontline only when it is named in the resolving
   sentence itself (a hotline call two sentences before a fix the customer made himself turned nothing).

Intervention verbs include joining (``kam die Filialleiterin dazu``) and taking over (``nahm den Fall in die
Hand``). Words in quotation marks are someone else's: a quoted stock reply ("Wir haben Ihren Fall an die
Fachabteilung übergeben") credits nobody.

The most senior candidate wins (executive > pr_press > supervisor > specialist > technician >
frontline_agent > other > community; in step 2, ``other`` – arbitration, a lawyer, a regulator – ranks above
the technician and the frontline: the escalation right before the fix turned the case).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .context import is_case_sentence
from .doc import Doc, Sentence
from .outcome import (  # quoted words are someone else's: a quoted stock reply credits nobody
    SARCASM,
    TIPS_REQUEST,
    quoted_spans,
)
from .rules import KeyGates

_ACTOR_RX: list[tuple[str, re.Pattern]] = [
    ("pr_press", re.compile(r"pressesprecher\w*|pressestelle|presseabteilung|pr-abteilung|pr-team|"
                            r"unternehmenskommunikation|kommunikationsabteilung|reputationsmanagement|"
                            r"unternehmenssprecher\w*|konzernsprecher\w*|^sprecher(?:in)?$")),
    ("executive", re.compile(r"^vorstand\w*|vorstandsbüro|geschäftsführ\w*|^ceo$|konzernchef\w*|firmenchef\w*|"
                             r"vorstandsvorsitzende\w*|^inhaber\w*|geschäftsleitung|unternehmensleitung|"
                             r"^direktor\w*|^chefetage$|^gründer\w*|^firmengründer\w*|vorstandschef\w*|^eigentümer\w*")),
    ("supervisor", re.compile(r"teamleiter\w*|vorgesetzte\w*|^supervisor|abteilungsleiter\w*|schichtleiter\w*|"
                              r"filialleiter\w*|gruppenleiter\w*|marktleiter\w*|niederlassungsleiter\w*|"
                              r"^chef$|^chefin$|^chefs$|^leiter$|^leiterin$|filialchef\w*|ladenleiter\w*|"
                              r"storemanager\w*|^teamchef\w*|bereichsleiter\w*")),
    ("specialist", re.compile(r"spezialist\w*|fachabteilung\w*|^experte\w*|second-level|2nd-level|"
                              r"technikabteilung|fachbereich|beschwerdemanagement|beschwerdeabteilung|"
                              r"beschwerdestelle|eskalations\w*|kundenbetreuer\w*|backoffice|back-office|"
                              r"sachbearbeiter\w*|rechtsabteilung|qualitätsmanagement|kündigungsabteilung|"
                              r"kundenrückgewinnung|sonderteam|taskforce|spezialteam|social-media-team|socialmedia-team|"
                              r"social-media-abteilung|social-media-manager\w*|community-manager\w*|"
                              r"kulanzabteilung|kulanzteam|second-level-support|2nd-level-support|"
                              r"kundenbeziehungsmanagement")),
    ("technician", re.compile(r"techniker\w*|^monteur\w*|servicetechniker\w*|^handwerker\w*")),
    ("frontline_agent", re.compile(r"mitarbeiter\w*|callcenter\w*|call-center\w*|^hotline\w*|-hotline$|"
                                   r"kundenberater\w*|^berater\w*|kundendienst\w*|kundenservice|kundensupport|"
                                   r"^support$|-support$|supportmitarbeiter\w*|supportteam\w*|servicemitarbeiter\w*|"
                                   r"^verkäufer\w*|^agent\w*|servicekraft|^kollegin$|^kollege$|kundenbetreuung")),
    ("community", re.compile(r"^community$|^user$|^usern$|^nutzer$|^nutzern$|^leser\w*|forenmitglied\w*|"
                             r"^follower\w*|^kommentator\w*|^blogger\w*|^mitstreiter\w*|^fans?$")),
    ("other", re.compile(r"^anwalt|^anwält|^rechtsanwalt|verbraucherzentrale|schlichtungsstelle|"
                         r"bundesnetzagentur|ombuds\w*|^gericht")),
]
_TECH_EXCLUDE = re.compile(r"krankenkasse")
_MULTI = [
    ("specialist", re.compile(r"\b(?:die|an\s+die|der)\s+(?:entsprechende[n]?|zuständige[n]?)\s+"
                              r"(?:stelle|abteilung|team)\b|\bsecond\s+level\b|\b2nd\s+level\b", re.IGNORECASE)),
    ("specialist", re.compile(r"\bsocial\s+media\s+team\b", re.IGNORECASE)),
    ("frontline_agent", re.compile(r"\b(?:der|die|ein|eine|dem|den|einem|einer)\s+(?:\w+\s+)?"
                                   r"(?:mann|frau|dame|herr|herrn|"
                                   r"junge|kollege|kollegin)\s+(?:am|an\s+der|an\s+dem|im|in\s+der|vom|von\s+der|"
                                   r"hinter\s+dem|hinter\s+der)\s+(?:\w+-)?(?:hotline|telefon|chat|schalter|tresen|"
                                   r"theke|kasse|servicepoint|info\w*|apparat|leitung|service\w*)\b", re.IGNORECASE)),
    ("community", re.compile(r"\b(?:andere[n]?|viele|einige)\s+(?:user|nutzer|kunden|leser)\b", re.IGNORECASE)),
]
RANK = ("executive", "pr_press", "supervisor", "specialist", "technician", "frontline_agent", "other", "community")
_THANKS = re.compile(r"\b(?:dank\w*|bedank\w*|dankeschön)\b", re.IGNORECASE)
_INTERVENE = re.compile(
    r"\b(?:kümmerte|kümmerten|gekümmert|eingeschaltet|schaltete|eingegriffen|griff|half|halfen|geholfen|"
    r"vermittelt\w*|vermittelte\w*|setzte\s+sich|eingesetzt|meldete|meldeten|gemeldet|zurückgerufen|"
    r"nahm\s+sich|angenommen|weitergeleitet|weitervermittelt\w*|eskaliert\w*|veranlasst\w*|sorgte|gesorgt|"
    r"in\s+die\s+hand\s+genommen|nahm\s+\w+\s+in\s+die\s+hand|"
    r"dazugekommen|kam(?:en)?\s+(?:\w+\s+){0,3}?dazu\b|"
    r"löste|gelöst|rettete|gerettet|nahm\s+sich|übernahm|übernommen|ausgelöst|dampf\s+gemacht|machte\s+dampf|"
    r"gefackelt|in\s+die\s+wege\s+geleitet|auf\s+den\s+weg\s+gebracht|durchgesetzt|dazugeholt|hinzugezogen|"
    r"hinzugeholt|dazugerufen|aufheben\s+lassen|aufgehoben|hob\s+\w+\s+auf|angewiesen|wies\s+\w+\s+an|"
    r"erstattete|erstatte|korrigierte|entsperrte|gehandelt|handelte|reagierte\s+sofort)\b"
    # a call from the company's side: "rief er (selbst) an", "rief mich … an", "hat mich … angerufen"
    r"|\brief(?:en)?\s+(?:er|sie|mich|uns)\s+(?:\w+\s+){0,3}?an\b|\b(?:hat|hatte)\s+mich\s+(?:\w+\s+){0,3}?angerufen\b",
    re.IGNORECASE,
)
#: a pronoun subject in the clause of the intervention ("Die hat das dann geregelt.", "rief er persönlich an")
_PRONOUN_SUBJECT = re.compile(
    r"^\W*(?:(?:und|aber|dann|doch|also)\s+)?(?:die|der|diese|dieser)\s+(?:\w+\s+)?(?:hat|hatte|ist|war|\w+te)\b"
    r"|\b(?:er|sie)\b", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def _word_actor(low: str) -> str:
    """The actor of one lower-cased token (first matching row of :data:`_ACTOR_RX`), ``""`` for none."""
    for actor, rx in _ACTOR_RX:
        if rx.search(low):
            if actor == "technician" and _TECH_EXCLUDE.search(low):
                continue
            return actor
    return ""

_CREDIT_GATES = KeyGates([_THANKS, _INTERVENE])


def sentence_actors(s: Sentence) -> list[tuple[str, int, int]]:
    """(actor, start, end) for every actor word in a sentence."""
    out = []
    lows = s.lows
    if any(map(_word_actor, lows)):  # tokens (with offsets) only for a sentence that names an actor
        for (a, b), low in zip(s.spans, lows):
            actor = _word_actor(low)
            if actor:
                out.append((actor, s.start + a, s.start + b))
    for actor, rx in _MULTI:
        for m in rx.finditer(s.text):
            out.append((actor, s.start + m.start(), s.start + m.end()))
    return sorted(out, key=lambda x: x[1])


def intervened_by(doc: Doc, outcome: str, resolution_sentence: Sentence | None = None
                  ) -> tuple[str, Sentence | None]:
    if outcome not in ("resolved", "partially_resolved"):
        return "", None  # nobody turned a case that did not turn
    # only case sentences count (is_case_sentence); it is asked lazily, for the sentences that need it
    best, best_s = "", None
    for s in doc.sentences:
        # sarcastic or requesting thanks credit nobody: "Danke auch.", "für jeden Tipp dankbar"
        ok = _CREDIT_GATES.possible(s.text)  # skip a pattern none of whose literal keys occurs
        thanks = (ok is None or 0 in ok) and _THANKS.search(s.text) and not (
            SARCASM.search(s.text) or TIPS_REQUEST.search(s.text))
        if not (thanks or ((ok is None or 1 in ok) and _INTERVENE.search(s.text))):
            continue
        if not is_case_sentence(s):
            continue
        acts = _clause_actors(s, _case_before(doc, s.index, 3))
        if not acts:
            continue
        a = _senior(acts)
        if not best or RANK.index(a) < RANK.index(best):
            best, best_s = a, s
    if best or resolution_sentence is None:
        return best, best_s
    # nobody credited: the actors of the resolving step (the resolving sentence and the two before it)
    r = resolution_sentence.index
    if 0 <= r < len(doc.sentences) and is_case_sentence(doc.sentences[r]):
        window = _case_before(doc, r, 2) + [doc.sentences[r]]
    else:
        window = [resolution_sentence]
    for s in window:
        # routine frontline contacts count only when they are named in the resolving sentence itself
        quoted = quoted_spans(s.text)
        acts = [x for x in sentence_actors(s) if (x[0] != "frontline_agent" or s is window[-1])
                and not any(a <= x[1] - s.start < b for a, b in quoted)]
        if acts:
            a = min((x for x, _, _ in acts), key=_STEP_RANK.index)
            if not best or _STEP_RANK.index(a) < _STEP_RANK.index(best):
                best, best_s = a, s
    return best, best_s


def _case_before(doc: Doc, i: int, n: int) -> list[Sentence]:
    """The last ``n`` case sentences (:func:`.context.is_case_sentence`) before sentence ``i``, in text order."""
    out: list[Sentence] = []
    for j in range(i - 1, -1, -1):
        if len(out) == n:
            break
        if is_case_sentence(doc.sentences[j]):
            out.append(doc.sentences[j])
    out.reverse()
    return out


#: without explicit credit, an escalation to a third party (arbitration, lawyer, regulator) right before the
#: fix outranks the routine frontline contacts around it
_STEP_RANK = ("executive", "pr_press", "supervisor", "specialist", "other", "technician", "frontline_agent",
              "community")


_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s")


def _clause_actors(s: Sentence, before: Sequence[Sentence] = ()) -> list[tuple[str, int, int]]:
    """Actors in the clauses that hold the thanks or intervention verb (the addressee of a letter in another
    clause is not the one who acted). When those clauses name none but have a pronoun subject, the last actor
    of the nearest preceding sentence (``before``) that names one; else all actors of the sentence."""
    quoted = quoted_spans(s.text)
    acts = [x for x in sentence_actors(s) if not any(a <= x[1] - s.start < b for a, b in quoted)]
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(s.text)] + [len(s.text) + 1]
    spans = list(zip(bounds, bounds[1:]))
    hits = [m.start() for rx in (_THANKS, _INTERVENE) for m in rx.finditer(s.text)
            if not any(a <= m.start() < b for a, b in quoted)]  # a quoted stock reply credits nobody
    if not hits:
        return []
    keep = []
    hit_spans = [(a, b) for a, b in spans if any(a <= h < b for h in hits)]
    for a, b in hit_spans:
        keep += [x for x in acts if a <= x[1] - s.start < b]
    if keep:
        return keep
    first_clause = s.text[:bounds[1]] if len(bounds) > 1 else s.text
    if any(_PRONOUN_SUBJECT.search(s.text[a:b]) for a, b in hit_spans) or _PRONOUN_SUBJECT.match(first_clause) \
            or re.match(r"^\W*(?:er|sie)\b", s.text, re.IGNORECASE):
        earlier = [x for x in acts if x[1] - s.start < min(a for a, _ in hit_spans)]
        if earlier:
            return [earlier[-1]]
        for prev in reversed(list(before)):
            prev_acts = sentence_actors(prev)
            if prev_acts:
                return [prev_acts[-1]]
    return acts


def _senior(acts: list[tuple[str, int, int]]) -> str:
    return min((a for a, _, _ in acts), key=RANK.index)


_FIRST_SING = frozenset({"ich", "mir", "mich", "mein", "meine", "meinen", "meinem", "meiner", "meines",
                         "wir", "uns", "unser", "unsere", "unseren", "unserem"})


def narrator(doc: Doc, channel_sentences: set[int]) -> str:
    """``customer`` when the story is told in the first person: at least half of the sentences that name a
    channel, or a quarter of all sentences, have ``ich``/``wir``/``mein``…; else ``third_party``."""
    sents = doc.sentences
    overall = sum(1 for s in sents if s.lowset & _FIRST_SING) / max(1, len(sents))
    if channel_sentences:
        first = sum(1 for i in channel_sentences if sents[i].lowset & _FIRST_SING)
        if first * 2 >= len(channel_sentences):
            return "customer"
    return "customer" if overall >= 0.25 else "third_party"
