"""Draft hand codes: case and step rows in the annotation columns, filled by the rules of the extractor.

Used by ``python -m servicestories draft-codes POST.txt`` (rows for a researcher to check and paste into
``data/annotations/``) and by :func:`servicestories.casebook.load_codes` for corpora without hand codes.
Every quote is a verbatim sentence of the post; every code is a suggestion (docs/extraction.md).
"""

from __future__ import annotations

import re

import pandas as pd

from ..vocab import PUBLIC_CHANNELS

_COMPANY_INIT = re.compile(
    r"\b(?:meldete(?:n)?\s+sich|rief(?:en)?\s+mich|erreicht(?:e)?\s+mich|schickte(?:n)?\s+mir|schrieb(?:en)?\s+mir|"
    r"bekam\s+ich|erhielt\s+ich|kam\s+(?:der|die|ein|eine)|stand\s+(?:der|ein)|zurückgerufen|traf)\b", re.I)
_CUSTOMER_INIT = re.compile(r"\b(?:ich|wir)\b[^.]*?\b(?:rief|riefen|schrieb|schrieben|ging|gingen|"
                            r"angerufen|geschrieben|gemeldet|beschwert|wandte|gewandt)\b|\b(?:rief|schrieb|ging)\s+"
                            r"(?:ich|wir)\b", re.I)
_TIME = re.compile(r"\b(?:am\s+(?:nächsten|folgenden|selben|gleichen)\s+(?:tag|morgen|abend)|übermorgen|morgen|"
                   r"gestern|vorgestern|heute|später|danach|kurz\s+darauf|am\s+\d{1,2}\.\s*\w+|"
                   r"(?:anfang|mitte|ende)\s+\w+(?:\s+\d{4})?)\b", re.I)



def draft_post(row) -> tuple[dict, list[dict]]:
    """(case row, event rows) for one post (a row of ``load_posts()`` or a dict with post_id, title, body),
    as strings keyed by the columns of ``data/annotations/cases.csv`` and ``events.csv``."""
    from ..codes import CASE_COLUMNS, EVENT_COLUMNS
    from . import actors, channels as ch
    from .core import CONTACT_CHANNELS, extract_post
    from .doc import Doc
    from .duration import parse_durations

    post_id = row["post_id"]
    r = extract_post(row["body"], title=row["title"], post_id=post_id)
    ev = {e.field: e for e in r.evidence}
    q = lambda name: ev[name].sentence if name in ev else ""  # noqa: E731

    # steps: one per sentence that names a channel, in text order
    doc = Doc(r.text, len(row["title"].strip()))
    events: list[dict] = []
    seen_channels: list[str] = []
    mentions = ch.find_channels(doc)
    if "courier" in r.channels and not any(m.channel == "courier" for m in mentions):
        e = ev.get("channel:courier")
        if e is not None:
            si = next(i for i, s in enumerate(doc.sentences) if s.start == e.start)
            mentions.append(ch.ChannelMention("courier", si, e.match_start, e.match_end, r.text[e.match_start:e.match_end]))
    by_sentence: dict[int, list[str]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        by_sentence.setdefault(m.sentence, [])
        if m.channel not in by_sentence[m.sentence]:
            by_sentence[m.sentence].append(m.channel)
    for si in sorted(by_sentence):
        s = doc.sentences[si]
        sentence = " ".join(s.text.split())
        for channel in by_sentence[si]:
            if channel not in seen_channels:
                seen_channels.append(channel)
            acts = actors.sentence_actors(s)
            if channel in PUBLIC_CHANNELS:
                actor, init = "customer", "customer"
            elif channel == "courier":
                actor, init = "other", "company"
            else:
                actor = min((a for a, _, _ in acts), key=actors.RANK.index) if acts else "frontline_agent"
                init = "company" if _COMPANY_INIT.search(s.text) else ("customer" if _CUSTOMER_INIT.search(s.text)
                                                                       else "")
            t = _TIME.search(s.text)
            durs = parse_durations(s.text)
            time_text = durs[0].text if durs else (t.group(0) if t else "")
            events.append({
                "post_id": post_id, "step": len(events) + 1, "channel": channel, "actor": actor,
                "initiated_by": init, "result": "TODO: what did this step achieve?", "time_text": time_text,
                "quote": sentence, "notes": "draft: check channel, actor and initiated_by",
            })
    if "blog" in r.channels and "blog" not in seen_channels:  # the post itself (codebook step rule 5)
        events.append({"post_id": post_id, "step": len(events) + 1, "channel": "blog", "actor": "customer",
                       "initiated_by": "customer", "result": "public complaint (the post itself)", "time_text": "",
                       "quote": q("public_escalation"), "notes": "draft: the post itself, written while open?"})
    channels = [e["channel"] for e in events]
    channels = list(dict.fromkeys(channels))
    n_series = any(re.search(r"(?:telefonate|anrufe|e-?mails|briefe|gespräche)n?\b", e["quote"], re.I)
                   for e in events)
    contacts = sum(1 for e in events if e["channel"] in CONTACT_CHANNELS)
    case = {c: "" for c in CASE_COLUMNS}
    case.update({
        "post_id": post_id,
        "narrator": r.narrator or "customer",
        "narrator_quote": " ".join(doc.sentences[0].text.split()) if doc.sentences else "",
        "company": r.company,
        "company_aliases": ";".join(r.company_aliases),
        "company_quote": q("company") or (" ".join(doc.sentences[0].text.split()) if doc.sentences else ""),
        "sector": r.sector,
        "sector_quote": q("company") or (" ".join(doc.sentences[0].text.split()) if doc.sentences else ""),
        "channels": ";".join(channels),
        "resolution_channel": r.resolution_channel if r.resolution_channel in channels else "none",
        "resolution_quote": q("resolution_channel") if r.resolution_channel in channels else "",
        "outcome": r.outcome,
        "outcome_quote": q("outcome") or (" ".join(doc.sentences[-1].text.split()) if doc.sentences else ""),
        "n_contacts": str(contacts),
        "n_contacts_bound": "at_least" if n_series else "exact",
        "duration_text": r.duration_text,
        "duration_hours": "" if r.duration_hours is None else f"{r.duration_hours:g}",
        "duration_bound": r.duration_bound,
        "duration_quote": q("duration"),
        "intervened_by": r.intervened_by,
        "intervened_quote": q("intervened_by") if r.intervened_by else "",
        "public_escalation": r.public_escalation,
        "public_where": r.public_where if r.public_escalation == "yes" else "",
        "public_quote": q("public_escalation") if r.public_escalation == "yes" else "",
        "notes": "DRAFT by `servicestories draft-codes` (rules, docs/extraction.md): check every cell against "
                 "docs/codebook.md; fill results; shorten quotes to the evidence clause if you like.",
    })
    if case["resolution_channel"] == "none" and case["outcome"] in ("resolved", "partially_resolved"):
        case["notes"] += " The resolving channel was not found: set resolution_channel."
    return case, [{c: e.get(c, "") for c in EVENT_COLUMNS} for e in events]




def draft_frames(posts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draft ``(cases, events)`` for every post, typed like :func:`servicestories.codes.load_cases` /
    :func:`~servicestories.codes.load_events` (channels as lists, hours as floats, derived step columns)."""
    from ..codes import CASE_COLUMNS, EVENT_COLUMNS, split_channels

    case_rows: list[dict] = []
    event_rows: list[dict] = []
    for row in posts.sort_values("post_id").to_dict("records"):
        case, events = draft_post(row)
        case_rows.append(case)
        event_rows.extend(events)
    cases = pd.DataFrame(case_rows, columns=list(CASE_COLUMNS)).replace("", None)
    events = pd.DataFrame(event_rows, columns=list(EVENT_COLUMNS)).replace("", None)
    events["step"] = events["step"].astype("int64")
    cases["channels"] = cases["channels"].map(split_channels)
    cases["n_contacts"] = pd.to_numeric(cases["n_contacts"]).fillna(0).astype("int64")
    cases["duration_hours"] = pd.to_numeric(cases["duration_hours"]).astype(float)
    chans = events.dropna(subset=["channel"]).groupby("post_id", sort=False)["channel"]
    cases["n_steps"] = cases["post_id"].map(events.groupby("post_id").size()).fillna(0).astype("int64")
    cases["first_channel"] = cases["post_id"].map(chans.first())
    cases["last_channel"] = cases["post_id"].map(chans.last())
    for frame in (cases, events):
        frame.insert(1, "case_id", frame["post_id"].str.split("_").str[0])
    keep = posts[["post_id", "title", "source_file"]]
    return cases.merge(keep, on="post_id", how="left"), events.merge(keep, on="post_id", how="left")
