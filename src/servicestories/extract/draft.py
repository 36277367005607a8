"""Draft hand codes: case and step rows in the annotation columns, FORMATTED from one extraction.

Used by ``python -m servicestories draft-codes POST.txt`` (rows for a researcher to check and paste into
``data/annotations/``) and by :func:`servicestories.casebook.load_codes` for corpora without hand codes.
Every value comes from :func:`servicestories.extract.extract_post` (the same codes and the same evidence as
``extract``); nothing is derived here again. Every quote is a verbatim sentence of the post.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def draft_post(row) -> tuple[dict, list[dict]]:
    """(case row, event rows) for one post (a row of ``load_posts()`` or a dict with post_id, title, body),
    as strings keyed by the columns of ``data/annotations/cases.csv`` and ``events.csv``."""
    from .core import extract_post

    post_id = row["post_id"]
    r = extract_post(row["body"], title=row["title"], post_id=post_id)
    return draft_rows(r)


def draft_rows(r) -> tuple[dict, list[dict]]:
    """The draft rows of one :class:`~servicestories.extract.Extraction` (pure formatting)."""
    from ..codes import CASE_COLUMNS, EVENT_COLUMNS
    from .duration import parse_durations

    ev: dict[str, Any] = {}
    for e in r.evidence:
        ev.setdefault(e.field, e)
    q = lambda name: ev[name].sentence if name in ev else ""
    first = r.steps[0].sentence if r.steps else ""
    events: list[dict] = []
    for st in r.steps:
        durs = parse_durations(st.sentence)
        events.append({
            "post_id": r.post_id, "step": len(events) + 1, "channel": st.channel, "actor": st.actor,
            "initiated_by": st.initiated_by, "result": "TODO: what did this step achieve?",
            "time_text": durs[0].text if durs else "", "quote": st.sentence,
            "notes": "draft: check channel, actor and initiated_by",
        })
    review = ", ".join(r.needs_review)
    case = {c: "" for c in CASE_COLUMNS}
    case.update({
        "post_id": r.post_id,
        "narrator": r.narrator or "customer",
        "narrator_quote": q("company") or first,
        "company": r.company,
        "company_aliases": ";".join(r.company_aliases),
        "company_quote": q("company"),
        "sector": r.sector,
        "sector_quote": q("company"),
        "channels": ";".join(r.channels),
        "resolution_channel": r.resolution_channel,
        "resolution_quote": q("resolution_channel"),
        "outcome": r.outcome,
        "outcome_quote": q("outcome"),
        "n_contacts": "" if r.n_contacts is None else str(r.n_contacts),
        "n_contacts_bound": "exact" if r.n_contacts is not None else "",
        "duration_text": r.duration_text,
        "duration_hours": "" if r.duration_hours is None else f"{r.duration_hours:g}",
        "duration_bound": r.duration_bound,
        "duration_quote": q("duration"),
        "intervened_by": r.intervened_by,
        "intervened_quote": q("intervened_by") if r.intervened_by else "",
        "public_escalation": r.public_escalation,
        "public_where": r.public_where if r.public_escalation == "yes" else "",
        "public_quote": q("public_escalation") if r.public_escalation == "yes" else "",
        "notes": "DRAFT by `servicestories draft-codes` (the extract rules, docs/extraction.md): check every cell "
                 "against docs/codebook.md; fill results." + (f" Needs review: {review}." if review else ""),
    })
    return case, [{c: e.get(c, "") for c in EVENT_COLUMNS} for e in events]


def draft_frames(posts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draft ``(cases, events)`` for every post, typed like :func:`servicestories.codes.load_cases` /
    :func:`~servicestories.codes.load_events` (channels as lists, hours as floats, derived step columns)."""
    from ..codes import CASE_COLUMNS, EVENT_COLUMNS

    case_rows: list[dict] = []
    event_rows: list[dict] = []
    for row in posts.sort_values("post_id").to_dict("records"):
        case, events = draft_post(row)
        case_rows.append(case)
        event_rows.extend(events)
    return type_draft(pd.DataFrame(case_rows, columns=list(CASE_COLUMNS)),
                      pd.DataFrame(event_rows, columns=list(EVENT_COLUMNS)),
                      posts[["post_id", "title", "source_file"]])


def type_draft(case_rows: pd.DataFrame, event_rows: pd.DataFrame, meta: pd.DataFrame, *, event_meta: bool = True
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draft rows (strings, as :func:`draft_post` writes them) typed like the hand codes: channels as lists,
    contacts as a nullable integer (empty = not countable, as in the codebook), hours as floats, the derived step
    columns, and ``meta`` (post_id, title, source_file) joined on (onto the steps too unless ``event_meta`` is
    false: a title per step is the largest step column)."""
    from ..caseids import case_ids
    from ..codes import split_channels

    cases = case_rows.reset_index(drop=True).replace("", None)
    del case_rows  # (a caller that passed its frame on lets it go here: at most one copy of the cases at a time)
    events = event_rows.reset_index(drop=True).replace("", None)
    del event_rows
    events["step"] = pd.to_numeric(events["step"]).astype("int64")
    cases["channels"] = cases["channels"].map(split_channels)
    cases["n_contacts"] = pd.to_numeric(cases["n_contacts"]).astype("Int64")
    cases["duration_hours"] = pd.to_numeric(cases["duration_hours"]).astype(float)
    chans = events.dropna(subset=["channel"]).groupby("post_id", sort=False)["channel"]
    cases["n_steps"] = cases["post_id"].map(events.groupby("post_id").size()).fillna(0).astype("int64")
    cases["first_channel"] = cases["post_id"].map(chans.first())
    cases["last_channel"] = cases["post_id"].map(chans.last())
    ids = case_ids(meta["post_id"])
    for frame in (cases, events):
        frame.insert(1, "case_id", frame["post_id"].map(ids))
    titles, files = (meta.drop_duplicates("post_id").set_index("post_id")[c] for c in ("title", "source_file"))
    # meta joined on post_id, column by column (no second copy of the frame); onto the steps when asked for
    for frame in (cases, events) if event_meta else (cases,):
        frame["title"] = frame["post_id"].map(titles)
        frame["source_file"] = frame["post_id"].map(files)
    return cases, events
