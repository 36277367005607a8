"""Named rule tables: the machinery (a row type and one compiled matcher per table).

Every rule is a :class:`Rule` row: a name, the field it codes, the value it gives, a pattern, a weight, and at
least one positive and one negative German example sentence (written for the tests, not taken from any
post). ``tests/test_rule_tables.py`` runs every row's examples against the row's own pattern.

A :class:`Table` behaves as ONE regular expression (an alternation of named groups built from the rows, kept
as ``Table.regex``). Matching a sentence tries only the rows whose literal keys occur in it (one Aho-Corasick
pass) with one pattern per row compiled at import, and combines their matches exactly as the alternation
would; nothing is compiled while coding. Rows match the sentence text case-insensitively unless the pattern
switches that off locally (``(?-i:…)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import itemgetter, or_

from .keys import can_match_empty, key_alternatives, required_keys

__all__ = ["FOLD_UNSAFE", "SENTENCE_GATES", "GateGroup", "Hit", "KeyGates", "R", "Rule", "Table", "gate_text",
           "key_alternatives", "key_automaton", "key_starts", "matches_from", "required_keys"]


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
        return re.compile(self.pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int  # offsets into the matched string
    end: int


#: the value of an Aho-Corasick hit ``(end, value)``
_second = itemgetter(1)


@lru_cache(maxsize=65_536)
def _indices(mask: int) -> tuple[int, ...]:
    """The set bits of ``mask``, ascending."""
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def key_automaton(keys: Iterable[str]):
    """An Aho-Corasick automaton over ``keys`` (value: the key's length), or ``None`` without pyahocorasick or
    without keys (then the callers scan with the plain pattern)."""
    keys = list(keys)
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - the plain scans give the same matches
        return None
    if not keys:
        return None
    a = ahocorasick.Automaton()
    for k in keys:
        a.add_word(k, len(k))
    a.make_automaton()
    return a


def key_starts(automaton, text: str) -> set[int]:
    """Where in ``text`` a key of ``automaton`` (:func:`key_automaton`) starts."""
    return {end - n + 1 for end, n in automaton.iter(text)}


def matches_from(rx: re.Pattern, text: str, starts) -> Iterator[re.Match]:
    """The same matches as ``rx.finditer(text)`` when every match starts at one of ``starts`` (e.g. where an
    Aho-Corasick automaton found a pattern's first word): ``rx`` is tried only there, in text order, each try
    after the end of the previous match."""
    pos = 0
    for q in sorted(starts):
        if q < pos:
            continue
        m = rx.match(text, q)
        if m is not None:
            yield m
            pos = m.end()


#: characters that case-insensitive matching folds onto a-z/äöüß although ``str.lower()`` does not map them there
#: (dotted and dotless I, long s); a text holding one gets no key gate (``tests/test_extract_fastpaths.py``)
FOLD_UNSAFE = re.compile("[\u0130\u0131\u017f]")


@lru_cache(maxsize=256)
def gate_text(text: str) -> str | None:
    """``text.lower()`` for the literal-key gates, or ``None`` when a gate could miss a match (then every pattern
    is tried). Cached: the duration, clause and actor gates ask for the same sentence in turn."""
    return None if FOLD_UNSAFE.search(text) else text.lower()


@lru_cache(maxsize=65_536)
def _frozen(mask: int) -> frozenset[int]:
    return frozenset(_indices(mask))


class GateGroup:
    """The literal-key gates (:func:`required_keys`) of several tables and pattern lists that are consulted on the
    same texts, e.g. on every sentence: ONE Aho-Corasick pass over a text tells every member which of its
    patterns may match there (a pattern none of whose keys occurs in the lower-cased text cannot match in it).
    Members join when they are built (:class:`Table`, :class:`KeyGates`); a member without a group has one of
    its own. The answer for a text is cached (the members ask for the same sentence in turn)."""

    def __init__(self, name: str):
        self.name = name
        self._width = 0  # members' masks are laid side by side in one integer: member bits start at its offset
        self._always = 0  # the patterns without keys, of every member
        self._keys: dict[str, int] = {}  # key -> the patterns it gates, of every member
        self._automaton = None
        self._built = True
        self.masks = lru_cache(maxsize=256)(self._masks)

    def join(self, always: int, key_masks: dict[str, int], width: int) -> int:
        """Add a member of ``width`` patterns (``always``: mask of its keyless patterns; ``key_masks``: key -> mask
        of the patterns it gates); returns the member's offset in :meth:`masks`."""
        offset = self._width
        self._width += width
        self._always |= always << offset
        for k, bits in key_masks.items():
            self._keys[k] = self._keys.get(k, 0) | bits << offset
        self._built = False
        self.masks.cache_clear()
        return offset

    def _build(self) -> None:
        try:
            import ahocorasick
        except ImportError:  # pragma: no cover - the substring loop of _masks gives the same masks
            self._automaton = None
        else:
            a = ahocorasick.Automaton()
            for k, bits in self._keys.items():
                a.add_word(k, bits)
            a.make_automaton()
            self._automaton = a if self._keys else None
        self._built = True

    def _masks(self, text: str) -> int | None:
        """The patterns of every member that may match in ``text``, as one mask (a member's bits start at its
        offset); ``None``: all may (:func:`gate_text`)."""
        low = gate_text(text)
        if low is None:
            return None
        if not self._built:
            self._build()
        if self._automaton is not None:  # OR of the masks of the keys found, folded in C (no Python loop)
            return reduce(or_, map(_second, self._automaton.iter(low)), self._always)
        mask = self._always  # without pyahocorasick (or without keys): the same mask by substring tests
        for k, bits in self._keys.items():
            if k in low:
                mask |= bits
        return mask


def _key_masks(keys: list[frozenset[str] | None]) -> tuple[int, dict[str, int], int]:
    """(mask of the patterns without keys, key -> mask of the patterns it gates, number of patterns) for
    :meth:`GateGroup.join`."""
    always = sum(1 << i for i, ks in enumerate(keys) if not ks)
    key_masks: dict[str, int] = {}
    for i, ks in enumerate(keys):
        for k in ks or ():
            key_masks[k] = key_masks.get(k, 0) | 1 << i
    return always, key_masks, len(keys)


#: the gates consulted on every sentence of a post (contact, lever, outcome and ending tables)
SENTENCE_GATES = GateGroup("sentence")


class KeyGates:
    """Which of several case-insensitive patterns can match somewhere in a text: a pattern whose required literal
    keys (:func:`required_keys`) are all absent from the lower-cased text cannot match in it, nor in any part of
    it. One Aho-Corasick pass per text (shared with the other members of ``group``); a pattern without keys is
    always possible."""

    def __init__(self, patterns: list[re.Pattern], group: GateGroup | None = None):
        self.patterns = tuple(patterns)
        self._group = group if group is not None else GateGroup("patterns")
        self._offset = self._group.join(*_key_masks([required_keys(p.pattern) for p in patterns]))
        self._all = (1 << len(patterns)) - 1

    def _mask(self, text: str) -> int | None:
        mask = self._group.masks(text)
        return None if mask is None else mask >> self._offset & self._all

    def possible(self, text: str) -> frozenset[int] | None:
        """Indices of the patterns that may match in ``text``; ``None``: all may."""
        mask = self._mask(text)
        return None if mask is None else _frozen(mask)

    def flags(self, text: str) -> tuple[bool, ...]:
        """Per pattern (in order): may it match in ``text``?"""
        mask = self._mask(text)
        return _bits(self._all if mask is None else mask, len(self.patterns))


@lru_cache(maxsize=65_536)
def _bits(mask: int, n: int) -> tuple[bool, ...]:
    return tuple(bool(mask >> i & 1) for i in range(n))


#: keys this short are left out of the second gate
_SHORT_KEY = 2


def _second_gate(patterns: list[str], keys, first_bit: int
                 ) -> tuple[list[tuple[int, ...] | None], list[frozenset[str]]]:
    """The stricter second gate (:func:`key_alternatives`): a row whose alternatives each need several key sets is
    tried only when, for one alternative, every set it needs has a key in the text. Returns, per row, the masks
    of its alternatives over the sets (set ``j`` is bit ``first_bit + j``; ``None``: no second gate), and the
    sets in bit order. Sets with a key of one or two letters are left out: they would hit in nearly every
    sentence."""
    sets: list[frozenset[str]] = []
    out: list[tuple[int, ...] | None] = []
    for pattern, first in zip(patterns, keys):
        alts = key_alternatives(pattern) if first else None
        if alts is not None:
            alts = tuple(tuple(ks for ks in alt if min(map(len, ks)) > _SHORT_KEY) for alt in alts)
        if alts is None or not all(alts) or all(len(alt) == 1 for alt in alts):
            out.append(None)
            continue
        for alt in alts:
            sets.extend(ks for ks in alt if ks not in sets)
        out.append(tuple(sum(1 << (first_bit + sets.index(ks)) for ks in alt) for alt in alts))
    return out, sets


class Table:
    """Rows compiled into one alternation; :meth:`find` returns every hit in a string, leftmost first.

    Overlaps: at a given position the first row (table order) that matches wins, and the scan continues after
    its end; put the more specific row first.

    Speed: each row's required literal keys (:func:`required_keys`) gate it (one Aho-Corasick pass per text,
    shared by the tables of one :class:`GateGroup`): only rows with a key in the lower-cased text take part, and
    :meth:`_scan_rows` gives the hits of the alternation of exactly those rows from the rows' own patterns
    (compiled once at import). Rows without keys always take part.
    """

    def __init__(self, name: str, rows: list[Rule], group: GateGroup | None = None):
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
        self.regex = re.compile("|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(rows)), re.IGNORECASE)
        self.by_name = {r.name: r for r in rows}
        self.keys = tuple(required_keys(r.pattern) for r in rows)
        always, key_masks, n = _key_masks(list(self.keys))
        self._conj, sets = _second_gate([r.pattern for r in rows], self.keys, first_bit=n)
        for j, ks in enumerate(sets):  # each key set of the second gate is one more bit, after the rows' bits
            for k in ks:
                key_masks[k] = key_masks.get(k, 0) | 1 << (n + j)
        self._gates = group if group is not None else GateGroup(name)
        self._offset = self._gates.join(always, key_masks, n + len(sets))
        self._all = (1 << (n + len(sets))) - 1
        self._row_bits = (1 << n) - 1
        self._has_conj = bool(sets)
        self._every_row = tuple(range(len(rows)))
        # one compiled pattern per row, built once: the alternation of the active rows is emulated by
        # :meth:`_scan_rows` (no pattern is compiled while coding)
        self._row_rx = tuple(re.compile(r.pattern, re.IGNORECASE) for r in rows)
        # the emulation assumes every match is non-empty; a table whose rows may match the empty string
        # falls back to compiling the alternation of the active rows (cached)
        self._empty_ok = any(can_match_empty(r.pattern) for r in rows)
        self._compiled = lru_cache(maxsize=4096)(self._compile)

    def _compile(self, idx: tuple[int, ...]) -> re.Pattern:
        return re.compile("|".join(f"(?P<r{i}>{self.rows[i].pattern})" for i in idx), re.IGNORECASE)

    def active(self, text: str) -> tuple[int, ...]:
        """Indices of the rows that may match in ``text`` (table order): rows with a key in its lower-cased form
        and rows without keys; every row when :func:`gate_text` cannot gate the text."""
        mask = self._gates.masks(text)
        if mask is None:
            return self._every_row
        m = mask >> self._offset & self._all
        rows = _indices(m & self._row_bits)
        if not self._has_conj or not rows:
            return rows
        conj = self._conj
        return tuple(i for i in rows if (c := conj[i]) is None or any(m & a == a for a in c))

    def find(self, text: str) -> list[Hit]:
        """Every hit in ``text``."""
        idx = self.active(text)
        if not idx:
            return []
        if self._empty_ok:
            return self._scan(self._compiled(idx), text)
        return self._scan_rows(idx, text)

    def occurs(self, text: str) -> bool:
        """``bool(self.find(text))``, stopping at the first row that matches anywhere (the alternation has a hit
        exactly when one of its rows matches somewhere)."""
        idx = self.active(text)
        return any(self._row_rx[i].search(text) for i in idx)

    def _scan_rows(self, idx: tuple[int, ...], text: str) -> list[Hit]:
        """The hits of the alternation of rows ``idx`` (table order), without compiling it: at each position
        the alternation takes the first row that matches there, and goes on after that match. So: the next
        hit is the leftmost next match of any row, ties to the lower row; a row's next match stays valid
        while it starts at or after the current position (all matches are non-empty)."""
        rows, rxs = self.rows, self._row_rx
        if len(idx) == 1:
            row = rows[idx[0]]
            return [Hit(row, m.start(), m.end()) for m in rxs[idx[0]].finditer(text)]
        nxt: dict[int, re.Match[str]] = {}  # each row's next match (rows in table order)
        for i in idx:
            m = rxs[i].search(text)
            if m is not None:
                nxt[i] = m
        out: list[Hit] = []
        pos = 0
        while nxt:
            best_i, best_m = -1, None
            for i in list(nxt):
                m = nxt[i]
                if m.start() < pos:
                    again = rxs[i].search(text, pos)
                    if again is None:
                        del nxt[i]
                        continue
                    nxt[i] = m = again
                if best_m is None or m.start() < best_m.start():
                    best_i, best_m = i, m
            if best_m is None:
                break
            out.append(Hit(rows[best_i], best_m.start(), best_m.end()))
            pos = best_m.end()
        return out

    def find_all_rows(self, text: str) -> list[Hit]:
        """The same as :meth:`find` without the key gate (for tests: the gate must not change any hit)."""
        return self._scan(self.regex, text)

    def _scan(self, rx: re.Pattern, text: str) -> list[Hit]:
        out = []
        for m in rx.finditer(text):
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
