"""Sentence-level readings shared by the rules: generic, hypothetical, negated mentions.

These are deliberately simple, documented heuristics (see docs/extraction.md):

* **generic**: a statement about people or companies in general ("Man kennt es von Facebook …",
  "Viele Kunden rufen immer …") rather than about this case. A sentence is generic when it has a generic
  subject marker and neither a first-person word nor a past-tense narrative marker.
* **hypothetical**: a condition with Konjunktiv II ("Wenn ich twittern würde …"), a question, or an
  exhortation ("Man sollte …"). Negated counterfactuals ("Wäre nicht X eingesprungen, hätten wir …") assert
  that X happened and are *not* hypothetical.
* **negated mention**: a negator (``kein``, ``nicht``, ``nie``, ``ohne`` …) within three tokens before a
  word, in the same clause ("keine E-Mail", "nicht per Telefon").
"""

from __future__ import annotations

import re

from .doc import NEGATORS, Sentence

#: Markers of a statement about everyone ("man", "viele", "normalerweise") ...
STRONG_GENERIC = frozenset({
    "man", "jeder", "jede", "jedem", "jeden", "grundsätzlich", "generell", "normalerweise", "meistens",
    "häufig", "oft", "allgemein",
})
#: Quantifiers ("viele", "manche") make a sentence generic only when they quantify people or companies
#: ("viele Kunden", "manche Unternehmen"), not things ("viele Unklarheiten").
_PEOPLE_QUANT = re.compile(
    r"\b(?:viele|vielen|manche|manchen|mancher|die meisten|alle)\s+(?:\w+\s+)?(?:kunden|leute|menschen|nutzer|user|"
    r"verbraucher|unternehmen|firmen|anbieter|händler|deutsche[n]?|kollegen|anderen)\b")
#: ... and words that make a sentence generic only when nobody in it is "ich"/"wir".
WEAK_GENERIC = frozenset({"leute", "kunden", "unternehmen", "firmen", "händler", "anbieter", "niemand"})
_MAN_NARRATIVE = re.compile(r"\bman\s+(?:\w+\s+)?(?:mir|mich|uns|ihm|ihr|ihn)\b")
#: reported speech: "man arbeite daran", "man sei dran", "man habe …" (Konjunktiv I) is what the company said
_MAN_REPORTED = re.compile(r"\bman\s+(?:arbeite|sei|habe|werde|könne|müsse|prüfe|kümmere|melde|kläre|wisse)\b")
#: "immer" as a habit ("ich predige immer", "reicht nicht immer"), not "immer wieder/noch/mehr".
_HABITUAL_IMMER = re.compile(r"(?<!noch )(?<!wie )\bimmer\b(?!\s+(?:wieder|noch|mehr|weiter|öfter|schlimmer|länger))")
#: Words that mark a sentence as telling what happened (past or perfect tense auxiliaries and frequent
#: narrative verbs). Enough to keep "Ich rief an, aber man sagte mir …" out of the generic bucket.
PAST_MARKERS = frozenset({
    "war", "waren", "wurde", "wurden", "hatte", "hatten", "habe", "hat", "haben", "bin", "worden", "gewesen",
    "rief", "riefen", "schrieb", "schrieben", "bekam", "bekamen", "erhielt", "erhielten", "kam", "kamen",
    "meldete", "meldeten", "sagte", "sagten", "ging", "gingen", "schickte", "schickten", "gab", "teilte",
    "erreichte", "erreicht", "bot", "versprach",
})
_CONDITIONAL = frozenset({"wenn", "falls", "sofern"})
_KONJ2 = frozenset({
    "würde", "würden", "würdest", "hätte", "hätten", "hättest", "wäre", "wären", "könnte", "könnten",
    "müsste", "müssten", "sollte", "sollten", "dürfte",
})
_EXHORT = re.compile(r"\b(?:man|sie|du)\s+(?:sollte|sollten|solltest|müsste|könnte|kann|muss)\b", re.I)
_NEG_COUNTERFACTUAL = re.compile(
    r"\b(?:wäre|wären|hätte|hätten)\s+(?:\w+\s+){0,2}?nicht\b|\bohne\s+(?:\w+\s+){0,3}?(?:hätte|wäre|hätten|wären)\b",
    re.I,
)
_CLAUSE_BREAK = frozenset({",", ";", ":", "(", ")", "–", "—", "-", ".", "!", "?", "„", "“", "\""})


def is_generic(s: Sentence) -> bool:
    """A statement about people or companies in general, or a habit, rather than an event of this case."""
    low = s.lowset
    if low & PAST_MARKERS:
        return False
    strong = low & STRONG_GENERIC
    if _PEOPLE_QUANT.search(s.lowtext):
        strong = strong | {"viele"}
    if "man" in strong and (_MAN_NARRATIVE.search(s.lowtext) or _MAN_REPORTED.search(s.lowtext)):
        strong = strong - {"man"}
    if strong or _habitual(s):
        return True
    return bool(low & WEAK_GENERIC) and not s.first_person


def _habitual(s: Sentence) -> bool:
    if "immer" not in s.lowset:
        return False
    return bool(_HABITUAL_IMMER.search(s.lowtext))


def is_hypothetical(s: Sentence) -> bool:
    low = s.lowset
    if s.is_question:
        return True
    if _NEG_COUNTERFACTUAL.search(s.text):
        return False
    if low & _KONJ2 and low & _CONDITIONAL:
        return True
    if _EXHORT.search(s.text):
        return True
    return False


def is_negated(s: Sentence, i: int, window: int = 3) -> bool:
    """Is token ``i`` of ``s`` preceded by a negator within ``window`` tokens of the same clause?"""
    for j in range(i - 1, max(-1, i - 1 - window), -1):
        t = s.lows[j]
        if t in _CLAUSE_BREAK:
            return False
        if t in NEGATORS:
            if t == "nicht" and {"wäre", "wären", "hätte", "hätten"} & set(s.lows[max(0, j - 2):j]):
                return False  # "Wäre nicht X eingesprungen, …": X did act
            return True
    return False


def is_case_sentence(s: Sentence) -> bool:
    """A sentence that can describe this case's events (not generic, not hypothetical)."""
    return not is_generic(s) and not is_hypothetical(s)
