"""How big a figure may get, and the shared pieces of the large-n regime (top companies + "all others").

Up to :data:`SMALL_N` cases every case is drawn as its own row. Beyond that, figures aggregate per company:
the :data:`TOP_K` companies with the most cases, then one row "all others", each row labelled with its n.
Figure sizes in the large regime are fixed (:data:`LARGE_SIZE`), never a function of the number of cases.
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
#: Largest side of any figure in inches (13.3 in = 4,000 px at 300 dpi).
MAX_INCHES = 13.3

#: Fixed sizes (inches) of the large-n figures.
LARGE_SIZE: dict[str, tuple[float, float]] = {
    "post_lengths": (3.5, 2.5),
    "escalation_lengths": (7.0, 4.4),
    "resolution_channels": (7.0, 4.6),
    "escalation_journeys": (7.0, 4.4),
    "distinctive_terms": (7.0, 6.4),
}


def is_small(n: int) -> bool:
    return n <= SMALL_N


def capped(size: tuple[float, float]) -> tuple[float, float]:
    """``size`` with each side capped at :data:`MAX_INCHES`."""
    return (min(float(size[0]), MAX_INCHES), min(float(size[1]), MAX_INCHES))


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


def row_label(name: str, n: int, width: int = 22) -> str:
    """``"Telekom (n = 41)"``; long names shortened with an ellipsis."""
    if len(name) > width:
        name = name[: width - 1].rstrip() + "…"
    return f"{name} (n = {n:,})"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
