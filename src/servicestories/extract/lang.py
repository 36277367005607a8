"""The linguistic layer: one analysis per sentence, shared by every field.

:func:`analyse` cuts a sentence into clauses (at ``, ; : ( ) –`` and before ``aber``, ``doch``, ``sondern``,
``jedoch``, ``weil``, ``obwohl``) and reads, per clause:

* **negated** – a negator (``nicht``, ``kein…``, ``nie``, ``niemand``, ``nichts``, ``ohne``) in the clause; the
  negation scope is the clause. Fixed phrases that do not negate the event (``nicht nur``, ``ohne Probleme``,
  ``kein Problem``, ``nicht lange``) are removed first.
* **irrealis** – not a reported event: a question (the sentence ends in ``?``), a condition with ``wenn/falls/
  sofern`` and Konjunktiv II in the sentence, a Konjunktiv II of the clause (``würde``, ``hätte``, ``könnte``,
  ``wäre``, ``sollte``, ``müsste``), a wish or hope (``hoffe``, ``hoffentlich``, ``wünsche``), a plan or threat
  (``will``, ``möchte``, ``werde ich``, ``überlege``, ``drohe``, ``sonst``), an imperative to readers (``man
  sollte``, ``ruft … an``).
* **quoted** – the clause lies inside quotation marks (someone else's words).
* **reported** – Konjunktiv I of a third person (``es sei behoben``, ``man habe … erstattet``): what the company
  said, not what happened.
* **promise** – future or announced (``wird … repariert``, ``soll``, ``versprach``, ``zugesagt``, ``in Aussicht``).
* **background** – a temporal subordinate clause (``nachdem``, ``bevor``, ``sobald``, ``als``): it dates a
  step and tells no outcome.
* **actor** – who acts: ``author`` (``ich``/``wir`` as a word of the clause), ``third`` (a third person of the
  author's circle or other customers: ``mein Nachbar``, ``eine Freundin``, ``andere Kunden``, ``viele``),
  ``generic`` (``man``/``jeder`` without a narrative past), else ``other`` (the company, a thing).

The sentence-level flags ``generic`` and ``question`` are kept too. Everything is computed once per sentence
(:class:`~servicestories.extract.doc.Sentence` caches it); a clause is read only when a rule asks about it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from .rules import KeyGates

_CLAUSE_CUT = re.compile(r"[,;:()\[\]]|\s[-–—]\s")
#: a clause governed by the wish/plan verb of the clause before it ("Ich überlege, ob ich …", "hoffe, dass …")
_COMPLEMENT = re.compile(r"^\W*(?:dass|daß|ob|wann|wie|damit|um|bald|noch)\b|\bzu\s+\w+en\b", re.IGNORECASE)
_NEG_EXCEPT = re.compile(r"\bnicht\s+nur\b|\bohne\s+(?:\w+\s+)?(?:probleme?|diskussion\w*|murren|umstände|"
                         r"rückfrage\w*|weiteres)\b|\bkein(?:e|en)?\s+(?:problem|thema|wunder)\b|\bnicht\s+(?:mehr\s+)?"
                         r"lange\b|\bnicht\s+schlecht\b|\bkeine\s+(?:\w+\s+)?(?:tage|stunden|woche)\b", re.IGNORECASE)
_NEG = re.compile(r"\b(?:nicht|nichts|kein|keine|keinen|keinem|keiner|keines|nie|niemals|niemand|niemanden|"
                  r"weder|nirgends|ohne)\b", re.IGNORECASE)
_KONJ2 = re.compile(r"\b(?:würde|würden|würdest|hätte|hätten|hättest|wäre|wären|wärst|könnte|könnten|müsste|"
                    r"müssten|sollte|sollten|dürfte|bräuchte)\b", re.IGNORECASE)
_COND = re.compile(r"\b(?:wenn|falls|sofern|ob)\b", re.IGNORECASE)
_WISH_PLAN = re.compile(r"\b(?:hoffe|hoffen|hoffentlich|wünsche|wünschen|will|wollen|möchte|möchten|plane|planen|"
                        r"überlege|überlegen|drohe|drohte|drohen|androhen|sonst|notfalls|werde\s+ich|werden\s+wir|"
                        r"ich\s+werde|wir\s+werden|vorhaben|vorhatte)\b", re.IGNORECASE)
_EXHORT = re.compile(r"\b(?:man|ihr|sie|du)\s+(?:sollte|sollten|solltest|müsste|kann|muss|könnt|solltet)\b|"
                     r"\b(?:tipp|rat|ratschlag)\s*:|^\s*(?:ruft|schreibt|geht|meldet|wendet)\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:es|er|sie|man|das|dies|der\s+\w+|die\s+\w+)\s+(?:sei|seien|habe|werde|könne|müsse|"
                       r"solle|wolle)\b|\b(?:sei|seien)\b(?!\s+(?:es|denn)\b)", re.IGNORECASE)
_PROMISE = re.compile(r"\b(?:wird|werden|soll|sollen|sollte|versprach\w*|versprochen|zugesagt|sagte\s+\w+\s+zu|"
                      r"angekündigt|kündigte\w*|in\s+aussicht|verspricht|bis\s+spätestens)\b", re.IGNORECASE)
_AUTHOR_SUBJ = re.compile(r"\b(?:ich|wir)\b", re.IGNORECASE)
_AUTHOR = re.compile(r"\b(?:ich|wir|mir|mich|uns)\b", re.IGNORECASE)
_THIRD = re.compile(r"\b(?:(?:mein|meine|meinem|meinen|meiner|unser|unsere)\s+(?:\w+\s+)?(?:nachbar\w*|freund\w*|"
                    r"bekannte\w*|kolleg\w*|schwester|bruder|mutter|vater|eltern|sohn|tochter|schwager|cousin\w*|"
                    r"tante|onkel|oma|opa)|(?:ein|eine|einem|einer)\s+(?:\w+\s+)?(?:freund\w*|bekannte\w*|"
                    r"kolleg\w*|nachbar\w*)|andere[n]?\s+kunden|viele\s+(?:\w+\s+)?(?:kunden|leute|nutzer|menschen)|"
                    r"andere\s+(?:nutzer|leute)|(?:er|sie)\s+(?:hat|hatte|bekam|erhielt))\b", re.IGNORECASE)
_GENERIC = re.compile(r"\b(?:man|jeder|jede|jedem|normalerweise|grundsätzlich|generell|meistens|"
                      r"in\s+der\s+regel)\b", re.IGNORECASE)
_NARRATIVE = re.compile(r"\b(?:war|waren|wurde|wurden|hatte|hatten|habe|hat|bin|rief|schrieb|bekam|erhielt|kam|"
                        r"sagte|teilte|gab|ging|meldete|versprach|mir|mich|uns)\b", re.IGNORECASE)
_BACKGROUND = re.compile(r"\W*(?:nachdem|bevor|sobald|als)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[„“”\"»«‚‘’']")
#: a quoted span: „…“, "…", “…”, »…«, «…» (an opening mark inside ends the attempt, so spans never nest)
QUOTED_SPAN = re.compile(r"„[^„“”\"]*[“”\"]|\"[^\"„“”]*\"|“[^“”\"]*”|»[^»«]*«|«[^«»]*»")


class Clause(NamedTuple):
    """One clause of a sentence and how it reads (a named tuple: every analysed sentence builds several)."""

    start: int          # offsets relative to the sentence text
    end: int
    text: str
    negated: bool
    irrealis: bool
    quoted: bool
    reported: bool
    promise: bool
    actor: str          # author | third | generic | other
    background: bool = False  # a temporal subordinate clause ("Nachdem das erledigt war, …"): a step, no outcome

    @property
    def factual(self) -> bool:
        """Reports an event of this case (not hypothetical, not someone else's words)."""
        return not (self.irrealis or self.quoted or self.reported)


class Analysis:
    """The clauses of one sentence and the sentence-level flags. A clause is read when it is first asked for
    (:meth:`clause_at`, :attr:`clauses`): most sentences are asked about the one clause that holds a cue."""

    __slots__ = ("text", "question", "generic", "conditional", "_may", "_spans", "_quoted", "_cond_scope",
                 "_read", "_wish")

    def __init__(self, text: str, may: tuple[bool, ...], question: bool, generic: bool, conditional: bool,
                 spans: list[tuple[int, int]], quoted: list[tuple[int, int]], cond_scope: set[int]):
        self.text = text
        self.question = question
        self.generic = generic
        self.conditional = conditional
        self._may = may
        self._spans = spans
        self._quoted = quoted
        self._cond_scope = cond_scope
        self._read: list[Clause | None] = [None] * len(spans)
        self._wish: list[bool | None] = [None] * len(spans)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(self._clause(i) for i in range(len(self._spans)))

    def clause_at(self, pos: int) -> Clause:
        """The clause holding the sentence-relative position ``pos`` (the last clause for a position outside)."""
        i = bisect_right(self._spans, (pos, _AFTER_ANY)) - 1
        if i < 0 or pos >= self._spans[i][1]:
            i = len(self._spans) - 1
        return self._clause(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Analysis):
            return NotImplemented
        return (self.clauses, self.question, self.generic, self.conditional) == \
            (other.clauses, other.question, other.generic, other.conditional)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"Analysis(clauses={self.clauses!r}, question={self.question!r}, generic={self.generic!r}, "
                f"conditional={self.conditional!r})")

    def _wish_of(self, i: int) -> bool:
        w = self._wish[i]
        if w is None:
            a, b = self._spans[i]
            w = self._wish[i] = bool(self._may[_WISH_GATE] and _WISH_PLAN.search(self.text[a:b]))
        return w

    def _clause(self, i: int) -> Clause:
        c = self._read[i]
        if c is None:
            c = self._read[i] = self._read_clause(i)
        return c

    def _read_clause(self, i: int) -> Clause:
        (_m_cond, m_konj2, m_generic, m_narrative, _m_wish, m_exhort, m_complement, m_author_subj, m_third, m_author,
         m_neg, m_reported, m_promise, m_background) = self._may
        a, b = self._spans[i]
        t = self.text[a:b]
        wish = self._wish_of(i)
        irrealis = self.question or (i in self._cond_scope) or wish or bool((m_konj2 and _KONJ2.search(t))
                                                                            or (m_exhort and _EXHORT.search(t)))
        # a clause governed by the wish or plan of the clause before it
        if i > 0 and self._wish_of(i - 1) and m_complement and _COMPLEMENT.search(t):
            irrealis = True
        if m_author_subj and _AUTHOR_SUBJ.search(t):
            actor = "author"
        elif m_third and _THIRD.search(t):
            actor = "third"  # "Meine Schwester rief für mich an": the sister acts
        elif m_author and _AUTHOR.search(t):
            actor = "author"
        elif m_generic and _GENERIC.search(t) and not (m_narrative and _NARRATIVE.search(t)):
            actor = "generic"
        else:
            actor = "other"
        quoted = self._quoted
        return Clause(
            a, b, t, negated=bool(m_neg and _neg(t)), irrealis=irrealis,
            quoted=any(x <= a + (len(t) - len(t.lstrip(" ,;:"))) and b <= y + 1 for x, y in quoted)
            or any(x < a + len(t) // 2 < y for x, y in quoted),
            reported=bool(m_reported and _REPORTED.search(t)), promise=bool(m_promise and _PROMISE.search(t)),
            actor=actor, background=bool(m_background and _BACKGROUND.match(t)))


#: sorts after every end offset: ``bisect_right(spans, (pos, _AFTER_ANY))`` finds the last span starting at or
#: before ``pos``
_AFTER_ANY = float("inf")


#: the patterns below are only tried in sentences holding one of their literal keys (:class:`.rules.KeyGates`)
_GATED = (_COND, _KONJ2, _GENERIC, _NARRATIVE, _WISH_PLAN, _EXHORT, _COMPLEMENT, _AUTHOR_SUBJ, _THIRD, _AUTHOR,
          _NEG, _REPORTED, _PROMISE, _BACKGROUND)
_GATES = KeyGates(list(_GATED))
_WISH_GATE = _GATED.index(_WISH_PLAN)  # its place in a sentence's gate flags


def _neg(text: str) -> bool:
    return bool(_NEG.search(_NEG_EXCEPT.sub(" ", text)))


def analyse(text: str) -> Analysis:
    """The clause-level reading of one sentence (``text``: the sentence as written); each clause is read when it
    is first asked for."""
    may = _GATES.flags(text)
    m_cond, m_konj2, m_generic, m_narrative = may[:4]
    question = text.rstrip(" \"'“”»«)…").endswith("?")
    cond = bool(m_cond and _COND.search(text) and m_konj2 and _KONJ2.search(text))  # somewhere in the sentence
    generic = bool(m_generic and _GENERIC.search(text)) and not (m_narrative and _NARRATIVE.search(text))
    quoted = [(m.start(), m.end()) for m in QUOTED_SPAN.finditer(text)]
    cuts = [0]
    for m in _CLAUSE_CUT.finditer(text):
        if m.start() > cuts[-1]:
            cuts.append(m.start())
    cuts.append(len(text))
    spans = list(zip(cuts, cuts[1:]))  # never empty: at least (0, 0)
    # a condition covers its own clause and, when it comes first, the main clause after it ("Wenn …, hätte ich
    # …"); a condition trailing a narrated main clause leaves that clause asserted ("…korrigiert, falls …")
    cond_scope: set[int] = set()
    if cond:
        for i, (a, b) in enumerate(spans):
            if _COND.search(text[a:b]):
                cond_scope.update((i, i + 1))
                break
    return Analysis(text, may, question, generic, cond, spans, quoted, cond_scope)
