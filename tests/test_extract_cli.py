"""``extract`` and ``draft-codes`` commands, and the validation helpers."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from servicestories.cli import main
from servicestories.extract import CSV_COLUMNS
from servicestories.extract.validate import channel_scores, duration_agrees

STORIES = Path(__file__).parent / "fixtures" / "extract_stories"


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture()
def corpus(tmp_path):
    d = tmp_path / "posts"
    d.mkdir()
    for f in sorted(STORIES.glob("s0[1-4]*.txt")):
        shutil.copy(f, d / f.name)
    (d / "empty.txt").write_bytes(b"")  # rejected by the loader, listed, not fatal
    (d / "notes.md").write_text("ignored")
    return d


def test_extract_any_folder(corpus, tmp_path, capsys):
    out = tmp_path / "codes.csv"
    ev = tmp_path / "evidence.csv"
    assert main(["extract", "--corpus", str(corpus), "--out", str(out), "--evidence", str(ev)]) == 1  # 1 rejected
    rows = _csv(out)
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    # every .txt file gets a row; the unreadable one has empty codes and says why
    assert [r["post_id"] for r in rows] == ["empty", "s01_bank", "s02_parcel", "s03_airline", "s04_energy"]
    assert rows[0]["outcome"] == "unclear" and rows[0]["evidence"] == "not coded: empty file (0 bytes)"
    assert rows[1]["company"] == "Sparkasse" and "social_media" in rows[1]["channels"].split(";")
    assert "not coded empty.txt" in capsys.readouterr().err
    first = out.read_bytes()
    assert main(["extract", "--corpus", str(corpus), "--out", str(out)]) == 1
    assert out.read_bytes() == first  # deterministic
    evid = pd.read_csv(ev)
    assert {"post_id", "field", "sentence", "start", "end"} <= set(evid.columns)


def test_extract_errors_are_one_line(tmp_path, capsys):
    assert main(["extract", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "x.csv")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:")


def test_draft_codes(tmp_path, capsys):
    assert main(["draft-codes", str(STORIES / "s04_energy.txt"), "--out-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    cases = _csv(tmp_path / "s04_energy.cases.csv")
    events = _csv(tmp_path / "s04_energy.events.csv")
    assert str(tmp_path / "s04_energy.cases.csv") in printed
    from servicestories.codes import CASE_COLUMNS, EVENT_COLUMNS

    assert list(cases[0]) == CASE_COLUMNS and list(events[0]) == EVENT_COLUMNS
    text = " ".join((STORIES / "s04_energy.txt").read_text(encoding="utf-8").split())
    for row in cases + events:
        for col, value in row.items():
            if col.endswith("quote") and value:
                assert " ".join(value.split()) in text, (col, value)
    assert set(cases[0]["channels"].split(";")) == {e["channel"] for e in events}
    assert [int(e["step"]) for e in events] == list(range(1, len(events) + 1))


def test_draft_codes_missing_file(tmp_path, capsys):
    assert main(["draft-codes", str(tmp_path / "missing.txt")]) == 3


def test_validation_helpers():
    assert duration_agrees(None, None) and duration_agrees(100, 140) and not duration_agrees(100, 160)
    assert not duration_agrees(None, 5)
    auto = pd.DataFrame({"post_id": ["a", "b"], "channels": ["phone;email", "blog"]})
    hand = pd.DataFrame({"post_id": ["a", "b"], "channels": [["phone"], ["blog", "forum"]]})
    sc = channel_scores(auto, hand).set_index("channel")
    assert (sc.loc["all", "tp"], sc.loc["all", "fp"], sc.loc["all", "fn"]) == (2, 1, 1)


def test_compare_on_the_project_corpus():
    from servicestories.extract.validate import run_validation

    v = run_validation()
    assert v.hand is not None and len(v.agreement) >= 10
    assert set(v.disagreements.columns) == {"post_id", "field", "hand", "auto", "hand_quote", "auto_evidence"}
