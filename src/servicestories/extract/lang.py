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
(:class:`~servicestories.extract.doc.Sentence` caches it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Analysis:
    clauses: tuple[Clause, ...]
    question: bool
    generic: bool
    conditional: bool

    def clause_at(self, pos: int) -> Clause:
        """The clause holding the sentence-relative position ``pos``."""
        for c in self.clauses:
            if c.start <= pos < c.end:
                return c
        return self.clauses[-1]


#: the patterns below are only tried in sentences holding one of their literal keys (:class:`.rules.KeyGates`)
_GATED = (_COND, _KONJ2, _GENERIC, _NARRATIVE, _WISH_PLAN, _EXHORT, _COMPLEMENT, _AUTHOR_SUBJ, _THIRD, _AUTHOR,
          _NEG, _REPORTED, _PROMISE, _BACKGROUND)
_GATES = KeyGates(list(_GATED))


def _neg(text: str) -> bool:
    return bool(_NEG.search(_NEG_EXCEPT.sub(" ", text)))


def analyse(text: str) -> Analysis:
    """The clause-level reading of one sentence (``text``: the sentence as written)."""
    may = _GATES.flags(text)
    (m_cond, m_konj2, m_generic, m_narrative, m_wish, m_exhort, m_complement, m_author_subj, m_third, m_author,
     m_neg, m_reported, m_promise, m_background) = may
    question = text.rstrip(" \"'“”»«)…").endswith("?")
    cond = bool(m_cond and _COND.search(text) and m_konj2 and _KONJ2.search(text))  # somewhere in the sentence
    generic = bool(m_generic and _GENERIC.search(text)) and not (m_narrative and _NARRATIVE.search(text))
    quoted = [(m.start(), m.end()) for m in QUOTED_SPAN.finditer(text)]
    cuts = [0]
    for m in _CLAUSE_CUT.finditer(text):
        if m.start() > cuts[-1]:
            cuts.append(m.start())
    cuts.append(len(text))
    spans = list(zip(cuts, cuts[1:]))
    # a condition covers its own clause and, when it comes first, the main clause after it ("Wenn …, hätte ich
    # …"); a condition trailing a narrated main clause leaves that clause asserted ("…korrigiert, falls …")
    cond_scope: set[int] = set()
    if cond:
        for i, (a, b) in enumerate(spans):
            if _COND.search(text[a:b]):
                cond_scope.update((i, i + 1))
                break
    clauses = []
    governed = False
    for i, (a, b) in enumerate(spans):
        t = text[a:b]
        wish = bool(m_wish and _WISH_PLAN.search(t))
        irrealis = question or (i in cond_scope) or wish or bool((m_konj2 and _KONJ2.search(t))
                                                                 or (m_exhort and _EXHORT.search(t)))
        if governed and m_complement and _COMPLEMENT.search(t):
            irrealis = True
        governed = wish
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
        clauses.append(Clause(
            a, b, t, negated=bool(m_neg and _neg(t)), irrealis=irrealis,
            quoted=any(x <= a + (len(t) - len(t.lstrip(" ,;:"))) and b <= y + 1 for x, y in quoted)
            or any(x < a + len(t) // 2 < y for x, y in quoted),
            reported=bool(m_reported and _REPORTED.search(t)), promise=bool(m_promise and _PROMISE.search(t)),
            actor=actor, background=bool(m_background and _BACKGROUND.match(t))))
    if not clauses:
        clauses.append(Clause(0, len(text), text, False, question, False, False, False, "other"))
    return Analysis(tuple(clauses), question, generic, cond)
