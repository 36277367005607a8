"""Figures about the corpus itself (notebook 01)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..export import Chart
from ..style import OKABE_ITO, figsize, theme


def post_lengths(posts: pd.DataFrame) -> Chart:
    """Horizontal bars: words in the story body per post, comments marked; every post drawn."""
    data = posts[["post_id", "title", "n_words", "n_sentences", "n_comments"]].sort_values("post_id").reset_index(
        drop=True)
    labels = [f"{pid.split('_')[0]}  {_short(title)}" for pid, title in zip(data.post_id, data.title)]
    with theme():
        fig, ax = plt.subplots(figsize=figsize("one", 0.45 + 0.32 * len(data)))
        y = range(len(data))[::-1]
        ax.barh(list(y), data.n_words, color=OKABE_ITO[4], height=0.6)
        for yi, (w, c) in zip(y, zip(data.n_words, data.n_comments)):
            note = f"{w}" + (f"  +{c} comment{'s' if c != 1 else ''}" if c else "")
            ax.text(w + data.n_words.max() * 0.02, yi, note, va="center", fontsize=6.5)
        ax.set_yticks(list(y), labels)
        ax.set_xlabel("words in the story (title, boilerplate and comments excluded)")
        ax.set_xlim(0, data.n_words.max() * 1.45)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    caption = (f"Length of each post's story in words (n = {len(data)} posts; every post drawn). "
               "Reader comments are counted separately and not included in the word count.")
    return Chart(fig, data, caption, "post_lengths")


def _short(title: str, width: int = 28) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"
