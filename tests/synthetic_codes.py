"""Synthetic case and step frames of any size for the figure tests (no post text: codes only)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicestories.escalation import REVIEW_FIELDS
from servicestories.vocab import ACTORS, CHANNELS, OUTCOMES, SECTORS

_BOUNDS = ["exact", "approximate", "at_least", "ongoing", "at_most"]


def synthetic_codes(n: int, seed: int = 0, flag_share: float = 0.2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` cases with Zipf-distributed companies, every bound and outcome, 1–8 steps each, and a
    ``needs_review`` column naming random fields for about ``flag_share`` of the cases."""
    rng = np.random.default_rng(seed)
    width = max(3, len(str(n - 1)))
    ids = [f"{i:0{width}d}" for i in range(n)]
    n_companies = max(3, n // 8)
    weights = 1 / np.arange(1, n_companies + 1)
    company = rng.choice([f"Firma {i}" for i in range(n_companies)], size=n, p=weights / weights.sum())
    hours = np.round(np.exp(rng.uniform(np.log(0.5), np.log(20000), size=n)), 1)
    has_span = rng.random(n) < 0.6
    bound = rng.choice(_BOUNDS, size=n, p=[0.4, 0.2, 0.2, 0.1, 0.1])
    outcome = rng.choice(OUTCOMES, size=n, p=[0.5, 0.15, 0.25, 0.1])
    n_steps = rng.integers(1, 9, size=n)
    flagged = rng.random(n) < flag_share
    review = [";".join(sorted(rng.choice(REVIEW_FIELDS, size=rng.integers(1, 4), replace=False))) if f else ""
              for f in flagged]
    case_idx = np.repeat(np.arange(n), n_steps)
    step_no = np.concatenate([np.arange(1, k + 1) for k in n_steps])
    step_channel = rng.choice(np.array(CHANNELS[:10], dtype=object), size=len(case_idx))
    last = np.cumsum(n_steps) - 1
    ids_arr = np.array(ids, dtype=object)
    events = pd.DataFrame({
        "post_id": ids_arr[case_idx] + "_x", "case_id": ids_arr[case_idx], "step": step_no,
        "channel": np.where(rng.random(len(case_idx)) < 0.1, None, step_channel),
        "actor": rng.choice(np.array(ACTORS, dtype=object), size=len(case_idx)), "initiated_by": "customer",
        "result": "", "time_text": None, "quote": "...",
    })
    channels = pd.Series(step_channel).groupby(case_idx).agg(lambda s: sorted(set(s))).tolist()
    resolving = np.isin(outcome, ["resolved", "partially_resolved"])
    cases = pd.DataFrame({
        "post_id": ids_arr + "_x", "case_id": ids_arr, "company": company,
        "sector": [SECTORS[i % len(SECTORS)] for i in range(n)], "channels": channels,
        "resolution_channel": np.where(resolving, step_channel[last], "none"), "outcome": outcome,
        "n_contacts": np.where(rng.random(n) > 0.05, rng.integers(0, 14, size=n), np.nan),
        "n_contacts_bound": np.where(rng.random(n) < 0.15, "at_least", "exact"),
        "duration_text": np.where(has_span, "ein paar Tage", None),
        "duration_hours": np.where(has_span, hours, np.nan),
        "duration_bound": np.where(has_span, bound, None),
        "intervened_by": np.where(rng.random(n) < 0.3, rng.choice(np.array(ACTORS, dtype=object), size=n), None),
        "n_steps": n_steps.astype(int), "needs_review": review,
    })
    return cases, events
