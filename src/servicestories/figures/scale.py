"""How big a figure may get, and the shared pieces of the large-n regime (top companies + "all others").

Up to :data:`SMALL_N` cases every case is drawn as its own row. Beyond that, figures aggregate per company:
the :data:`TOP_K` companies with the most cases, then one row "all others", each row labelled with its n.
Figure sizes in the large regime are fixed (:data:`LARGE_SIZE`), never a function of the number of cases.
"""

from __future__ import annotations

from ..grouping import MIN_ROW, OTHERS, SMALL_N, TOP_K, group_order, is_small
from ..wording import agree, clip, plural

__all__ = ["LARGE_SIZE", "MAX_INCHES", "MIN_ROW", "OTHERS", "SMALL_N", "TOP_K", "agree", "capped", "clip",
           "group_order", "is_small", "most", "plural", "row_label"]

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


def capped(size: tuple[float, float]) -> tuple[float, float]:
    """``size`` with each side capped at :data:`MAX_INCHES`."""
    return (min(float(size[0]), MAX_INCHES), min(float(size[1]), MAX_INCHES))


def row_label(name: str, n: int, width: int = 22) -> str:
    """``"Telekom (n = 41)"``; long names shortened with an ellipsis."""
    return f"{clip(name, width)} (n = {n:,})"


def most(n: int, what: str, kind: str = "companies") -> str:
    """``"the 12 companies with most cases"``; ``"the company with most cases"`` for one (``kind``: the plural,
    e.g. ``"named companies"``; its last word is made singular)."""
    if n == 1:
        one = kind[:-3] + "y" if kind.endswith("ies") else kind.removesuffix("s")
        return f"the {one} with most {what}"
    return f"the {n:,} {kind} with most {what}"
