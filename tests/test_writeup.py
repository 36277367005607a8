"""The write-up: every figure shown, self-contained HTML, deterministic."""

import re

from conftest import ROOT
from servicestories.export import read_index
from servicestories.writeup import build_writeup


def test_writeup_shows_every_figure_and_the_cases(tmp_path):
    md_path, html_path = build_writeup(ROOT / "figures", tmp_path)
    md, page = md_path.read_text("utf-8"), html_path.read_text("utf-8")
    index = read_index(ROOT / "figures")
    assert len(index) >= 6
    for name in index.figure:
        assert f"](../figures/{name}.png)" in md
    # self-contained: one embedded PNG per figure, no image fetched from elsewhere
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) == len(index)
    assert not re.search(r'<img [^>]*src="(?!data:)', page)
    for caption in index.caption:
        assert caption[:60].replace("'", "&#x27;").replace('"', "&quot;") in page
    table = md.split("## The coded cases", 1)[1].split("## Figure", 1)[0]
    assert len([line for line in table.splitlines() if re.match(r"\| 00\d \|", line)]) == 5
    for heading in ("## Research question", "## Data and method", "**Caveats.**"):
        assert heading in md


def test_writeup_is_byte_identical_on_rebuild(tmp_path):
    a = [p.read_bytes() for p in build_writeup(ROOT / "figures", tmp_path / "a")]
    b = [p.read_bytes() for p in build_writeup(ROOT / "figures", tmp_path / "b")]
    assert a == b


def test_committed_writeup_is_current(tmp_path):
    md_path, html_path = build_writeup(ROOT / "figures", tmp_path)
    assert md_path.read_bytes() == (ROOT / "writeup" / "report.md").read_bytes()
    assert html_path.read_bytes() == (ROOT / "writeup" / "report.html").read_bytes()


def test_writeup_on_another_corpus_says_the_codes_are_automatic(tmp_path):
    stories = ROOT / "tests" / "fixtures" / "extract_stories"
    md = build_writeup(ROOT / "figures", tmp_path, corpus=stories)[0].read_text("utf-8")
    assert "## The cases, coded automatically (unchecked)" in md
    assert "Each story was hand-coded" not in md and "n = 12 self-selected" in md
    table = md.split("coded automatically (unchecked)", 1)[1].split("## Figure", 1)[0]
    assert len([line for line in table.splitlines() if line.startswith("| s")]) == 12
