"""Evidence checks for the hand codes: every quote must occur verbatim in its post.

Matching is whitespace-normalised (:func:`servicestories.text.normalize_ws`) and otherwise exact: case,
punctuation and typographic quotation marks („…“) must be copied as the post has them. A quote is searched in
the post's whole decoded file (``load_posts()["text"]``: title, body, site furniture and comments), so a
code may rest on a reader comment (see docs/codebook.md, "Comments").
"""

from __future__ import annotations

import pandas as pd

from .text import normalize_ws

#: Columns checked against the post besides those whose name ends in ``quote``.
VERBATIM_COLUMNS: frozenset[str] = frozenset({"duration_text", "time_text"})
#: Columns holding several verbatim names separated by ``;``.
VERBATIM_LIST_COLUMNS: frozenset[str] = frozenset({"company_aliases"})


def is_quote_column(column: str) -> bool:
    """True for columns whose cells must occur verbatim in the post."""
    return column.endswith("quote") or column in VERBATIM_COLUMNS


def post_texts(posts: pd.DataFrame) -> dict[str, str]:
    """``post_id`` → whitespace-normalised full text of the post (what quotes are matched against)."""
    if "text" in posts.columns:
        texts = posts["text"]
    else:  # a posts frame without the raw text: title, body and boilerplate are all we have
        texts = posts["title"].fillna("") + "\n" + posts["body"].fillna("") + "\n" + posts["boilerplate"].fillna("")
    return {pid: normalize_ws(t) for pid, t in zip(posts["post_id"], texts)}


def occurs(quote: str, normalised_text: str) -> bool:
    """Whether ``quote`` occurs in an already normalised post text."""
    needle = normalize_ws(quote)
    return bool(needle) and needle in normalised_text


def preview(quote: str, width: int = 60) -> str:
    """The start of a quote for error messages."""
    q = normalize_ws(quote)
    return q if len(q) <= width else q[: width - 1] + "…"


def quote_table(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Every piece of verbatim evidence in long form: post_id, table, step, column, quote."""
    rows = []
    for table, frame in (("cases", cases), ("events", events)):
        cols = [c for c in frame.columns if is_quote_column(c) or c in VERBATIM_LIST_COLUMNS]
        for _, r in frame.iterrows():
            for c in cols:
                value = r[c]
                if not isinstance(value, str) or not value:
                    continue
                parts = [p.strip() for p in value.split(";")] if c in VERBATIM_LIST_COLUMNS else [value]
                for part in parts:
                    if part:
                        rows.append({"post_id": r["post_id"], "table": table,
                                     "step": int(r["step"]) if table == "events" else pd.NA,
                                     "column": c, "quote": part})
    out = pd.DataFrame(rows, columns=["post_id", "table", "step", "column", "quote"])
    out["step"] = out["step"].astype("Int64")
    return out
