"""Per-company grouping for large corpora: the data side of "top companies + all others".

Up to :data:`SMALL_N` cases every case is its own row. Beyond that, tables and figures aggregate per company: the
:data:`TOP_K` companies with the most cases, then one row :data:`OTHERS`. Used by the tidy tables
(:mod:`servicestories.escalation`) and by the figures (:mod:`servicestories.figures.scale`).
"""

from __future__ import annotations

import pandas as pd

#: Up to this many cases (or posts) every case is drawn individually; beyond it, figures aggregate.
SMALL_N = 24
#: Companies drawn as their own row in the large-n regime; the rest are pooled as :data:`OTHERS`.
TOP_K = 12
OTHERS = "all others"
#: A company (or path) needs this many cases for a row of its own; single stories are pooled.
MIN_ROW = 2


def is_small(n: int) -> bool:
    return n <= SMALL_N


def group_order(companies: pd.Series, k: int = TOP_K, min_n: int = MIN_ROW) -> tuple[pd.Series, list[str]]:
    """Map each case's company to its row: one of the ``k`` companies with most cases (ties alphabetically; at
    least ``min_n`` cases each, so that no row is a single story), or :data:`OTHERS`. Returns the group per case
    (same index) and the row order (largest first, others last)."""
    company = companies.fillna("unnamed").astype(str).replace("", "unnamed")
    counts = company.value_counts()
    ranked = [(c, n) for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_n]
    top = [c for c, _ in ranked[:k]]
    if len(ranked) == k + 1 and len(counts) == k + 1:  # pooling one company as "all others" hides nothing
        top.append(ranked[k][0])
    group = company.where(company.isin(top), OTHERS)
    order = top + ([OTHERS] if (group == OTHERS).any() else [])
    return group, order
