"""Sentence-level readings for the older rule modules (actors, duration), answered by :mod:`.lang`.

* **generic** – a statement about people in general (``man``/``jeder``/``normalerweise`` without a narrative
  past or a first person);
* **hypothetical** – a question, or a condition with Konjunktiv II, or every clause irrealis (wish, plan,
  threat, Konjunktiv II, advice to readers).
"""

from __future__ import annotations

from .doc import Sentence


def is_generic(s: Sentence) -> bool:
    return s.analysis.generic


def is_hypothetical(s: Sentence) -> bool:
    an = s.analysis
    return an.question or an.conditional or all(c.irrealis for c in an.clauses)


def is_case_sentence(s: Sentence) -> bool:
    """A sentence that can describe this case's events (not generic, not hypothetical)."""
    return not is_generic(s) and not is_hypothetical(s)
