"""Automatic codes vs. the hand codes of the bundled posts (``data/annotations/``, notebook 07): per-field
agreement, channel precision/recall/F1 and a table of every disagreement with both quotes.

The real-post evaluation set (40 posts with gold codes) is scored by :mod:`servicestories.evaluation`; the
agreement rules here are the same ones:

* ``company``: :func:`servicestories.evaluation.company_match` (case/punctuation-insensitive, containment);
* ``sector``, ``outcome``, ``resolution_channel``, ``public_escalation``, ``intervened_by``: exact label
  (an empty ``intervened_by`` agrees with an empty one);
* ``channels``: per (post, channel) pair; precision, recall and F1 pooled over all posts (micro) and per
  channel; a post agrees when the sets are equal (order is ignored);
* ``duration``: agrees when both are absent, or both present and within a factor of 1.5 in hours;
* ``n_contacts``: exact (both empty agrees: the contacts cannot be counted), and within ±1 when both are
  counted (reported; no target).

:func:`folder_agreement` scores a folder of invented stories with an ``expected.csv`` (unit-test material,
not an estimate of agreement on real posts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..codes import split_channels
from ..evaluation import TARGETS as _REAL_TARGETS
from ..evaluation import company_match
from .core import Extraction, extract_corpus, to_frame

#: field -> target share of posts right on unseen real posts (issue 8); None = no target
TARGETS: dict[str, float | None] = {
    "company": _REAL_TARGETS["company"], "sector": _REAL_TARGETS["sector"],
    "channels (F1)": _REAL_TARGETS["channels_f1"], "outcome": _REAL_TARGETS["outcome"],
    "resolution_channel": _REAL_TARGETS["resolution_channel"],
    "public_escalation": _REAL_TARGETS["public_escalation"], "duration (factor 1.5)": _REAL_TARGETS["duration"],
    "intervened_by": None, "n_contacts (exact)": None, "n_contacts (±1)": None,
}
LABEL_FIELDS: dict[str, tuple[str, str]] = {
    # field -> (hand quote column, auto evidence field)
    "company": ("company_quote", "company"),
    "sector": ("sector_quote", "company"),
    "outcome": ("outcome_quote", "outcome"),
    "resolution_channel": ("resolution_quote", "resolution_channel"),
    "public_escalation": ("public_quote", "public_escalation"),
    "intervened_by": ("intervened_quote", "intervened_by"),
}


@dataclass
class Validation:
    auto: pd.DataFrame
    hand: pd.DataFrame | None
    agreement: pd.DataFrame = field(default_factory=pd.DataFrame)
    channels: pd.DataFrame = field(default_factory=pd.DataFrame)
    disagreements: pd.DataFrame = field(default_factory=pd.DataFrame)
    results: list[Extraction] = field(default_factory=list)


def _s(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return ""
    return str(x)


def _ev(results: dict[str, Extraction], post_id: str, name: str) -> str:
    r = results.get(post_id)
    e = r.evidence_for(name) if r else None
    return e.sentence if e else ""


def duration_agrees(hand_hours, auto_hours, factor: float = 1.5) -> bool:
    h, a = pd.to_numeric(hand_hours, errors="coerce"), pd.to_numeric(auto_hours, errors="coerce")
    if pd.isna(h) and pd.isna(a):
        return True
    if pd.isna(h) or pd.isna(a):
        return False
    if h == 0 or a == 0:
        return h == a
    return max(h, a) / min(h, a) <= factor


def channel_scores(auto: pd.DataFrame, hand: pd.DataFrame) -> pd.DataFrame:
    """Precision/recall/F1 per channel and pooled ("all", micro-averaged over (post, channel) pairs)."""
    from ..vocab import CHANNELS

    a = {r.post_id: set(split_channels(r.channels)) for r in auto.itertuples()}
    h = {r.post_id: set(split_channels(r.channels)) for r in hand.itertuples()}
    ids = sorted(set(a) & set(h))
    rows = []
    for label in list(CHANNELS) + ["all"]:
        tp = fp = fn = 0
        for pid in ids:
            sa = a[pid] if label == "all" else a[pid] & {label}
            sh = h[pid] if label == "all" else h[pid] & {label}
            tp += len(sa & sh)
            fp += len(sa - sh)
            fn += len(sh - sa)
        if label != "all" and tp + fp + fn == 0:
            continue
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * p * r / (p + r) if tp else 0.0
        rows.append({"channel": label, "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1})
    return pd.DataFrame(rows)


def compare(auto: pd.DataFrame, hand: pd.DataFrame, results: list[Extraction] | None = None,
            events: pd.DataFrame | None = None) -> Validation:
    """Compare an auto-codes frame (:func:`~servicestories.extract.core.to_frame`) with ``load_cases()``."""
    res = {r.post_id: r for r in (results or [])}
    merged = auto.merge(hand, on="post_id", suffixes=("_auto", "_hand"), how="inner")
    n = len(merged)
    agree_rows, dis = [], []
    for fld, (qcol, evname) in LABEL_FIELDS.items():
        ok = 0
        for r in merged.itertuples():
            va, vh = _s(getattr(r, f"{fld}_auto")), _s(getattr(r, f"{fld}_hand"))
            if (company_match(vh, va) if fld == "company" else va == vh):
                ok += 1
            else:
                dis.append({"post_id": r.post_id, "field": fld, "hand": vh, "auto": va,
                            "hand_quote": _s(getattr(r, qcol)), "auto_evidence": _ev(res, r.post_id, evname)})
        agree_rows.append({"field": fld, "agree": ok, "posts": n})
    # channels
    ch = channel_scores(auto, hand)
    same = 0
    for r in merged.itertuples():
        sa, sh = set(split_channels(r.channels_auto)), set(split_channels(r.channels_hand))
        same += sa == sh
        for c in sorted(sa - sh):
            dis.append({"post_id": r.post_id, "field": "channels", "hand": "(absent)", "auto": c,
                        "hand_quote": "", "auto_evidence": _ev(res, r.post_id, f"channel:{c}")})
        for c in sorted(sh - sa):
            q = ""
            if events is not None:
                qs = events[(events.post_id == r.post_id) & (events.channel == c)]["quote"]
                q = _s(qs.iloc[0]) if len(qs) else ""
            dis.append({"post_id": r.post_id, "field": "channels", "hand": c, "auto": "(absent)",
                        "hand_quote": q, "auto_evidence": ""})
    agree_rows.append({"field": "channels (set equal)", "agree": same, "posts": n})
    allrow = ch[ch.channel == "all"].iloc[0] if len(ch) else None
    # duration
    ok = 0
    for r in merged.itertuples():
        if duration_agrees(r.duration_hours_hand, r.duration_hours_auto):
            ok += 1
        else:
            dis.append({"post_id": r.post_id, "field": "duration",
                        "hand": f"{_s(r.duration_text_hand)} ({_hours(r.duration_hours_hand)})".strip(),
                        "auto": f"{_s(r.duration_text_auto)} ({_hours(r.duration_hours_auto)})".strip(),
                        "hand_quote": _s(r.duration_quote), "auto_evidence": _ev(res, r.post_id, "duration")})
    agree_rows.append({"field": "duration (factor 1.5)", "agree": ok, "posts": n})
    # contacts
    exact = near = 0
    for r in merged.itertuples():
        a, h = pd.to_numeric(r.n_contacts_auto, errors="coerce"), pd.to_numeric(r.n_contacts_hand, errors="coerce")
        same = (pd.isna(a) and pd.isna(h)) or (pd.notna(a) and pd.notna(h) and a == h)
        exact += same
        if pd.notna(a) and pd.notna(h):
            near += abs(a - h) <= 1
        if not same:
            dis.append({"post_id": r.post_id, "field": "n_contacts", "hand": _s(r.n_contacts_hand),
                        "auto": _s(r.n_contacts_auto), "hand_quote": _s(r.n_contacts_quote), "auto_evidence": ""})
    agree_rows.append({"field": "n_contacts (exact)", "agree": int(exact), "posts": n})
    agree_rows.append({"field": "n_contacts (±1)", "agree": int(near), "posts": n})

    agreement = pd.DataFrame(agree_rows)
    agreement["accuracy"] = agreement["agree"] / agreement["posts"].where(agreement["posts"] > 0)
    if allrow is not None:
        agreement = pd.concat([agreement, pd.DataFrame([{
            "field": "channels (F1)", "agree": int(allrow.tp), "posts": n, "accuracy": allrow.f1}])],
            ignore_index=True)
    agreement["target on unseen real posts"] = agreement["field"].map(TARGETS)
    order = {f: i for i, f in enumerate(["company", "sector", "channels (F1)", "channels (set equal)", "outcome",
                                         "resolution_channel", "public_escalation", "duration (factor 1.5)",
                                         "intervened_by", "n_contacts (exact)", "n_contacts (±1)"])}
    agreement = agreement.sort_values("field", key=lambda s: s.map(order)).reset_index(drop=True)
    disagreements = pd.DataFrame(dis, columns=["post_id", "field", "hand", "auto", "hand_quote", "auto_evidence"])
    disagreements = disagreements.sort_values(["post_id", "field"], kind="stable").reset_index(drop=True)
    return Validation(auto, hand, agreement, ch, disagreements, list(results or []))


def _hours(x) -> str:
    v = pd.to_numeric(x, errors="coerce")
    return "absent" if pd.isna(v) else f"{float(v):g} h"


def run_validation(corpus=None) -> Validation:
    """Code the corpus (default ``data/raw/``) and compare with ``data/annotations/`` when it covers it."""
    from ..codes import load_cases, load_events
    from ..corpus import load_posts
    from ..errors import AnnotationError

    posts = load_posts(corpus)
    results = extract_corpus(posts, progress=False)
    auto = to_frame(results, None)
    try:
        hand = load_cases(posts=posts)
        events = load_events(posts=posts)
    except (AnnotationError, FileNotFoundError):
        return Validation(auto, None, results=results)
    return compare(auto, hand, results, events)


HELDOUT_FIELDS = ("company", "sector", "outcome", "resolution_channel", "public_escalation", "intervened_by")


def folder_agreement(folder) -> pd.DataFrame:
    """Agreement of the extractor with a labelled folder of invented test stories (unit-test material, not an
    estimate for real posts): ``*.txt`` posts plus ``expected.csv``
    (post_id, company, sector, channels, resolution_channel, outcome, duration_hours, public_escalation,
    intervened_by). Company is compared case-insensitively; the other rules are those of :func:`compare`.
    One row per field: ``agree``, ``posts``, ``accuracy`` (F1 for channels) and the issue's target."""
    from pathlib import Path

    from ..corpus import load_posts

    folder = Path(folder)
    expected = pd.read_csv(folder / "expected.csv", dtype=str, keep_default_na=False)
    expected["post_id"] = expected["post_id"].str.removesuffix(".txt")
    auto = to_frame(extract_corpus(load_posts(folder, cache=False), progress=False), None)
    m = expected.merge(auto, on="post_id", suffixes=("_hand", "_auto"), how="left", validate="one_to_one")
    rows = []
    for fld in HELDOUT_FIELDS:
        hand, got = m[f"{fld}_hand"].map(_s), m[f"{fld}_auto"].map(_s)
        if fld == "company":
            hand, got = hand.str.casefold(), got.str.casefold()
        rows.append({"field": fld, "agree": int((hand == got).sum())})
    rows.append({"field": "duration (factor 1.5)",
                 "agree": sum(duration_agrees(h, a) for h, a in zip(m.duration_hours_hand, m.duration_hours_auto))})
    out = pd.DataFrame(rows)
    out["posts"] = len(m)
    out["accuracy"] = out["agree"] / len(m)
    ch = channel_scores(auto[auto.post_id.isin(m.post_id)], expected)
    pooled = ch[ch.channel == "all"].iloc[0]
    out = pd.concat([out, pd.DataFrame([{"field": "channels (F1)", "agree": int(pooled.tp), "posts": len(m),
                                         "accuracy": pooled.f1}])], ignore_index=True)
    out["target on unseen real posts"] = out["field"].map(TARGETS)
    return out
