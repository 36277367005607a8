"""The write-up: ``writeup/report.md`` and a self-contained ``writeup/report.html``, built from the figures.

Built by ``make figures`` after every notebook succeeded. The Markdown links the figures relatively
(``../figures/…``, readable on GitHub); the HTML embeds them, so the one file can be sent to a colleague.
Every number in the text is computed here from the hand codes; nothing is typed in by hand.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import markdown
import pandas as pd

from . import paths
from .export import read_index
from .vocab import label

TITLE = "Service Stories: how customer-service escalations in German blog posts end"

#: Quote columns of the case table shown under a figure whose name contains the key.
FIGURE_QUOTES: dict[str, list[tuple[str, str]]] = {
    "escalation-length": [("duration_quote", "elapsed time"), ("n_contacts_quote", "contacts")],
    "resolution-channel": [("resolution_quote", "resolved through"), ("intervened_quote", "who turned it")],
    "journey": [("outcome_quote", "how it ended")],
    "transition": [("public_quote", "going public")],
}

CSS = """
body{font-family:Georgia,'DejaVu Serif',serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1,h2,h3{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;line-height:1.25}
img{max-width:100%;height:auto;border:1px solid #eee}
table{border-collapse:collapse;font-size:.85rem;margin:1rem 0;display:block;overflow-x:auto}
th,td{border:1px solid #ccc;padding:.25rem .45rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}
blockquote{margin:.5rem 0;padding-left:.8rem;border-left:3px solid #bbb;color:#444}
code{font-size:.85em}
.caption{font-size:.92rem;color:#333}
"""


def _heading(number: int, name: str) -> str:
    words = name.split("-", 1)[1].replace("-", " ")
    return f"Figure {number}: {words[:1].upper()}{words[1:]} (`{name}`)"


def _md_cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(frame: pd.DataFrame) -> str:
    head = "| " + " | ".join(frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
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
    out = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in outcomes.items())
    public = int((cases.public_escalation == "yes").sum())
    timed = int(cases.duration_hours.notna().sum())
    steps = f"{int(cases.n_steps.min())}–{int(cases.n_steps.max())}"
    return (f"The {n} coded stories end as follows: {out}. {public} of {n} went public (blog, forum, social media "
            f"or press). They have {steps} coded steps each; {timed} of {n} posts state how long the escalation "
            f"took, the others do not, and are shown as such rather than guessed.")


def _cases_table(cases: pd.DataFrame) -> pd.DataFrame:
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
                    lines.append(f"> **{row.case_id} {row.company}** ({what}): „{quote.strip()}“")
                    lines.append(">")
    while lines and lines[-1] == ">":
        lines.pop()
    return lines


def render_markdown(index: pd.DataFrame, cases: pd.DataFrame | None, posts: pd.DataFrame,
                    figures_href: str = "../figures", corpus_note: str = "", source: str = "hand") -> str:
    n_posts = len(posts)
    n_cases = len(cases) if cases is not None else n_posts
    hand = source == "hand"
    cases_heading = "The coded cases" if hand else "The cases, coded automatically (unchecked)"
    parts = [
        f"# {TITLE}", "",
        "*Built by `make figures` from the notebooks in `notebooks/`; every figure links back to the function "
        "that drew it. Regenerate rather than edit.*", "",
        "## Research question", "",
        "When customers write about a service problem, how long does the escalation take, through which "
        "channels does it run, who steps in, and which channel finally resolves it — company by company?", "",
        "## Data and method", "",
        f"The corpus is {n_posts} German blog posts ({int(posts.n_words.sum())} words of story text, "
        f"{int(posts.n_comments.sum())} reader comments), loaded into one shared dataframe "
        "(`servicestories.load_posts`). " + corpus_note, "",
        ("Each story was hand-coded with a qualitative content-analysis codebook (`docs/codebook.md`): the contact "
         "steps in order with channel, actor and initiator, and per case the company, sector, outcome, resolving "
         "channel, elapsed time (verbatim phrase, hours and a bound such as *at least*), who intervened and whether "
         "the customer went public. Every code is backed by a verbatim quote from the post, checked automatically "
         "against the text. An automatic NLTK coder is compared with the hand codes in notebook 07."
         if hand else
         "Each story was coded by the rule-based NLTK coder (`servicestories.extract`, rules in "
         "`docs/extraction.md`) into the variables of the codebook (`docs/codebook.md`); each code comes with the "
         "sentence it was read from. Nobody has checked these codes: treat every figure as a draft."), "",
        f"**Caveats.** With n = {n_cases} self-selected stories nothing here generalises: the figures draw every case "
        "individually, report no means, error bars or p-values, and durations that the posts leave open are drawn "
        "as censored, not as ended. Bloggers write about remarkable cases, and they tell one side.", "",
    ]
    if cases is not None and len(cases):
        parts += [f"## {cases_heading}", "", _summary(cases), "", _table(_cases_table(cases)), ""]
    for number, row in enumerate(index.itertuples(), start=1):
        parts += [f"## {_heading(number, row.figure)}", "",
                  f"![Figure {number}: {row.figure}]({figures_href}/{row.figure}.png)", "",
                  f"<p class=\"caption\">{html.escape(row.caption)}</p>", "",
                  f"*Made by `{row.function}` in notebook `notebooks/{row.notebook}.ipynb`; data: "
                  f"[`{row.figure}.csv`]({figures_href}/{row.figure}.csv), vector: "
                  f"[SVG]({figures_href}/{row.figure}.svg), [PDF]({figures_href}/{row.figure}.pdf).*", ""]
        if cases is not None:
            quotes = _quotes(cases, row.figure)
            if quotes:
                parts += ["Quotes that matter (verbatim, German):", "", *quotes, ""]
    parts += ["## Reproduce", "", "```", "make figures   # all notebooks -> figures/ -> writeup/", "make test",
              "```", ""]
    return "\n".join(parts)


def render_html(md_text: str, figures_dir: Path, figures_href: str = "../figures") -> str:
    """Markdown to one self-contained HTML page: every PNG embedded as a data URI."""
    body = markdown.markdown(md_text, extensions=["tables", "fenced_code"], output_format="html")

    def embed(match: re.Match) -> str:
        png = figures_dir / Path(match.group(1)).name
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        return f'src="data:image/png;base64,{data}"'

    body = re.sub(rf'src="{re.escape(figures_href)}/([^"]+\.png)"', embed, body)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(TITLE)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def build_writeup(figures_dir: str | Path | None = None, out_dir: str | Path | None = None,
                  corpus: str | Path | None = None) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` into ``out_dir`` (default ``writeup/``)."""
    from .casebook import load_codes

    figures_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    out_dir = Path(out_dir) if out_dir is not None else paths.WRITEUP
    out_dir.mkdir(parents=True, exist_ok=True)
    index = read_index(figures_dir)
    codes = load_codes(corpus)
    posts, cases = codes.posts, codes.cases
    if codes.source == "hand":
        note = "The hand codes cover the bundled corpus in `data/raw/`."
    else:
        note = ("This run used another corpus, for which no hand codes exist: the case table, figures and quotes "
                "show the **automatic codes** of `servicestories.extract`, not checked by a person (see notebook 07 "
                "and `docs/extraction.md` for how far they agree with hand codes).")
    md_text = render_markdown(index, cases, posts, "../figures", note, codes.source)
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(md_text, encoding="utf-8")
    html_path.write_text(render_html(md_text, figures_dir), encoding="utf-8")
    return md_path, html_path
