"""The figure for a corpus that gives a chart nothing to draw (e.g. no case with a coded contact step): a small
page that says so, with the same words in the caption, so that the run, the figure index and the write-up stay
complete and the reader sees why the chart is empty instead of missing it."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from ..export import Chart
from ..style import ONE_COLUMN, theme


def nothing_to_draw(title: str, reason: str, data: pd.DataFrame, function: str) -> Chart:
    """A :class:`~servicestories.export.Chart` of ``title`` that draws only ``reason`` (why there is nothing to
    draw); the caption is ``"<title>: nothing to draw. <reason>"`` and ``data`` the (empty) table behind it."""
    caption = f"{title}: nothing to draw. {reason}"
    with theme():
        fig, ax = plt.subplots(figsize=(ONE_COLUMN, 1.2))
        ax.axis("off")
        ax.text(0.5, 0.5, textwrap.fill(caption, 58), ha="center", va="center", fontsize=7, color="#333333",
                transform=ax.transAxes)
    return Chart(fig, data.reset_index(drop=True), caption, function)
