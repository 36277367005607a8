"""Literal keys of a regular expression: strings of which every match must contain one (the key gates of
:mod:`.rules`).

:func:`required_keys` gives one such set per pattern, the most selective one; :func:`key_alternatives` gives, per
top-level alternative of the pattern, every set the alternative requires (all of them must occur), for a second,
stricter gate. Both are derived from the parsed pattern and never exclude a text the pattern can match
(``tests/test_rule_tables.py`` and ``tests/test_extract_fastpaths.py`` check the gates against the patterns).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

try:  # the regular-expression parser of the standard library (``sre_parse`` before Python 3.11)
    from re import _constants as _sre_c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _sre_c
    import sre_parse as _sre_parse


def required_keys(pattern: str) -> frozenset[str] | None:
    """Lower-case literal strings of which every match of ``pattern`` contains at least one (``None`` when the
    pattern has no such set). Derived from the parsed pattern: a literal run is a key; a sequence takes its
    most selective required element (:func:`_key_cost`); an alternation needs a key set in every branch."""
    try:
        tree = _sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    return _keys_seq(list(tree))


#: keys that occur in most German sentences, also inside longer words ("ein" in "kein", "meinen", "Verein"):
#: a gate on one of them lets a row through nearly everywhere
_COMMON_KEY_LEN = 3


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """German stop words (function words: articles, auxiliaries, negation, particles)."""
    try:
        from stop_words import get_stop_words
    except ImportError:  # pragma: no cover - locked dependency; the length rule alone still works
        return frozenset()
    return frozenset(w.lower() for w in get_stop_words("german"))


def _key_cost(keys: frozenset[str]) -> tuple[int, int, int]:
    """How often a key set lets its row through, to compare the required elements of one sequence (lower is
    more selective): first the number of common keys (a German function word, or three letters or fewer),
    then the shortest key (longer is rarer), then the number of keys."""
    common = sum(1 for k in keys if len(k) <= _COMMON_KEY_LEN or k.strip() in _common_words())
    return common, -min(map(len, keys)), len(keys)


#: at most this many strings for one literal run that continues through alternations (``r(?:ief|uft)`` gives
#: ``rief``, ``ruft``)
_MAX_RUN = 64


def _literal_alternatives(branches) -> list[str] | None:
    """The lower-cased strings of an alternation whose every branch is plain literal text, else ``None``."""
    out = []
    for branch in branches:
        if any(op is not _sre_c.LITERAL for op, _ in branch):
            return None
        out.append("".join(chr(av).lower() for _, av in branch))
    return out


def _keys_seq(items) -> frozenset[str] | None:
    """The most selective key set a sequence requires (:func:`_key_cost`; the first of equals), or ``None``."""
    return min(_element_sets(items), key=_key_cost, default=None)


def _element_sets(items) -> Iterator[frozenset[str]]:
    """Every key set a sequence requires, in order: its literal runs (continued through alternations of plain
    words), and the best set of each required group, alternation (a set in every branch) and repeat."""
    run = {""}  # the strings the current literal run can be (several after a literal alternation)
    for op, av in items:
        if op is _sre_c.LITERAL:
            run = {r + chr(av).lower() for r in run}
            continue
        if op is _sre_c.BRANCH:
            alts = _literal_alternatives(av[1])
            if alts is not None and len(run) * len(alts) <= _MAX_RUN:
                run = {r + a for r in run for a in alts}
                continue
        yield from _usable(run)
        run = {""}
        if op is _sre_c.SUBPATTERN:
            yield from _usable(_keys_seq(list(av[-1])))
        elif op is _sre_c.BRANCH:
            parts = [_keys_seq(list(b)) for b in av[1]]
            if all(parts):
                yield from _usable(frozenset().union(*(p for p in parts if p is not None)))
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                yield from _usable(_keys_seq(list(sub)))
    yield from _usable(run)


def _usable(keys) -> Iterator[frozenset[str]]:
    """``keys`` as a set, if it is one a gate can use (not empty, no empty key)."""
    if keys and all(keys):
        yield frozenset(keys)


def key_alternatives(pattern: str) -> tuple[tuple[frozenset[str], ...], ...] | None:
    """For each top-level alternative of ``pattern`` (the branches of its one alternation of non-literal
    branches, with what comes before and after it), every key set the alternative requires: a text can hold a
    match only if, for some alternative, each of its sets has a key in the lower-cased text. ``None`` when some
    alternative requires no key."""
    try:
        tree = list(_sre_parse.parse(pattern, re.IGNORECASE))
    except re.error:
        return None
    branches = [i for i, (op, av) in enumerate(tree)
                if op is _sre_c.BRANCH and _literal_alternatives(av[1]) is None]
    if len(branches) == 1:
        i = branches[0]
        alternatives = [tree[:i] + list(b) + tree[i + 1:] for b in tree[i][1][1]]
    else:
        alternatives = [tree]
    out = []
    for items in alternatives:
        sets = list(dict.fromkeys(_element_sets(items)))  # each set once, in order
        if not sets:
            return None
        out.append(tuple(sets))
    return tuple(out)


def can_match_empty(pattern: str) -> bool:
    """Can ``pattern`` match the empty string (its shortest match has length 0)?"""
    return _sre_parse.parse(pattern, re.IGNORECASE).getwidth()[0] == 0


#: a character class of more characters than this is not worth a first-character filter
_MAX_FIRST = 64
_ZERO_WIDTH = (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT)
_REPEATS = tuple(op for op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None))
                 if op is not None)


def first_chars(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """The characters a match of ``pattern`` (compiled with ``flags``) can start with, to skip the positions
    where none of them stands (with ``re.IGNORECASE`` the set is to be compiled with the same flag, which adds
    the other cases). ``None`` when that cannot be said: the pattern can match the empty string, a match can
    start with a category (``\\w``), a negated or large class, a back reference, or case folding is switched
    on inside a pattern compiled without it."""
    try:
        tree = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    found = _first_of_seq(list(tree), bool(tree.state.flags & re.IGNORECASE))
    if found is None or found[1] or not found[0] or len(found[0]) > _MAX_FIRST:
        return None
    return frozenset(found[0])


def _first_of_seq(items, folding: bool) -> tuple[set[str], bool] | None:
    """(first characters, can be empty) of a sequence of parsed elements, or ``None`` when unknown."""
    chars: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        found = _first_of(op, av, folding)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def _first_of(op, av, folding: bool) -> tuple[set[str], bool] | None:
    if op is _sre_c.LITERAL:
        return {chr(av)}, False
    if op is _sre_c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _sre_c.LITERAL:
                chars.add(chr(value))
            elif kind is _sre_c.RANGE and value[1] - value[0] < _MAX_FIRST:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:  # NEGATE, CATEGORY, a large range
                return None
        return chars, False
    if op is _sre_c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE and not folding:  # (?i:...) in a case-sensitive pattern: the set would miss cases
            return None
        return _first_of_seq(list(sub), folding)
    if op is _sre_c.BRANCH:
        parts = [_first_of_seq(list(b), folding) for b in av[1]]
        if any(p is None for p in parts):
            return None
        return set().union(*(p[0] for p in parts if p)), any(p[1] for p in parts if p)
    if op in _REPEATS:
        lo, _hi, sub = av
        found = _first_of_seq(list(sub), folding)
        return None if found is None else (found[0], found[1] or lo == 0)
    return None  # ANY, NOT_LITERAL, GROUPREF, ...


#: a match longer than this is not bounded for :func:`match_bounds`
_MAX_WIDTH = 4096


def match_bounds(pattern: str, flags: int = re.IGNORECASE) -> tuple[int, int] | None:
    """(longest match, how many characters past the end of a match the pattern may still read: look-aheads, word
    boundaries, ``$``) of ``pattern``; ``None`` when either has no bound derived here (an unbounded repeat, a back
    reference) or the pattern can match the empty string. A search of a text cut off that far after a match's
    longest end finds the same match as one of the whole text."""
    try:
        tree = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    low, high = tree.getwidth()
    reach = _reach_after(list(tree))
    if reach is None or low < 1 or high >= _MAX_WIDTH:
        return None
    return high, reach + 1


def _reach_after(items) -> int | None:
    """How far past the end of a match the parsed elements ``items`` may read, at most; ``None``: unbounded."""
    reach = 0
    for op, av in items:
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            direction, sub = av
            width, inner = sub.getwidth()[1], _reach_after(list(sub))
            if inner is None or width >= _sre_c.MAXREPEAT:
                return None
            reach = max(reach, inner + (width if direction > 0 else 0))  # a look-ahead reads on from where it is
        elif op is _sre_c.AT:
            reach = max(reach, 1)
        elif op in (_sre_c.GROUPREF, _sre_c.GROUPREF_EXISTS, getattr(_sre_c, "GROUPREF_IGNORE", None)):
            return None
        else:
            subs = (av[1] if op is _sre_c.BRANCH else [av] if op is getattr(_sre_c, "ATOMIC_GROUP", None)
                    else [av[-1]] if op is _sre_c.SUBPATTERN or op in _REPEATS else [])
            for sub in subs:
                inner = _reach_after(list(sub))
                if inner is None:
                    return None
                reach = max(reach, inner)
    return reach
