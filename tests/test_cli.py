"""The command line: reports, exit codes, one-line errors without tracebacks."""

import subprocess
import sys

import pandas as pd
import pytest

from conftest import FIXTURES, ROOT


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "servicestories", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_load_real_corpus_to_csv(tmp_path):
    out = tmp_path / "posts.csv"
    r = cli("load", "--out", out)
    assert r.returncode == 0, r.stderr
    n = len(list((ROOT / "data" / "raw").glob("*.txt")))
    assert f"files seen: {n}  loaded: {n}  rejected: 0" in r.stdout
    assert "ignored (not .txt): README.md" in r.stdout
    frame = pd.read_csv(out)
    assert len(frame) == n and "body" in frame.columns


def test_load_to_parquet(tmp_path):
    out = tmp_path / "posts.parquet"
    assert cli("load", "--out", out).returncode == 0
    assert len(pd.read_parquet(out)) == len(list((ROOT / "data" / "raw").glob("*.txt")))


def test_bad_folder_reports_every_rejection_and_exits_nonzero(tmp_path):
    out = tmp_path / "posts.csv"
    r = cli("load", "--corpus", FIXTURES / "bad", "--out", out)
    assert r.returncode == 1
    assert "files seen: 8  loaded: 4  rejected: 4" in r.stdout
    for name in ("empty.txt", "binary.txt", "title_only.txt", "good_copy.txt"):
        assert f"rejected {name}:" in r.stdout
    assert "warning  cp1252.txt: not UTF-8" in r.stdout
    assert "Traceback" not in r.stderr
    assert len(pd.read_csv(out)) == 4  # the good ones are still written


@pytest.mark.parametrize("corpus, message", [
    (FIXTURES / "does-not-exist", "corpus folder does not exist"),
    (FIXTURES / "no_posts", "no posts (*.txt files) in this folder"),
])
def test_user_errors_are_one_line(corpus, message):
    r = cli("load", "--corpus", corpus)
    assert r.returncode == 3
    assert "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and message in r.stderr and corpus.name in r.stderr


def test_bad_output_suffix(tmp_path):
    r = cli("load", "--out", tmp_path / "posts.xlsx")
    assert r.returncode == 3 and "must end in .csv or .parquet" in r.stderr
