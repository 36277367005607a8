"""Every row of every rule table carries its own German examples (written for these tables): the positive ones
must match the row, the negative ones must not; and the table's single combined matcher must find the row's
value in each positive example."""

import re

import pytest

from servicestories.extract import tables
from servicestories.extract.rules import Rule, Table

TABLES = [t for t in vars(tables).values() if isinstance(t, Table)]
ROWS = [(t, r) for t in TABLES for r in t]


def test_tables_are_found():
    names = {t.name for t in TABLES}
    assert {"channel", "venue", "lever", "outcome", "unknown_end", "not_duration", "not_company"} <= names
    assert len(ROWS) >= 50


@pytest.mark.parametrize("table, row", ROWS, ids=[f"{t.name}:{r.name}" for t, r in ROWS])
def test_row_examples(table: Table, row: Rule):
    assert row.pos and row.neg, "every row needs a positive and a negative example"
    rx = row.regex()
    for s in row.pos:
        assert rx.search(s), f"{row.name} misses its positive example {s!r}"
        assert any(h.rule.value == row.value for h in table.find(s)), f"table {table.name} loses {row.name} on {s!r}"
    for s in row.neg:
        assert not rx.search(s), f"{row.name} fires on its negative example {s!r}"


def test_row_names_are_unique_and_weights_positive():
    for t in TABLES:
        assert len({r.name for r in t}) == len(t)
        assert all(r.weight > 0 for r in t)


def test_table_without_examples_is_refused():
    with pytest.raises(ValueError):
        Table("broken", [Rule("x", "f", "v", r"x", 1.0, ("x",), ())])


def test_one_compiled_matcher_per_table():
    for t in TABLES:
        assert isinstance(t.regex, re.Pattern)
        assert t.regex.pattern.count("(?P<r") == len(t)


def _corpus_sentences():
    from pathlib import Path

    from servicestories.text import sentences

    here = Path(__file__).parent / "fixtures"
    out = [s for t, r in ROWS for s in r.pos + r.neg]
    for f in sorted(here.glob("invented*/*.txt")) + sorted(here.glob("extract_stories/*.txt")):
        out.extend(sentences(f.read_text(encoding="utf-8")))
    return out


def test_key_gate_never_changes_a_hit():
    # each row is only tried when one of its required literal keys occurs; that must be a pure speed-up
    sents = _corpus_sentences()
    assert len(sents) > 300
    for t in TABLES:
        for s in sents:
            assert t.find(s) == t.find_all_rows(s), (t.name, s)
            assert t.occurs(s) == bool(t.find_all_rows(s)), (t.name, s)


@pytest.mark.parametrize("swap", [("s", "ſ"), ("i", "ı"), ("I", "İ"), ("k", "\u212a")])
def test_key_gate_holds_for_letters_that_fold_differently(swap):
    # case-insensitive matching folds long s, dotless i and dotted I onto s/i, str.lower() does not: such a text
    # gets no gate, every row is tried
    for t in TABLES:
        for r in t.rows:
            for s in r.pos:
                s = s.replace(*swap)
                assert t.find(s) == t.find_all_rows(s), (t.name, r.name, s)
