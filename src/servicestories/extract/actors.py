"""Who turned the case (``intervened_by``, actor vocabulary) and who tells the story (narrator).

Actor words (lower-cased tokens, compounds included): ``Pressesprecher``/``Pressestelle``/``Social-Media-Team``
→ ``pr_press``; ``Vorstand``/``Geschäftsführer``/``CEO`` → ``executive``; ``Teamleiter``/``Vorgesetzter`` →
``supervisor``; ``Fachabteilung``/``Spezialist``/``Second Level``/``Beschwerdemanagement``/``die zuständige
Stelle`` → ``specialist``; ``Techniker``/``Monteur`` → ``technician``; ``Mitarbeiter``/``Hotline``/
``Kundenservice``/``Callcenter`` → ``frontline_agent``; forum users, readers → ``community``; lawyers,
consumer advice centres, regulators → ``other``.

Rule (docs/extraction.md): the narrator credits the actor who turned the case. Candidates are the actors
named in case sentences that thank someone (``Dank``, ``dankbar``, ``bedanke``) or carry an intervention
verb (``kümmerte sich``, ``meldete sich``, ``schaltete sich ein``, ``half``, ``vermittelte``, ``in die
Bresche``, ``weitergeleitet``); the most senior wins (executive > pr_press > supervisor > specialist >
technician > frontline_agent > other > community). Empty when there is none, and when the case did not turn
(not resolved) and the only candidate is the frontline or the community.
"""

from __future__ import annotations

import re

from .context import is_case_sentence
from .doc import Doc, Sentence

_ACTOR_RX: list[tuple[str, re.Pattern]] = [
    ("pr_press", re.compile(r"pressesprecher\w*|pressestelle|presseabteilung|pr-abteilung|pr-team|"
                            r"social-media-team|socialmedia-team|social-media-abteilung|unternehmenskommunikation|"
                            r"kommunikationsabteilung|community-manager\w*|social-media-manager\w*|"
                            r"reputationsmanagement|unternehmenssprecher\w*|konzernsprecher\w*|^sprecher(?:in)?$")),
    ("executive", re.compile(r"^vorstand\w*|vorstandsbüro|geschäftsführ\w*|^ceo$|konzernchef\w*|firmenchef\w*|"
                             r"vorstandsvorsitzende\w*|^inhaber\w*|geschäftsleitung|unternehmensleitung|"
                             r"^direktor\w*|^chefetage$")),
    ("supervisor", re.compile(r"teamleiter\w*|vorgesetzte\w*|^supervisor|abteilungsleiter\w*|schichtleiter\w*|"
                              r"filialleiter\w*|gruppenleiter\w*|marktleiter\w*|niederlassungsleiter\w*")),
    ("specialist", re.compile(r"spezialist\w*|fachabteilung\w*|^experte\w*|second-level|2nd-level|"
                              r"technikabteilung|fachbereich|beschwerdemanagement|beschwerdeabteilung|"
                              r"beschwerdestelle|eskalations\w*|kundenbetreuer\w*|backoffice|back-office|"
                              r"sachbearbeiter\w*|rechtsabteilung|qualitätsmanagement|kündigungsabteilung|"
                              r"kundenrückgewinnung|sonderteam|taskforce|spezialteam")),
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
                              r"(?:stelle|abteilung|team)\b|\bsecond\s+level\b|\b2nd\s+level\b", re.I)),
    ("pr_press", re.compile(r"\bsocial\s+media\s+team\b", re.I)),
    ("community", re.compile(r"\b(?:andere[n]?|viele|einige)\s+(?:user|nutzer|kunden|leser)\b", re.I)),
]
RANK = ("executive", "pr_press", "supervisor", "specialist", "technician", "frontline_agent", "other", "community")
_THANKS = re.compile(r"\b(?:dank\w*|bedank\w*|dankeschön)\b", re.I)
_INTERVENE = re.compile(
    r"\b(?:kümmerte|kümmerten|gekümmert|eingeschaltet|schaltete|eingegriffen|griff|half|halfen|geholfen|"
    r"vermittelt\w*|vermittelte\w*|setzte\s+sich|eingesetzt|bresche|meldete|meldeten|gemeldet|zurückgerufen|"
    r"nahm\s+sich|angenommen|weitergeleitet|weitervermittelt\w*|eskaliert\w*|veranlasst\w*|sorgte|gesorgt|"
    r"löste|gelöst|rettete|gerettet|nahm\s+sich|übernahm|übernommen)\b",
    re.I,
)


def sentence_actors(s: Sentence) -> list[tuple[str, int, int]]:
    """(actor, start, end) for every actor word in a sentence."""
    out = []
    for t, low in zip(s.tokens, s.lows):
        for actor, rx in _ACTOR_RX:
            if rx.search(low):
                if actor == "technician" and _TECH_EXCLUDE.search(low):
                    continue
                out.append((actor, t.start, t.end))
                break
    for actor, rx in _MULTI:
        for m in rx.finditer(s.text):
            out.append((actor, s.start + m.start(), s.start + m.end()))
    return sorted(out, key=lambda x: x[1])


def intervened_by(doc: Doc, outcome: str, resolution_sentence: Sentence | None = None
                  ) -> tuple[str, Sentence | None]:
    sents = [s for s in doc.sentences if is_case_sentence(s)]
    pool: list[Sentence] = [s for s in sents if _THANKS.search(s.text) or _INTERVENE.search(s.text)]
    best, best_s = "", None
    for s in sorted({s.index: s for s in pool}.values(), key=lambda s: s.index):
        acts = _clause_actors(s)
        if not acts:
            continue
        a = _senior(acts)
        if not best or RANK.index(a) < RANK.index(best):
            best, best_s = a, s
    if best and outcome not in ("resolved", "partially_resolved") and best in ("frontline_agent", "community"):
        return "", None  # routine contact in a case that did not turn
    return best, best_s


_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s")


def _clause_actors(s: Sentence) -> list[tuple[str, int, int]]:
    """Actors in the clauses that hold the thanks or intervention verb (the addressee of a letter in another
    clause is not the one who acted); all actors of the sentence when those clauses name none."""
    acts = sentence_actors(s)
    if not acts:
        return acts
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(s.text)] + [len(s.text) + 1]
    spans = list(zip(bounds, bounds[1:]))
    hits = [m.start() for rx in (_THANKS, _INTERVENE) for m in rx.finditer(s.text)]
    keep = []
    for a, b in spans:
        if any(a <= h < b for h in hits):
            keep += [x for x in acts if a <= x[1] - s.start < b]
    return keep or acts


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
