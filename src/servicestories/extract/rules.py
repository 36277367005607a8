"""Named rule tables: the machinery (a row type and one compiled matcher per table).

Every rule is a :class:`Rule` row: a name, the field it codes, the value it gives, a pattern, a weight, and at
least one positive and one negative German example sentence (written for the tests, not taken from any
post). ``tests/test_rule_tables.py`` runs every row's examples against the row's own pattern.

A :class:`Table` compiles all its rows into ONE regular expression (an alternation of named groups built from
the rows), once at import. Matching a sentence is then one ``finditer`` per table, not one search per rule.
Rows match the sentence text case-insensitively unless the pattern switches that off locally
(``(?-i:…)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    field: str
    value: str
    pattern: str
    weight: float
    pos: tuple[str, ...]
    neg: tuple[str, ...]

    def regex(self) -> re.Pattern:
        return re.compile(self.pattern, re.I)


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int  # offsets into the matched string
    end: int


class Table:
    """Rows compiled into one alternation; :meth:`find` returns every hit in a string, leftmost first.

    Overlaps: at a given position the first row (table order) that matches wins, and the scan continues after
    its end; put the more specific row first.
    """

    def __init__(self, name: str, rows: list[Rule]):
        self.name = name
        self.rows = tuple(rows)
        seen = set()
        for r in rows:
            if r.name in seen:
                raise ValueError(f"table {name}: duplicate rule name {r.name}")
            seen.add(r.name)
            if not r.pos or not r.neg:
                raise ValueError(f"table {name}: rule {r.name} needs a positive and a negative example")
            re.compile(r.pattern)  # fail at import on a broken row
        self._groups = {f"r{i}": r for i, r in enumerate(rows)}
        self.regex = re.compile("|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(rows)), re.I)
        self.by_name = {r.name: r for r in rows}

    def find(self, text: str) -> list[Hit]:
        out = []
        for m in self.regex.finditer(text):
            g = m.lastgroup
            if g is None:  # a row group nested inside another row's group cannot happen (rows are wrapped)
                continue
            out.append(Hit(self._groups[g], m.start(), m.end()))
        return out

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def R(name: str, field: str, value: str, pattern: str, weight: float, pos, neg) -> Rule:
    """Short row constructor: ``pos``/``neg`` may be one sentence or a tuple of sentences."""
    pos = (pos,) if isinstance(pos, str) else tuple(pos)
    neg = (neg,) if isinstance(neg, str) else tuple(neg)
    return Rule(name, field, value, pattern, float(weight), pos, neg)
