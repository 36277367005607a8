"""The write-up: ``writeup/report.md``, ``writeup/cases.csv`` and a self-contained ``writeup/report.html``.

Built by ``make figures`` after every notebook succeeded. The Markdown links the figures relatively
(``../figures/…``, readable on GitHub); the HTML embeds them (PNG inline, CSV/SVG/PDF as ``data:`` downloads
while the page stays under :data:`HTML_BUDGET`; anything that does not fit is *named*, not linked), so the one
file can be sent to a colleague and has no dead link. Every number in the text is computed here from the
codes; nothing is typed in by hand.

Post text is data: every post-derived string (titles, quotes, companies, captions, file names) is escaped
before it reaches Markdown or HTML (:func:`md_text`), so a post containing ``<script>`` shows that text and
runs nothing. The page shows summaries over all cases and at most :data:`MAX_CASES` cases in full (the sample
size is stated); the full case table is ``cases.csv`` beside the report.
"""

from __future__ import annotations

import base64
import html
import re
import struct
from collections.abc import Sequence
from pathlib import Path

import markdown
import pandas as pd

from . import __version__, paths
from .export import read_index
from .overview import language_note
from .safecsv import write_csv
from .vocab import label
from .wording import agree, k_of, plural

TITLE = "Service Stories: how customer-service escalations in German blog posts end"
#: At most this many cases are shown in full on the page (table and quotes); all are in ``cases.csv``.
MAX_CASES = 24
#: The HTML stays below this size: embedded downloads are added only while they fit.
HTML_BUDGET = 9_500_000
#: Characters that start Markdown markup inside a line (headings and lists cannot start: text never opens a line).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|{}])")

#: Quote columns of the case table shown under a figure whose name contains the key.
FIGURE_QUOTES: dict[str, list[tuple[str, str]]] = {
    "escalation-length": [("duration_quote", "elapsed time"), ("n_contacts_quote", "contacts")],
    "resolution-channel": [("resolution_quote", "resolved through"), ("intervened_quote", "who turned it")],
    "journey": [("outcome_quote", "how it ended")],
    "transition": [("public_quote", "going public")],
}

CSS = """
body{font-family:Georgia,'DejaVu Serif',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;
color:#222}
h1,h2,h3{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;line-height:1.25}
img{max-width:100%;height:auto;border:1px solid #eee}
table{border-collapse:collapse;font-size:.78rem;margin:1rem 0;width:100%;table-layout:auto}
th,td{border:1px solid #ccc;padding:.2rem .35rem;vertical-align:top;text-align:left;overflow-wrap:break-word;
hyphens:auto}
th{background:#f3f3f3}
blockquote{margin:.5rem 0;padding-left:.8rem;border-left:3px solid #bbb;color:#444}
code{font-size:.85em;overflow-wrap:anywhere}
.caption{font-size:.92rem;color:#333}
.toc ul{margin:.2rem 0}
"""


def md_text(value: object) -> str:
    """Post-derived text made inert for Markdown *and* HTML: markup characters escaped, ``<>&`` as entities."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    text = " ".join(str(value).split())
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)


def _heading(number: int, name: str) -> str:
    words = name.split("-", 1)[1].replace("-", " ")
    return f"Figure {number}: {md_text(words[:1].upper() + words[1:])} (`{name}`)"


def _table(frame: pd.DataFrame) -> str:
    head = "| " + " | ".join(md_text(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(md_text(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


def _hours(value, bound) -> str:
    if value is None or pd.isna(value):
        return "not stated"
    h = float(value)
    text = f"{h:g} h" if h < 48 else (f"{h / 24:g} days" if h < 24 * 60 else f"{h / (24 * 30):.1f} months")
    prefix = {"at_least": "≥ ", "ongoing": "≥ ", "at_most": "≤ ", "approximate": "~ "}.get(bound, "")
    return prefix + text + (" (ongoing)" if bound == "ongoing" else "")


def _summary(cases: pd.DataFrame) -> str:
    n = len(cases)
    outcomes = cases.outcome.value_counts().sort_index()
    out = ", ".join(f"{md_text(str(k).replace('_', ' '))} {v}" for k, v in outcomes.items())
    public = int((cases.public_escalation == "yes").sum())
    timed = int(cases.duration_hours.notna().sum())
    lo, hi = int(cases.n_steps.min()), int(cases.n_steps.max())
    steps = f"{lo}–{hi}" if lo != hi else f"{lo}"
    stories = agree(n, "The coded story ends", f"The {n} coded stories end")
    has = agree(n, f"It has {plural(lo, 'coded step')}", f"They have {steps} coded steps each")
    text = (f"{stories} as follows: {out}. {public} of {n} went public (blog, forum, social media "
            f"or press). {has}; {k_of(timed, n, 'post', 'states', 'state')} how long the "
            "escalation took"
            + (", the others do not, and are shown as such rather than guessed." if timed < n else "."))
    companies = cases.company.fillna("not named").value_counts()
    if len(cases) > MAX_CASES:
        top = ", ".join(f"{md_text(c)} {k}" for c, k in companies.head(10).items())
        text += f" {len(companies)} companies; the most frequent: {top}."
    return text


def sample_cases(cases: pd.DataFrame, k: int = MAX_CASES) -> pd.DataFrame:
    """All cases up to ``k``; beyond that ``k`` cases evenly spaced in case order (deterministic)."""
    ordered = cases.sort_values("case_id", kind="stable").reset_index(drop=True)
    if len(ordered) <= k:
        return ordered
    step = len(ordered) / k
    return ordered.iloc[[int(i * step) for i in range(k)]].reset_index(drop=True)


def cases_table(cases: pd.DataFrame) -> pd.DataFrame:
    """The case table as shown (display labels), one row per case."""
    return pd.DataFrame({
        "case": cases.case_id,
        "company": cases.company,
        "sector": cases.sector,
        "channels": cases.channels.map(lambda c: ", ".join(map(label, c)) if isinstance(c, (list, tuple)) else c),
        "steps": cases.n_steps,
        "contacts": ["—" if pd.isna(n) else f"≥ {n}" if b == "at_least" else f"{n}"
                     for n, b in zip(cases.n_contacts, cases.n_contacts_bound)],
        "elapsed": [_hours(h, b) for h, b in zip(cases.duration_hours, cases.duration_bound)],
        "outcome": cases.outcome.map(label),
        "resolved through": cases.resolution_channel.map(label),
        "intervened": cases.intervened_by.map(lambda a: label(a) if isinstance(a, str) else "—"),
        "public": cases.public_escalation,
    })


def _quotes(cases: pd.DataFrame, name: str) -> list[str]:
    lines: list[str] = []
    for key, columns in FIGURE_QUOTES.items():
        if key not in name:
            continue
        for column, what in columns:
            if column not in cases:
                continue
            for row in cases.itertuples():
                quote = getattr(row, column)
                if isinstance(quote, str) and quote.strip():
                    lines.append(f"> **{md_text(row.case_id)} {md_text(row.company)}** ({what}): „{md_text(quote)}“")
                    lines.append(">")
    while lines and lines[-1] == ">":
        lines.pop()
    return lines


def _citation() -> dict:
    import yaml

    path = paths.ROOT / "CITATION.cff"
    return yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}


def how_to_cite(cff: dict) -> str:
    """One line from ``CITATION.cff``: authors (year). title (version x) [software]."""
    authors = "; ".join(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
                        for a in cff.get("authors", [])) or "The Service Stories developers"
    year = str(cff.get("date-released", ""))[:4]
    return (f"{authors} ({year}). *{cff.get('title', TITLE)}* (version {cff.get('version', __version__)}) "
            "[software]. Cite the original blog posts too (see `CITATION.cff`).")


def render_markdown(index: pd.DataFrame, cases: pd.DataFrame | None, posts: pd.DataFrame,
                    figures_href: str = "../figures", corpus_note: str = "", source: str = "hand",
                    rejected: Sequence[tuple[str, str]] = ()) -> str:
    n_posts = len(posts)
    n_cases = len(cases) if cases is not None else n_posts
    hand = source == "hand"
    cases_heading = "The coded cases" if hand else "The cases, coded automatically (unchecked)"
    cff = _citation()
    shown = sample_cases(cases) if cases is not None else None
    foreign = language_note(posts["language"]) if "language" in posts.columns else ""
    parts = [
        f"# {TITLE}", "",
        f"*Service Stories version {md_text(cff.get('version', __version__))} "
        f"({md_text(cff.get('date-released', ''))}). Built by `make figures` from the notebooks in `notebooks/`; "
        "every figure links back to the function that drew it. Regenerate rather than edit.*", "",
        "**Contents**", "", "[TOC]", "",
        "## Research question", "",
        "When customers write about a service problem, how long does the escalation take, through which "
        "channels does it run, who steps in, and which channel finally resolves it — company by company?", "",
        "## Data and method", "",
        f"The corpus is {n_posts} {'blog' if foreign else 'German blog'} posts ({int(posts.n_words.sum())} words of "
        f"story text, {int(posts.n_comments.sum())} reader comments), loaded into one shared dataframe "
        "(`servicestories.load_posts`). " + (f"**{foreign}** " if foreign else "") + corpus_note, "",
        ("Each story was hand-coded with a qualitative content-analysis codebook (`docs/codebook.md`): the contact "
         "steps in order with channel, actor and initiator, and per case the company, sector, outcome, resolving "
         "channel, elapsed time (verbatim phrase, hours and a bound such as *at least*), who intervened and whether "
         "the customer went public. Every code is backed by a verbatim quote from the post, checked automatically "
         "against the text. An automatic NLTK coder is compared with the hand codes in notebook 07."
         if hand else
         "Each story was coded by the rule-based NLTK coder (`servicestories.extract`, rules in "
         "`docs/extraction.md`) into the variables of the codebook (`docs/codebook.md`); each code comes with the "
         "sentence it was read from. Nobody has checked these codes: treat every figure as a draft."), "",
        f"**Caveats.** With n = {n_cases} self-selected stories nothing here generalises: "
        + ("the figures draw every case individually, report no means, error bars or p-values, "
           if n_cases <= MAX_CASES else "the figures summarise the cases per company, ")
        + "and durations that the posts leave open are drawn as censored, not as ended. Bloggers write about "
        "remarkable cases, and they tell one side.", "",
    ]
    if rejected:
        parts += ["## Files not loaded", "",
                  f"{len(rejected)} file(s) of the corpus folder could not be loaded and are left out of every "
                  "figure and table:", ""]
        parts += [f"- {md_text(name)}: {md_text(reason)}" for name, reason in rejected]
        parts += [""]
    if cases is not None and shown is not None and len(cases):
        sample_note = (f"All {len(cases)} cases are shown" if len(shown) == len(cases) else
                       f"A sample of {len(shown)} of the {len(cases)} cases is shown (evenly spaced in case order)")
        parts += [f"## {cases_heading}", "", _summary(cases), "",
                  f"{sample_note}; the full table is [`cases.csv`](cases.csv).", "",
                  _table(cases_table(shown)), ""]
    for number, row in enumerate(index.itertuples(), start=1):
        parts += [f"## {_heading(number, row.figure)}", "",
                  f"![Figure {number}: {row.figure}]({figures_href}/{row.figure}.png)", "",
                  f"<p class=\"caption\">{html.escape(row.caption)}</p>", "",
                  f"*Made by `{row.function}` in notebook `notebooks/{row.notebook}.ipynb`; data: "
                  f"[`{row.figure}.csv`]({figures_href}/{row.figure}.csv), vector: "
                  f"[SVG]({figures_href}/{row.figure}.svg), [PDF]({figures_href}/{row.figure}.pdf).*", ""]
        if shown is not None and cases is not None:
            quotes = _quotes(shown, row.figure)
            if quotes:
                what = "" if len(shown) == len(cases) else f" (the {len(shown)} cases of the table)"
                parts += [f"Quotes that matter (verbatim, German){what}:", "", *quotes, ""]
    parts += ["## How to cite", "", how_to_cite(cff), "",
              "## Reproduce", "", "```", "make figures   # all notebooks -> figures/ -> writeup/", "make test",
              "```", ""]
    return "\n".join(parts)


def png_size(data: bytes) -> tuple[int, int, float]:
    """Width and height in pixels and the resolution in dots per inch (300 when the PNG does not say)."""
    width, height = struct.unpack(">II", data[16:24])
    dpi = 300.0
    at = data.find(b"pHYs")
    if at > 0:
        x, _y, unit = struct.unpack(">IIB", data[at + 4:at + 13])
        if unit == 1 and x:
            dpi = x * 0.0254
    return width, height, dpi


def _data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


_MIME = {"csv": "text/csv;charset=utf-8", "svg": "image/svg+xml", "pdf": "application/pdf"}


def render_html(md_text_: str, figures_dir: Path, figures_href: str = "../figures",
                beside: Path | None = None) -> str:
    """Markdown to one self-contained HTML page with no dead link.

    PNGs are embedded at their natural size (pixels / dpi, as in print; ``max-width:100%``); the CSV, SVG and PDF
    links become ``data:`` downloads while the page stays under :data:`HTML_BUDGET` (CSV first, then SVG, PDF);
    a file that does not fit is named as plain text. ``beside`` is the folder of ``cases.csv``.
    """
    body = markdown.markdown(md_text_, extensions=["tables", "fenced_code", "toc"], output_format="html",
                             extension_configs={"toc": {"title": "", "toc_depth": "2-2"}})

    budget = {"left": HTML_BUDGET - len(body) - 2000}

    def embed_png(match: re.Match) -> str:
        png = figures_dir / Path(match.group(2)).name
        data = png.read_bytes()
        cost = (len(data) * 4) // 3 + 100
        if cost > budget["left"]:  # a page of pictures beyond the budget: name the file, never a broken image
            return f"<code>{html.escape(png.name)}</code> (in the figures folder; too large to embed)"
        budget["left"] -= cost
        width, _height, dpi = png_size(data)
        css_width = round(width / dpi * 96)
        return (f'<img alt="{match.group(1)}" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}" '
                f'width="{css_width}" style="max-width:100%;height:auto">')

    body = re.sub(rf'<img alt="([^"]*)" src="{re.escape(figures_href)}/([^"]+\.png)" ?/?>', embed_png, body)
    anchor = re.compile(r'<a href="(?P<href>[^"#][^"]*)">(?P<text>.*?)</a>')
    links = [(m.group("href"), m.group("text")) for m in anchor.finditer(body)]
    size = len(body) + 1000
    order = {"csv": 0, "svg": 1, "pdf": 2}
    embedded: dict[str, str] = {}
    for href, _text in sorted(set(links), key=lambda lt: (order.get(lt[0].rsplit(".", 1)[-1], 9), lt[0])):
        ext = href.rsplit(".", 1)[-1]
        if ext not in _MIME:
            continue
        path = (figures_dir if href.startswith(figures_href + "/") else (beside or figures_dir)) / Path(href).name
        if not path.is_file():
            continue
        cost = (path.stat().st_size * 4) // 3 + 200
        if size + cost > HTML_BUDGET:
            continue
        embedded[href] = _data_uri(path, _MIME[ext])
        size += cost

    def relink(match: re.Match) -> str:
        href, text = match.group("href"), match.group("text")
        name = html.escape(Path(href).name)
        if href in embedded:
            return f'<a href="{embedded[href]}" download="{name}">{text}</a>'
        where = "beside this report" if not href.startswith(figures_href + "/") else "in the figures folder"
        return f"<code>{name}</code> ({where}; not embedded)"

    body = anchor.sub(relink, body)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(TITLE)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def build_writeup(figures_dir: str | Path | None = None, out_dir: str | Path | None = None,
                  corpus: str | Path | None = None,
                  rejected: Sequence[tuple[str, str]] = ()) -> tuple[Path, Path]:
    """Write ``report.md``, ``cases.csv`` and ``report.html`` into ``out_dir`` (default ``writeup/``).

    ``rejected``: (file name, reason) of every corpus file that could not be loaded; listed in the report.
    """
    from .casebook import load_codes

    figures_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    out_dir = Path(out_dir) if out_dir is not None else paths.WRITEUP
    out_dir.mkdir(parents=True, exist_ok=True)
    index = read_index(figures_dir)
    codes = load_codes(corpus, steps=False)  # the report shows cases, not steps
    posts, cases = codes.posts, codes.cases
    if codes.source == "hand":
        note = "The hand codes cover the bundled corpus in `data/raw/`."
    else:
        note = ("This run used another corpus, for which no hand codes exist: the case table, figures and quotes "
                "show the **automatic codes** of `servicestories.extract`, not checked by a person (see notebook 07 "
                "and `docs/extraction.md` for how far they agree with hand codes).")
    md = render_markdown(index, cases, posts, "../figures", note, codes.source, rejected)
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(md, encoding="utf-8")
    if cases is not None:
        csv_path = write_csv(cases_table(cases.sort_values("case_id", kind="stable")), out_dir / "cases.csv")
        csv_path.chmod(md_path.stat().st_mode & 0o777)  # readable like the report (a temp file is private)
    html_path.write_text(render_html(md, figures_dir, beside=out_dir), encoding="utf-8")
    return md_path, html_path
