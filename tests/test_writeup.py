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
    case_ids = load_codes().cases.case_id
    rows = [line for line in table.splitlines() if line.startswith("| ") and line.split(" | ")[0][2:] in set(case_ids)]
    assert len(rows) == min(len(case_ids), MAX_CASES)
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


# --- hostile text, self-containment, size, layout, metadata ------------------------------------------------------

import html as _html  # noqa: E402
import shutil  # noqa: E402

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from servicestories.casebook import load_codes  # noqa: E402
from servicestories.writeup import MAX_CASES, png_size, render_html, render_markdown  # noqa: E402

HOSTILE = ["<img src=x onerror=alert(3)>", "<script>alert(1)</script>", "[klick](javascript:alert(2))",
           "**fett** | `code` & <b>"]


def _page(cases, posts, figures=ROOT / "figures", rejected=()):
    md = render_markdown(read_index(figures), cases, posts, "../figures", "", "hand", rejected)
    return md, render_html(md, figures)


def _hostile_codes():
    codes = load_codes()
    cases = codes.cases.copy()
    for i, col in enumerate(["company", "duration_quote", "resolution_quote", "outcome_quote"]):
        cases[col] = [f"{HOSTILE[(i + j) % len(HOSTILE)]} Text {j}" for j in range(len(cases))]
    return cases, codes.posts


def test_post_text_cannot_inject_html():
    cases, posts = _hostile_codes()
    md, page = _page(cases, posts, rejected=[("<script>evil</script>.txt", "not UTF-8 <b>")])
    assert "<script" not in page and "onerror" not in page.replace("onerror=alert(3)&gt;", "")
    assert not re.search(r"<img(?![^>]*src=\"data:image/png;base64,)", page)  # only the embedded figures
    assert "javascript:" not in re.sub(r">[^<]*<", "><", page)  # never inside a tag
    assert "&lt;img src=x onerror=alert(3)&gt;" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;evil&lt;/script&gt;.txt" in page  # the rejected file is named, escaped
    text = _html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "[klick](javascript:alert(2))" in text and "**fett** | `code` & <b>" in text  # shown as written


def test_html_has_no_dead_link_and_embeds_downloads(tmp_path):
    page = build_writeup(ROOT / "figures", tmp_path)[1].read_text("utf-8")
    for attr in re.findall(r'(?:href|src)="([^"]*)"', page):
        assert attr.startswith(("#", "data:")), attr[:80]
    for anchor in re.findall(r'href="(#[^"]+)"', page):
        assert f'id="{anchor[1:]}"' in page  # every table-of-contents entry has its heading
    index = read_index(ROOT / "figures")
    for name in index.figure:
        assert f'download="{name}.csv"' in page
    assert 'download="cases.csv"' in page


def test_html_stays_under_the_budget_at_any_size(tmp_path):
    codes = load_codes()
    n = 3000
    cases = pd.concat([codes.cases] * (n // len(codes.cases) + 1), ignore_index=True).iloc[:n].copy()
    cases["case_id"] = [f"c{i:05d}" for i in range(n)]
    posts = pd.concat([codes.posts] * (n // len(codes.posts) + 1), ignore_index=True).iloc[:n]
    figures = tmp_path / "figures"
    shutil.copytree(ROOT / "figures", figures)
    big = read_index(figures).figure.iloc[0]
    (figures / f"{big}.csv").write_text("a,b\n" + ("x" * 60 + ",1\n") * 200_000, encoding="utf-8")  # ~12 MB
    md, page = _page(cases, posts, figures)
    assert len(page.encode("utf-8")) < 10_000_000
    assert f"A sample of {MAX_CASES} of the {n} cases is shown" in md
    table = md.split("## The coded cases", 1)[1].split("## Figure", 1)[0]
    assert len([line for line in table.splitlines() if line.startswith("| c0")]) == MAX_CASES
    assert f"<code>{big}.csv</code>" in page and f'download="{big}.csv"' not in page  # named, not a dead link


def test_figures_are_shown_at_their_natural_size():
    _md, page = _page(*(lambda c: (c.cases, c.posts))(load_codes()))
    widths = [int(w) for w in re.findall(r'<img [^>]*width="(\d+)"', page)]
    index = read_index(ROOT / "figures")
    expected = []
    for name in index.figure:
        w, _h, dpi = png_size((ROOT / "figures" / f"{name}.png").read_bytes())
        expected.append(round(w / dpi * 96))
    assert widths == expected and len(set(widths)) >= 1
    assert "max-width:100%" in page


def test_version_date_contents_and_citation():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    md, page = _page(*(lambda c: (c.cases, c.posts))(load_codes()))
    assert f"version {cff['version']} ({cff['date-released']})" in md
    assert '<div class="toc">' in page and "## How to cite" in md
    assert cff["title"] in md.split("## How to cite", 1)[1]


def test_pictures_beyond_the_budget_are_named_not_broken(monkeypatch):
    from servicestories import writeup

    codes = load_codes()
    md = render_markdown(read_index(ROOT / "figures"), codes.cases, codes.posts)
    monkeypatch.setattr(writeup, "HTML_BUDGET", 300_000)
    page = render_html(md, ROOT / "figures")
    assert len(page.encode("utf-8")) < 300_000
    assert re.findall(r"<img [^>]*>", page) == re.findall(r'<img [^>]*src="data:image/png;base64,[^"]*"[^>]*>', page)
    assert "too large to embed" in page


def test_summary_says_only_what_holds():
    from servicestories.writeup import _summary

    cases = pd.DataFrame({"outcome": ["unclear"] * 3, "public_escalation": ["no"] * 3, "duration_hours": [24.0] * 3,
                          "n_steps": [0, 0, 0], "company": ["unnamed"] * 3})
    text = _summary(cases)
    assert "They have 0 coded steps each; 3 of 3 posts state how long the escalation took." in text
    assert "the others do not" not in text
    text = _summary(cases.assign(duration_hours=[24.0, None, None], n_steps=[0, 2, 5]))
    assert "They have 0–5 coded steps each; 1 of 3 posts states how long the escalation took, the others do not" in text
    one = _summary(cases.head(1).assign(n_steps=[3]))
    assert one.startswith("The coded story ends as follows: unclear 1.")
    assert "It has 3 coded steps; 1 of 1 post states how long" in one


def test_a_corpus_of_english_posts_is_not_called_german():
    codes = load_codes()
    md, _ = _page(codes.cases, codes.posts)
    assert f"The corpus is {len(codes.posts)} German blog posts" in md and "look English" not in md
    english = codes.posts.assign(language=["en"] * len(codes.posts))
    md, _ = _page(codes.cases, english)
    assert f"The corpus is {len(codes.posts)} blog posts" in md
    assert f"**{len(codes.posts)} of {len(codes.posts)} posts look English, not German:" in md
