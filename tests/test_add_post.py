"""The README's "Add a post" steps, followed literally on a temporary copy of the repository.

Copies the tracked files (``git ls-files``), saves a post invented for this test, adds its sha256 to
``data/raw/README.md``, loads the corpus, drafts the codes with ``draft-codes``, pastes them into
``data/annotations/``, adds the codebook anchors the README asks for, and runs the corpus, annotation and codebook
tests *in the copy* with ``.venv/bin/python``. Nothing in the real repository is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# A post written for this test (not taken from any corpus).
POST = """Drei Wochen ohne Router

Am Montag rief ich bei der Hotline von Funkfeld Netz an, weil mein Router keine Verbindung mehr aufbaute.
Die Mitarbeiterin versprach einen Rückruf innerhalb von zwei Tagen. Der Rückruf kam nicht.

Danach schrieb ich dem Kundenservice per E-Mail und bekam nur eine automatische Antwort.

Nach drei Wochen schickte mir ein Techniker einen neuen Router per Post, und seitdem funktioniert alles wieder.
"""
NAME = "005_router_drei_wochen.txt"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
TESTS = ["tests/test_corpus.py", "tests/test_codes.py", "tests/test_cache.py", "tests/test_cli.py"]

#: Which quote of the case row shows a case-level category (README step: anchor from the post's own codes).
CASE_QUOTES = {"company": "company_quote", "sector": "sector_quote", "resolution_channel": "resolution_quote",
               "outcome": "outcome_quote", "duration_bound": "duration_quote", "n_contacts_bound": "n_contacts_quote",
               "intervened_by": "intervened_quote", "narrator": "narrator_quote", "public_escalation": "public_quote"}

MISSING = """
import json
import pandas as pd
from servicestories import audit
from servicestories.codes import validate_annotations
cases, events = validate_annotations()
book = audit.read_codebook()
used = audit.used_categories(cases, events).merge(book, on=["variable", "category"], how="left")
print(json.dumps(used[used["anchor"].fillna("") == ""][["variable", "category"]].to_dict("records")))
"""


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(args)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _add_anchor(codebook: str, variable: str, category: str, quote: str, number: str) -> str:
    """README step: give the category an anchor example ``"quote" (NNN)`` in its table in docs/codebook.md.

    A category listed with others in a *does not occur* row gets a row of its own; a new company a new row.
    """
    anchor = f'"{quote}" ({number})'
    lines = codebook.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf"^#+ `{re.escape(variable)}`", line))
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("| category"))
    end = header + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    n_cells = lines[header].count("|") - 1
    new_row = "| " + " | ".join([f"`{category}`", *["—"] * (n_cells - 2), anchor]) + " |"
    for i in range(header + 2, end):
        cells = lines[i].split("|")
        labels = re.findall(r"`([^`]+)`", cells[1])
        if category not in labels:
            continue
        if len(labels) == 1:
            lines[i] = lines[i].rstrip().rstrip("|").rstrip() + f" {anchor} |"
        else:
            cells[1] = " " + ", ".join(f"`{label}`" for label in labels if label != category) + " "
            lines[i] = "|".join(cells)
            lines.insert(i + 1, new_row)
        return "\n".join(lines)
    lines.insert(end, new_row)
    return "\n".join(lines)


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_readme_add_a_post_steps_keep_the_tests_green(tmp_path):
    repo = tmp_path / "repo"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, tracked.decode("utf-8").split("\0")):
        src = ROOT / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    env = {**os.environ, "SERVICESTORIES_ROOT": str(repo), "PYTHONPATH": str(repo / "src"), "PYTHONHASHSEED": "0"}
    for var in ("SERVICESTORIES_CORPUS", "SERVICESTORIES_FIGURES", "SERVICESTORIES_ON_ERROR"):
        env.pop(var, None)
    where = _run([PYTHON, "-c", "import servicestories, sys; print(servicestories.__file__)"], repo, env).stdout
    assert where.strip().startswith(str(repo))  # the copy's package, not the real one

    # 1. Save the post as UTF-8 text in data/raw/NNN_<anything>.txt
    post = repo / "data" / "raw" / NAME
    post.write_text(POST, encoding="utf-8")
    # 2. Add its sha256 and a one-line description to data/raw/README.md
    readme = repo / "data" / "raw" / "README.md"
    digest = hashlib.sha256(post.read_bytes()).hexdigest()
    readme.write_text(readme.read_text("utf-8").rstrip("\n")
                      + f"\n| `{NAME}` | `{digest}` | Invented for tests/test_add_post.py: a router replaced. |\n",
                      encoding="utf-8")
    # 3. Check how it loads: the report must say `rejected: 0`
    report = _run([PYTHON, "-m", "servicestories", "load"], repo, env).stdout
    assert "rejected: 0" in report and "loaded: 6" in report, report
    # 4. draft-codes pre-fills the rows; paste them into cases.csv and events.csv (without the header line)
    _run([PYTHON, "-m", "servicestories", "draft-codes", f"data/raw/{NAME}"], repo, env)
    drafts = repo / "data" / "processed" / "drafts"
    stem = NAME.removesuffix(".txt")
    for table in ("cases", "events"):
        rows = (drafts / f"{stem}.{table}.csv").read_text("utf-8").split("\n", 1)[1]
        target = repo / "data" / "annotations" / f"{table}.csv"
        text = target.read_text("utf-8")
        target.write_text(text + ("" if text.endswith("\n") else "\n") + rows, encoding="utf-8")
    #    ... and give every category the codebook has no anchor for yet an anchor from the new post
    missing = json.loads(_run([PYTHON, "-c", MISSING], repo, env).stdout.strip().splitlines()[-1])
    if missing:
        import pandas as pd

        case = pd.read_csv(drafts / f"{stem}.cases.csv", dtype=str, keep_default_na=False).iloc[0]
        events = pd.read_csv(drafts / f"{stem}.events.csv", dtype=str, keep_default_na=False)
        book = repo / "docs" / "codebook.md"
        text = book.read_text("utf-8")
        for item in missing:
            variable, category = item["variable"], item["category"]
            if variable in CASE_QUOTES and case[CASE_QUOTES[variable]]:
                quote = case[CASE_QUOTES[variable]]
            else:
                quote = events.loc[events[variable] == category, "quote"].iloc[0]
            text = _add_anchor(text, variable, category, quote, NAME[:3])
        book.write_text(text, encoding="utf-8")
    # make test: the corpus, annotation, codebook, cache and CLI tests, run in the copy
    proc = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *TESTS], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert re.search(r"\d+ passed", proc.stdout)
