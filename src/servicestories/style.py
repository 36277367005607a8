"""The one figure theme (tueplots style): an rcParams dict applied with ``matplotlib.rc_context``.

Colours are colour-blind safe: Okabe & Ito (2008) for the first eight channels, Paul Tol's "muted" scheme for
the rest; outcomes are told apart by marker shape *and* fill, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
import seaborn as sns
from matplotlib.rcsetup import cycler

from .vocab import ACTORS, CHANNELS, OUTCOMES

ONE_COLUMN = 3.5  # inches
TWO_COLUMN = 7.0

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
GREY = "#BBBBBB"

#: A fixed colour per channel, so a channel has the same colour in every figure.
CHANNEL_COLORS: dict[str, str] = dict(zip(
    CHANNELS,
    ["#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#882255", "#D55E00",
     "#000000", "#999933", "#332288", "#44AA99", "#DDCC77", "#AA4499"],
))
#: Marker shape per outcome (filled = resolved, half = partial, open = unresolved / unclear).
OUTCOME_MARKERS: dict[str, dict] = {
    "resolved": {"marker": "o", "fillstyle": "full"},
    "partially_resolved": {"marker": "o", "fillstyle": "left"},
    "unresolved": {"marker": "X", "fillstyle": "full"},
    "unclear": {"marker": "o", "fillstyle": "none"},
}
assert set(OUTCOME_MARKERS) == set(OUTCOMES)
#: Marker shape per actor in journey plots.
ACTOR_MARKERS: dict[str, str] = dict(zip(ACTORS, ["o", "s", "D", "^", "P", "*", "p", "h", "v"]))

RC: dict = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: identical glyphs on every machine
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=OKABE_ITO),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.03,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "servicestories",
    "path.simplify": True,
    "image.cmap": "cividis",
}


@contextmanager
def theme() -> Iterator[None]:
    """Seaborn's ``paper`` context plus :data:`RC`, for everything drawn inside the block."""
    with mpl.rc_context(sns.plotting_context("paper")), mpl.rc_context(RC):
        yield


def figsize(width: str | float = "one", height: float | None = None, aspect: float = 0.62) -> tuple[float, float]:
    """Figure size for ``"one"`` (3.5 in) or ``"two"`` (7 in) columns."""
    w = float({"one": ONE_COLUMN, "two": TWO_COLUMN}.get(width, width) if isinstance(width, str) else width)
    return (w, float(height if height is not None else w * aspect))
