"""Figures about the language of the stories (notebook 06)."""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator, MultipleLocator

from ..caseids import case_ids, shown_ids
from ..export import Chart
from ..style import GREY, OKABE_ITO, TWO_COLUMN, theme
from . import scale
from .empty import nothing_to_draw

MAX_PANELS = 12


def distinctive_terms(table: pd.DataFrame, posts: pd.DataFrame | None = None, k: int = 8,
                      ncols: int = 3) -> Chart:
    """Small multiples, one panel per post: its top-``k`` terms by weighted log-odds z-score against the rest.

    ``table`` as from :func:`servicestories.language.top_terms` (columns ``post_id, rank, label, count,
    count_rest, z``); ``posts`` (optional) supplies the titles shown above the panels. Each bar is labelled
    with how often the term occurs in this post and in all other posts together. Terms are lemmas, shown as
    written in German. With more than :data:`MAX_PANELS` posts in the table, the first :data:`MAX_PANELS` by
    post id are drawn and the caption says so (a stated sample).

    For a corpus of more than :data:`MAX_PANELS` posts pass the table of
    :func:`servicestories.language.group_distinctive_terms` instead (a ``group`` column, e.g. the company, and
    ``n_posts``): one panel per group, each against all other posts pooled, groups in order of size.
    """
    if "group" in table.columns:
        return _by_group(table, k, ncols)
    data = table[table["rank"] <= k].sort_values(["post_id", "rank"]).reset_index(drop=True)
    all_ids = sorted(data["post_id"].unique())
    if not all_ids:
        return _no_terms(table, "post")
    post_ids = all_ids[:MAX_PANELS]
    data = data[data["post_id"].isin(post_ids)].reset_index(drop=True)
    titles = dict(zip(posts["post_id"], posts["title"])) if posts is not None else {}
    data.insert(1, "title", data["post_id"].map(titles).fillna("") if titles else "")
    data = data[["post_id", "title", "rank", "term", "label", "count", "count_rest", "z"]]
    short = case_ids(all_ids)
    shown = shown_ids(short.to_numpy())
    chart = _panels(data, "post_id", post_ids,
                    {pid: _panel_title(shown[short[pid]], titles.get(pid, "")) for pid in post_ids},
                    k, ncols, "uses in this post | in all others", "post")
    n_posts = len(post_ids)
    size = ""
    if "n_post" in table.columns:
        sizes = table[table["post_id"].isin(post_ids)].drop_duplicates("post_id")["n_post"]
        lo, hi = int(sizes.min()), int(sizes.max())
        size = f" of {lo}-{hi} content words" if lo != hi else f" of {lo} content words"
    caption = (
        "Most distinctive words of each post ("
        + (f"n = {n_posts} posts; every post drawn" if n_posts == len(all_ids) else
           f"the first {n_posts} of {len(all_ids)} posts by id drawn, a sample; no company has two posts to "
           "pool")
        + f"): the top {k} lemmas by "
        "weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008), each post against "
        "all other posts pooled; German stop words removed, negations kept. Numbers give the uses in the post "
        f"and in all other posts. On texts{size} the z-scores are descriptive rankings, not "
        "significance tests; ties are ordered by count, then alphabetically."
    )
    return Chart(chart, data, caption, "language.distinctive_terms")


def _no_terms(table: pd.DataFrame, unit: str) -> Chart:
    return nothing_to_draw(
        "Distinctive words", f"No {unit} uses any lemma more often than all other posts pooled (no positive "
        "weighted log-odds z-score): the posts do not differ in their words.", table, "language.distinctive_terms")


def _by_group(table: pd.DataFrame, k: int, ncols: int) -> Chart:
    data = table[table["rank"] <= k].reset_index(drop=True)
    if data.empty:
        return _no_terms(table, "company")
    sizes = data.drop_duplicates("group").set_index("group")["n_posts"]
    groups = sorted(sizes.index, key=lambda g: (-int(sizes[g]), g))
    if len(groups) > MAX_PANELS:
        raise ValueError(f"distinctive_terms: {len(groups)} groups; draw at most {MAX_PANELS}")
    data = data.assign(_g=data["group"].map({g: i for i, g in enumerate(groups)})).sort_values(
        ["_g", "rank"], kind="mergesort").drop(columns="_g")
    data = data[["group", "n_posts", "rank", "term", "label", "count", "count_rest", "z"]].reset_index(drop=True)
    titles = {g: f"{g} (n = {int(sizes[g]):,} posts)" for g in groups}
    fig = _panels(data, "group", groups, titles, k, ncols, "uses in these posts | in all others", "company")
    n_in = int(sizes.sum())
    caption = (
        f"Most distinctive words per company ({scale.most(len(groups), 'posts', 'named companies')}, {n_in:,} "
        "posts; "
        "n on every panel): the top {k} lemmas by weighted log-odds ratio with an informative Dirichlet prior "
        "(Monroe et al. 2008), the pooled posts about each company against all other posts of the corpus "
        "(also those about other or unnamed companies); German stop words removed, negations kept. Numbers give "
        "the uses in the company's posts and in all other posts. The company of a post is the coded company "
        "(automatic codes where no hand codes exist). z-scores are descriptive rankings, not significance tests."
    ).replace("{k}", str(k))
    return Chart(fig, data, caption, "language.distinctive_terms")


def _panels(data: pd.DataFrame, key: str, post_ids: list, titles: dict, k: int, ncols: int, numbers: str,
            unit: str) -> plt.Figure:

    ncols = min(ncols, len(post_ids))
    nrows = math.ceil(len(post_ids) / ncols)
    xmax = float(data["z"].max())
    with theme():
        fig, axes = plt.subplots(nrows, ncols, figsize=(TWO_COLUMN, 0.45 + nrows * (0.55 + 0.17 * k)),
                                 sharex=True, squeeze=False)
        for ax, pid in zip(axes.flat, post_ids):
            d = data[data[key] == pid]
            y = list(range(len(d)))[::-1]
            only = d["count_rest"].to_numpy() == 0
            colors = [OKABE_ITO[4] if o else OKABE_ITO[1] for o in only]
            ax.barh(y, d["z"], color=colors, height=0.7)
            for yi, z, c, r in zip(y, d["z"], d["count"], d["count_rest"]):
                ax.text(z + xmax * 0.03, yi, f"{c} | {r}", va="center", fontsize=6, color="#333333")
            ax.set_yticks(y, d["label"].tolist())
            ax.set_ylim(-0.6, k - 0.4)
            ax.tick_params(axis="y", length=0, labelsize=7)
            ax.spines["left"].set_visible(False)
            ax.set_title(titles[pid], loc="left", fontsize=7.5)
        for ax in axes.flat[len(post_ids):]:
            ax.axis("off")
        for n, ax in enumerate(axes.flat[: len(post_ids)]):
            ax.tick_params(axis="x", labelbottom=True)  # every panel keeps its scale
            if n + ncols >= len(post_ids):  # lowest drawn panel of its column
                ax.set_xlabel(f"z-score ({unit} vs. rest)")
        # a tick per unit for small scores; beyond, a few round steps (z grows with the corpus: 50 and more); below
        # one (posts that barely differ) fractions, so that the axis still has a scale
        axes.flat[0].xaxis.set_major_locator(
            MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]) if xmax < 2 else MultipleLocator(1) if xmax <= 6
            else MaxNLocator(nbins=6, integer=True, steps=[1, 2, 5, 10]))
        axes.flat[0].set_xlim(0, xmax * 1.32)
        spare = axes.flat[len(post_ids)] if len(post_ids) < nrows * ncols else None
        handles = [plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO[4]), plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO[1])]
        legend_labels = [f"only in this {unit}" if unit == "post" else "only in this company's posts",
                         "also in other posts"]
        if spare is not None:
            spare.legend(handles, legend_labels, loc="upper left", frameon=False, title="term used")
            spare.text(0.02, 0.42, f"numbers at the bars:\n{numbers}",
                       transform=spare.transAxes, fontsize=6.5, va="top", color="#333333")
        else:
            fig.legend(handles, legend_labels, loc="outside lower center", ncols=2, frameon=False)
        for ax in axes.flat[: len(post_ids)]:
            ax.axvline(0, color=GREY, linewidth=0.6)
    return fig


def _panel_title(num: str, title: str, width: int = 26) -> str:
    """``NNN  Title`` (``num``: the post's case id, :func:`servicestories.caseids.case_ids`) wrapped to two lines of at
    most ``width`` characters (German kept verbatim)."""
    if not title:
        return num
    lines = textwrap.wrap(f"{num}  {title}", width=width, max_lines=2, placeholder=" …")
    return "\n".join(lines)
