"""Figures about the corpus itself (notebook 01)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from ..caseids import case_ids, shown_ids
from ..export import Chart
from ..style import OKABE_ITO, figsize, theme
from . import scale


def post_lengths(posts: pd.DataFrame) -> Chart:
    """Words in the story body per post. Up to :data:`~servicestories.figures.scale.SMALL_N` posts: horizontal
    bars, one per post, comments marked. Beyond: a histogram of the lengths (fixed size; the CSV holds the bins)."""
    if not scale.is_small(len(posts)):
        return _length_histogram(posts)
    data = posts[["post_id", "title", "n_words", "n_sentences", "n_comments"]].sort_values("post_id").reset_index(
        drop=True)
    short = case_ids(data.post_id)
    shown = shown_ids(short.to_numpy(), width=16)  # one column: the id and the title share the label's width
    labels = [f"{shown[short[pid]]}  {scale.clip(title, 28)}" for pid, title in zip(data.post_id, data.title)]
    with theme():
        fig, ax = plt.subplots(figsize=scale.capped(figsize("one", 0.45 + 0.32 * len(data))))
        y = range(len(data))[::-1]
        ax.barh(list(y), data.n_words, color=OKABE_ITO[4], height=0.6)
        for yi, (w, c) in zip(y, zip(data.n_words, data.n_comments)):
            note = f"{w:,}" + (f"  +{scale.plural(int(c), 'comment')}" if c else "")
            ax.text(w + data.n_words.max() * 0.02, yi, note, va="center", fontsize=6.5)
        ax.set_yticks(list(y), labels)
        ax.set_xlabel("words in the story (title, boilerplate and comments excluded)")
        ax.set_xlim(0, data.n_words.max() * 1.45)
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    caption = (f"Length of each post's story in words (n = {len(data)} posts; every post drawn). "
               "Reader comments are counted separately and not included in the word count.")
    return Chart(fig, data, caption, "post_lengths")


def _length_histogram(posts: pd.DataFrame, bins: int = 30) -> Chart:
    words = posts["n_words"].astype(float).to_numpy()
    # at most ``bins`` bins of a whole number of words each (posts of one length: one bin of one word)
    start = float(np.floor(words.min()))
    width = max(1.0, float(np.ceil((words.max() - start) / bins)))
    n_bins = max(1, int(np.ceil((words.max() - start) / width)))
    edges = start + width * np.arange(n_bins + 1)
    counts, _ = np.histogram(words, bins=edges)
    with_comments = posts["n_comments"].fillna(0).to_numpy() > 0
    counts_c, _ = np.histogram(words[with_comments], bins=edges)
    data = pd.DataFrame({"words_from": edges[:-1].round(1), "words_to": edges[1:].round(1), "posts": counts,
                         "posts_with_comments": counts_c})
    q = np.percentile(words, [25, 50, 75])
    with theme():
        fig, ax = plt.subplots(figsize=scale.LARGE_SIZE["post_lengths"])
        ax.stairs(counts, edges, fill=True, color=OKABE_ITO[4], label="all posts")
        if with_comments.any():
            ax.stairs(counts_c, edges, fill=True, color=OKABE_ITO[0], label="posts with comments")
        ax.axvline(q[1], color="#333333", linewidth=0.9, linestyle="--")
        ax.annotate(f"median {q[1]:,.0f}", (q[1], 1), xycoords=("data", "axes fraction"), xytext=(3, -2),
                    textcoords="offset points", va="top", fontsize=6.5, color="#333333")
        ax.set_xlabel("words in the story (title, boilerplate and comments excluded)")
        ax.set_ylabel("posts")
        ax.set_xlim(left=0)
        if with_comments.any():
            ax.legend(frameon=False, loc="upper right")
    n = len(posts)
    caption = (f"Length of the posts' stories in words (n = {n:,} posts, in {scale.plural(len(counts), 'bin')} of "
               f"{scale.plural(int(width), 'word')}; median {q[1]:,.0f}, middle half {q[0]:,.0f}–{q[2]:,.0f}, range "
               f"{words.min():,.0f}–{words.max():,.0f}). {int(with_comments.sum()):,} posts have reader comments, "
               "which are counted separately and not included in the word count.")
    return Chart(fig, data, caption, "post_lengths")

