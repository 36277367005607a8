"""Notebook execution (papermill, kernel python3) and the runner's guarantees."""

import hashlib
import json
import re

import pytest

from conftest import ROOT, write_notebook
from servicestories import paths, run
from servicestories.export import read_index

NOTEBOOKS = run.notebooks(ROOT / "notebooks")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(notebook, tmp_path, monkeypatch):
    figures = tmp_path / "figures"
    figures.mkdir()
    seconds = run.execute(notebook, tmp_path / notebook.name, None, {"SERVICESTORIES_FIGURES": str(figures)})
    assert seconds > 0
    made = {p.stem for p in figures.glob("*.png")}
    committed = {p.stem for p in (ROOT / "figures").glob(f"{notebook.name[:2]}-*.png")}
    assert made == committed  # the notebook makes exactly the figures that are committed for it


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_is_executed_and_clean(notebook):
    nb = json.loads(notebook.read_text("utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert any(c["outputs"] for c in code)
    text = notebook.read_text("utf-8")
    for volatile in ('"start_time"', '"end_time"', '"duration"', '"iopub.execute_input"', "/root/", "/home/"):
        assert volatile not in text
    assert not re.search(r" at 0x[0-9a-f]{6,}", text)  # an object repr with a memory address changes every run
    first = code[0]
    assert "parameters" in first["metadata"].get("tags", []) and "CORPUS" in "".join(first["source"])
    for cell in code:
        for out in cell["outputs"]:
            assert out.get("output_type") != "error"
            assert "Traceback" not in "".join(out.get("text", ""))


@pytest.mark.parametrize("prefix", ["04", "05"])
def test_chart_notebook_on_posts_without_a_service_story_says_there_is_nothing_to_draw(prefix, tmp_path):
    # invented diary posts: no company, no channel, no contact step (tests/fixtures/no_story/README.md)
    corpus = ROOT / "tests" / "fixtures" / "no_story"
    notebook = next(nb for nb in NOTEBOOKS if nb.name.startswith(prefix))
    figures = tmp_path / "figures"
    figures.mkdir()
    env = {"SERVICESTORIES_FIGURES": str(figures), "SERVICESTORIES_CODED": str(tmp_path / "coded")}
    run.execute(notebook, tmp_path / notebook.name, {"CORPUS": str(corpus)}, env)
    index = read_index(figures).set_index("figure")["caption"]
    assert {p.stem for p in figures.glob("*.png")} == set(index.index)
    assert {p.stem for p in (ROOT / "figures").glob(f"{prefix}-*.png")} == set(index.index)  # every figure made
    if prefix == "05":
        assert all("nothing to draw. None of the 5 cases has a coded contact step." in c for c in index)
    else:
        assert "(n = 5 cases" in index["04-resolution-channels"]


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    nbdir, figdir, wudir = tmp_path / "notebooks", tmp_path / "figures", tmp_path / "writeup"
    nbdir.mkdir()
    monkeypatch.setattr(paths, "NOTEBOOKS", nbdir)
    monkeypatch.setattr(paths, "WRITEUP", wudir)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")  # the run manifest
    monkeypatch.setenv("SERVICESTORIES_FIGURES", str(figdir))
    return nbdir, figdir, wudir


SAVE = ("import pandas as pd, matplotlib.pyplot as plt\n"
        "from servicestories.export import save_figure\n"
        "fig, ax = plt.subplots(); ax.plot([1, 2], [{v}, 3])\n"
        "save_figure(fig, '01-line', pd.DataFrame({{'y': [{v}, 3]}}), caption='A line (n = 2).')")


def test_failed_run_names_notebook_and_cell_and_keeps_previous_figures(sandbox, capsys):
    nbdir, figdir, wudir = sandbox
    write_notebook(nbdir / "01-ok.ipynb", SAVE.format(v=1))
    assert run.run_all() == 0
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in figdir.iterdir()}
    assert "01-line.png" in before and (wudir / "report.html").exists()

    write_notebook(nbdir / "01-ok.ipynb", SAVE.format(v=2))  # would change the figure ...
    # ... but this one fails
    write_notebook(nbdir / "02-broken.ipynb", "x = 1", "raise ValueError('bad input in cell two')")
    capsys.readouterr()
    assert run.run_all() == 1
    out = capsys.readouterr()
    assert "[1/2] notebooks/01-ok.ipynb ... ok" in out.out.replace(str(nbdir.parent) + "/", "")
    assert "02-broken.ipynb failed at cell 1" in out.err and "ValueError: bad input in cell two" in out.err
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in figdir.iterdir()}
    assert after == before


def test_rerun_is_byte_identical(sandbox):
    nbdir, figdir, _ = sandbox
    write_notebook(nbdir / "01-ok.ipynb", SAVE.format(v=1), "print('hello')")
    assert run.run_all() == 0
    first = {p: p.read_bytes() for d in (nbdir, figdir) for p in d.iterdir()}
    assert run.run_all(force=True) == 0  # executed again (not skipped as unchanged): still the same bytes
    assert {p: p.read_bytes() for d in (nbdir, figdir) for p in d.iterdir()} == first
    nb = json.loads((nbdir / "01-ok.ipynb").read_text("utf-8"))
    assert "papermill" not in nb["metadata"] and [c["execution_count"] for c in nb["cells"]] == [1, 2]
