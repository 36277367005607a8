"""Invented German stories (tests/fixtures/extract_stories) coded end to end: agreement with a reader's codes.

Unit-test material, not an evaluation: invented stories overstate agreement (the coder is measured on real
posts). ``public_escalation`` is not compared: the expected codes there follow the older codebook (a post
written while the case is open counted as public), which the real-post rules replaced (only a lever toward the
company counts).
"""

import csv
from pathlib import Path

import pytest

from servicestories.extract import extract_post
from servicestories.extract.validate import duration_agrees

HERE = Path(__file__).parent / "fixtures" / "extract_stories"
ROWS = list(csv.DictReader(open(HERE / "expected.csv", encoding="utf-8")))


@pytest.fixture(scope="module")
def coded():
    out = {}
    for row in ROWS:
        title, _, body = (HERE / row["file"]).read_text(encoding="utf-8").partition("\n\n")
        out[row["file"]] = extract_post(body, title=title, strict=True)
    return out


@pytest.mark.parametrize("fld, target", [
    ("company", 0.9), ("outcome", 0.8), ("resolution_channel", 0.8),
])
def test_label_agreement(coded, fld, target):
    scored = [(r[fld], getattr(coded[r["file"]], fld)) for r in ROWS if r[fld] != "*"]
    share = sum(a == b for a, b in scored) / len(scored)
    assert share >= target, [(r["file"], r[fld], getattr(coded[r["file"]], fld)) for r in ROWS]


def test_channel_f1(coded):
    tp = fp = fn = 0
    for r in ROWS:
        exp, got = set(filter(None, r["channels"].split(";"))), set(coded[r["file"]].channels)
        tp, fp, fn = tp + len(exp & got), fp + len(got - exp), fn + len(exp - got)
    p, rec = tp / (tp + fp), tp / (tp + fn)
    assert 2 * p * rec / (p + rec) >= 0.85


def test_duration_agreement(coded):
    ok = [duration_agrees(float(r["duration_hours"]) if r["duration_hours"] else None,
                          coded[r["file"]].duration_hours) for r in ROWS]
    assert sum(ok) / len(ok) >= 0.8


def test_companies_exactly(coded):
    assert {r["file"]: coded[r["file"]].company for r in ROWS} == {r["file"]: r["company"] for r in ROWS}
