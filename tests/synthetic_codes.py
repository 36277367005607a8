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
    case_rows, step_rows = [], []
    for i, cid in enumerate(ids):
        chans = list(rng.choice(CHANNELS[:10], size=n_steps[i]))
        for k, ch in enumerate(chans, start=1):
            step_rows.append({"post_id": f"{cid}_x", "case_id": cid, "step": k,
                              "channel": None if rng.random() < 0.1 else ch, "actor": rng.choice(ACTORS),
                              "initiated_by": "customer", "result": "", "time_text": None, "quote": "..."})
        res = chans[-1] if outcome[i] in ("resolved", "partially_resolved") else "none"
        case_rows.append({
            "post_id": f"{cid}_x", "case_id": cid, "company": company[i], "sector": SECTORS[i % len(SECTORS)],
            "channels": sorted(set(chans)), "resolution_channel": res, "outcome": outcome[i],
            "n_contacts": int(rng.integers(0, 14)) if rng.random() > 0.05 else np.nan,
            "n_contacts_bound": "at_least" if rng.random() < 0.15 else "exact",
            "duration_text": "ein paar Tage" if has_span[i] else None,
            "duration_hours": hours[i] if has_span[i] else np.nan,
            "duration_bound": bound[i] if has_span[i] else None,
            "intervened_by": rng.choice(ACTORS) if rng.random() < 0.3 else None,
            "n_steps": int(n_steps[i]), "needs_review": review[i],
        })
    return pd.DataFrame(case_rows), pd.DataFrame(step_rows)
