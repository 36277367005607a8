"""Sentence-level readings shared by the rules: generic, hypothetical, negated mentions.

These are deliberately simple, documented heuristics (see docs/extraction.md):

* **generic**: a statement about people or companies in general ("Man kennt es von Facebook …",
  "Viele Kunden rufen immer …") rather than about this case. A sentence is generic when it has a generic
  subject marker and neither a first-person word nor a past-tense narrative marker.
* **hypothetical**: a condition with Konjunktiv II ("Wenn ich twittern würde …"), a question, or an
  exhortation ("Man sollte …"). Negated counterfactuals ("Wäre nicht X eingesprungen, hätten wir …") assert
  that X happened and are *not* hypothetical.
  A trailing condition after a narrated main clause ("Die Rechnung wurde korrigiert, …, falls noch einmal
  etwas sein sollte") does not make the whole sentence hypothetical.
* **counterfactual span** (:func:`counterfactual_spans`): the parts of a sentence that tell what the narrator
  only considered or did not do: a message never sent ("einen Tweet formuliert, ihn dann aber doch nicht
  abgeschickt"), a deliberation ("überlegte, einen Brief zu schreiben", "war kurz davor, …"), a
  counterfactual modal ("hätte auch twittern können"). Channels in these spans are not steps.
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
    if low & _KONJ2 and low & _CONDITIONAL and not _trailing_condition(s):
        return True
    if _EXHORT.search(s.text):
        return True
    return False


_TRAILING_COND = re.compile(r",\s*(?:wenn|falls|sofern)\b", re.I)


def _trailing_condition(s: Sentence) -> bool:
    """"X wurde korrigiert, …, falls noch einmal etwas sein sollte": the condition trails a narrated main
    clause that has no Konjunktiv II itself, so the main clause is asserted."""
    m = _TRAILING_COND.search(s.text)
    if not m:
        return False
    head = s.text[:m.start()].lower()
    words = set(re.findall(r"\w+", head))
    return bool(words & PAST_MARKERS_EXT) and not (words & _KONJ2) and not (words & _CONDITIONAL)


#: narrative past forms that make a main clause an assertion (besides PAST_MARKERS): participles of fixes
PAST_MARKERS_EXT = PAST_MARKERS | frozenset({"ist", "sind", "wurde", "wurden", "korrigiert", "erstattet",
                                             "storniert", "gelöst", "behoben", "erledigt"})

#: messages never sent: "(ihn) dann aber doch nicht abgeschickt", "nie gepostet", "wieder gelöscht"
_NOT_SENT = re.compile(
    r"\b(?:nicht|nie|niemals)\s+(?:\w+\s+){0,2}?(?:abgeschickt|abgesendet|abgesandt|gesendet|verschickt|"
    r"losgeschickt|veröffentlicht|gepostet|getwittert|gebloggt|eingeworfen|eingereicht|rausgeschickt|"
    r"hochgeladen|online\s+gestellt)\b"
    r"|\b(?:doch|dann)\s+(?:\w+\s+){0,2}?(?:gelöscht|verworfen|sein\s+lassen)\b"
    r"|\b(?:wieder\s+gelöscht|im\s+entwurf|in\s+den\s+entwürfen|entwurf\s+geblieben)\b",
    re.I)
#: deliberation: the following clause names what was only considered
_DELIBERATE = re.compile(
    r"\b(?:überlegte|überlegten|überlegt|überlege|erwog|erwogen|erwäge|spielte\s+mit\s+dem\s+gedanken|"
    r"(?:war|waren|bin)\s+(?:schon\s+)?(?:kurz\s+)?davor|hatte\s+(?:schon\s+)?vor)\b",
    re.I)
#: a counterfactual modal: "hätte … twittern können", "hätte … schreiben sollen"
_COUNTER_MODAL = re.compile(
    r"\b(?:hätte|hätten|hättest)\b[^,;:.!?]*?\b(?:können|sollen|müssen|dürfen)\b", re.I)
_PUNCT = re.compile(r"[,;:]|\s[-–—]\s")
_CF_STOP = re.compile(r"\b(?:aber|sondern|stattdessen|dann)\b", re.I)
_BACK_PRONOUN = re.compile(r"\b(?:ihn|sie|es|den|die|das|diesen|diese|dieses)\b", re.I)


def counterfactual_spans(s: Sentence) -> list[tuple[int, int]]:
    """Sentence-relative spans that tell what was not done: a message never sent (its clause, and the clause
    before when the message is referred to by a pronoun: "einen Tweet formuliert, ihn dann aber nicht
    abgeschickt"), a deliberation (from its clause to the end of the next clause, or to ``aber/dann/
    stattdessen``), a counterfactual modal ``hätte … können`` (its clause)."""
    t = s.text
    cuts = [0] + [m.end() for m in _PUNCT.finditer(t)] + [len(t) + 1]
    clauses = list(zip(cuts, cuts[1:]))

    def clause_index(pos: int) -> int:
        return next((i for i, (a, b) in enumerate(clauses) if a <= pos < b), len(clauses) - 1)

    spans: list[tuple[int, int]] = []
    for m in _NOT_SENT.finditer(t):
        i = clause_index(m.start())
        a, b = clauses[i]
        if i > 0 and _BACK_PRONOUN.search(t, a, m.start()):
            a = clauses[i - 1][0]
        spans.append((a, max(b, m.end())))
    for m in _DELIBERATE.finditer(t):
        i = clause_index(m.start())
        a = clauses[i][0]
        end = clauses[min(i + 1, len(clauses) - 1)][1]
        stop = _CF_STOP.search(t, m.end())
        if stop:
            end = min(end, stop.start())
        spans.append((a, end))
    for m in _COUNTER_MODAL.finditer(t):
        spans.append((clauses[clause_index(m.start())][0], m.end()))
    return spans


def in_counterfactual(s: Sentence, start: int, end: int) -> bool:
    """Is the absolute span start..end inside a counterfactual part of ``s``?"""
    a, b = start - s.start, end - s.start
    return any(x <= a and b <= y for x, y in counterfactual_spans(s))


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
