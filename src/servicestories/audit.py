"""Views for auditing the hand codes: the codebook as a table, and each case's codes next to their quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import paths
from .codes import split_channels

CODEBOOK = paths.DOCS / "codebook.md"

#: Codebook variable → the (table, column) pairs in the annotations that use its categories.
VARIABLE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "narrator": [("cases", "narrator")],
    "company": [("cases", "company")],
    "sector": [("cases", "sector")],
    "channel": [("cases", "channels"), ("events", "channel")],
    "resolution_channel": [("cases", "resolution_channel")],
    "outcome": [("cases", "outcome")],
    "n_contacts_bound": [("cases", "n_contacts_bound")],
    "duration_bound": [("cases", "duration_bound")],
    "actor": [("events", "actor"), ("cases", "intervened_by")],
    "initiated_by": [("events", "initiated_by")],
    "public_escalation": [("cases", "public_escalation")],
    "public_where": [("cases", "public_where")],
}

_HEADING = re.compile(r"^#{2,4}\s+`([a-z_]+)`")
_ROW_LABELS = re.compile(r"`([^`]+)`")
_ANCHOR = re.compile(r'"([^"]+)"\s*\((\d{3})\)')

#: Case-level codes shown by :func:`case_profile`: (variable, code column, quote column).
PROFILE_ROWS: list[tuple[str, str | None, str | None]] = [
    ("narrator", "narrator", "narrator_quote"),
    ("company", "company", "company_quote"),
    ("sector", "sector", "sector_quote"),
    ("channels", "channels", None),
    ("outcome", "outcome", "outcome_quote"),
    ("caveat", None, "caveat_quote"),
    ("resolution_channel", "resolution_channel", "resolution_quote"),
    ("n_contacts", "n_contacts", "n_contacts_quote"),
    ("duration", "duration_hours", "duration_quote"),
    ("intervened_by", "intervened_by", "intervened_quote"),
    ("public_escalation", "public_escalation", "public_quote"),
]


def read_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """The category tables of ``docs/codebook.md``: variable, category, definition, anchor, anchor_post.

    A category row is a table row whose first cell holds backticked labels under a heading
    ``### `variable```; its anchor is the last ``"quote" (NNN)`` in the row (empty if none).
    """
    text = Path(path or CODEBOOK).read_text(encoding="utf-8")
    rows, variable = [], None
    for line in text.splitlines():
        if m := _HEADING.match(line):
            variable = m.group(1)
            continue
        if line.startswith("#"):
            variable = None
            continue
        if variable is None or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        labels = _ROW_LABELS.findall(cells[0]) if cells else []
        if not labels or set(cells[0]) <= set("-: "):
            continue
        anchors = _ANCHOR.findall(cells[-1])
        quote, post = anchors[-1] if anchors else ("", "")
        definition = cells[1] if len(cells) > 2 else ""
        rows += [{"variable": variable, "category": lab, "definition": definition, "anchor": quote,
                  "anchor_post": post} for lab in labels]
    return pd.DataFrame(rows, columns=["variable", "category", "definition", "anchor", "anchor_post"])


def used_categories(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Every (variable, category) the annotations use, with how many rows use it."""
    frames = {"cases": cases, "events": events}
    counts: dict[tuple[str, str], int] = {}
    for variable, sources in VARIABLE_COLUMNS.items():
        for table, column in sources:
            for value in frames[table][column]:
                values = split_channels(value) if column == "channels" else [value]
                for v in values:
                    if isinstance(v, str) and v:
                        counts[(variable, v)] = counts.get((variable, v), 0) + 1
    out = pd.DataFrame([(v, c, n) for (v, c), n in counts.items()], columns=["variable", "category", "n_rows"])
    return out.sort_values(["variable", "category"], ignore_index=True)


def codebook_overview(cases: pd.DataFrame, events: pd.DataFrame, path: str | Path | None = None) -> pd.DataFrame:
    """The codebook's categories that the annotations use, with their anchor example and usage count."""
    book = read_codebook(path)
    used = used_categories(cases, events)
    out = used.merge(book, on=["variable", "category"], how="left")
    return out[["variable", "category", "n_rows", "anchor", "anchor_post"]].fillna({"anchor": "", "anchor_post": ""})


def _case_row(case_id: str, cases: pd.DataFrame) -> pd.Series:
    hit = cases[(cases["case_id"] == case_id) | (cases["post_id"] == case_id)]
    if hit.empty:
        raise KeyError(f"no case {case_id!r}; cases: {', '.join(cases['case_id'])}")
    return hit.iloc[0]


def _fmt(value) -> str:
    if isinstance(value, list):
        return ";".join(value)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def case_profile(case_id: str, cases: pd.DataFrame) -> pd.DataFrame:
    """One case's codes next to their quotes: variable, code, quote (``case_id`` like ``"000"`` or a post_id)."""
    row = _case_row(case_id, cases)
    out = []
    for variable, code_col, quote_col in PROFILE_ROWS:
        code = _fmt(row[code_col]) if code_col else ""
        if variable == "n_contacts":
            code = f"{code} ({row['n_contacts_bound']})" if code else "(not countable)"
        elif variable == "duration" and code:
            code = f"{code} h ({row['duration_bound']}; \"{row['duration_text']}\")"
        elif variable == "public_escalation" and code == "yes":
            code = f"yes ({row['public_where']})"
        quote = _fmt(row[quote_col]) if quote_col else ""
        if not code and not quote:
            code = "(not stated)" if variable in ("duration", "intervened_by") else ""
            if not code:
                continue
        out.append({"variable": variable, "code": code, "quote": quote})
    return pd.DataFrame(out, columns=["variable", "code", "quote"])


def case_steps(case_id: str, events: pd.DataFrame) -> pd.DataFrame:
    """One case's steps in story order with their quotes."""
    hit = events[(events["case_id"] == case_id) | (events["post_id"] == case_id)]
    cols = ["step", "channel", "actor", "initiated_by", "result", "time_text", "quote"]
    return hit[cols].fillna("").reset_index(drop=True)


def case_summary(cases: pd.DataFrame) -> pd.DataFrame:
    """One line per case: the codes most charts use."""
    out = cases[["case_id", "company", "sector", "narrator", "outcome", "resolution_channel", "n_contacts",
                 "n_contacts_bound", "n_steps", "first_channel", "last_channel", "duration_hours",
                 "duration_bound", "intervened_by", "public_escalation"]].copy()
    out["channels"] = cases["channels"].map(";".join)
    return out


def case_notes(case_id: str, cases: pd.DataFrame) -> str:
    """The coder's notes on one case (reasons, silences, borderline decisions), wrapped for reading."""
    import textwrap

    row = _case_row(case_id, cases)
    return textwrap.fill(_fmt(row["notes"]), width=110)
