"""Figures about escalation journeys (notebook 05): one swimlane per case (up to
:data:`~servicestories.figures.scale.SMALL_N` cases; beyond that the most frequent channel paths with their
counts), and the channel transitions (a matrix whose size is bounded by the vocabulary, at any n)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .. import journeys as J
from ..export import Chart
from ..style import (
    ACTOR_MARKERS,
    CHANNEL_COLORS,
    GREY,
    OKABE_ITO,
    ONE_COLUMN,
    TWO_COLUMN,
    figsize,
    theme,
)
from ..vocab import ACTORS, OUTCOME_LABELS, OUTCOMES, label
from ..wording import none_of
from . import scale
from .empty import nothing_to_draw

MAX_LANES = scale.SMALL_N  #: up to this many cases, one swimlane each; beyond, the most frequent paths
MAX_STEPS = 15  #: steps drawn per swimlane (their numbers stay legible); a longer case shows how many more it has
TOP_PATHS = 15  #: paths drawn in the large-n regime (plus one row "all other paths")
FLAG = "⚑"
INK = "#333333"
LINE = "#9A9A9A"
#: The outcome ends each lane as a boxed label (filled = resolved, light = partial, open = unresolved, dashed =
#: unclear), so it cannot be mistaken for a step marker. Same fill logic as style.OUTCOME_MARKERS.
OUTCOME_BOX = {
    "resolved": {"facecolor": INK, "edgecolor": INK, "linewidth": 0.8},
    "partially_resolved": {"facecolor": "#DDDDDD", "edgecolor": INK, "linewidth": 0.8},
    "unresolved": {"facecolor": "white", "edgecolor": INK, "linewidth": 0.8},
    "unclear": {"facecolor": "white", "edgecolor": INK, "linewidth": 0.8, "linestyle": (0, (2, 1.5))},
}
MARKER_SIZE = {"*": 9.5, "P": 7.5, "X": 7.5, "h": 7.5, "p": 7.5}  # these shapes look small at equal size


def _shown(code: str) -> str:
    """Display form of a code (``frontline_agent`` -> ``frontline agent``), shared with every figure."""
    return label(code)


def _color(state: str) -> str:
    return CHANNEL_COLORS.get(state, GREY)


def _header(text: str) -> tuple[Line2D, str]:
    return Line2D([], [], linestyle="none"), text


def escalation_journeys(steps: pd.DataFrame, *, label: str = "hand codes") -> Chart:
    """Swimlanes: one row per case ("company (case_id)"), its steps in story order (x = step number), each a
    marker coloured by channel (grey: channel not stated) and shaped by actor, joined by a line and ending in
    the outcome (a boxed label); the resolving step is ringed.

    ``steps`` as from :func:`servicestories.journeys.journey_steps`. ``label`` names the codes drawn (the
    caption says it). With more than :data:`MAX_LANES` cases the figure shows the :data:`TOP_PATHS` most
    frequent channel paths instead (:func:`servicestories.journeys.top_paths`), counted per outcome.
    """
    all_cases = list(dict.fromkeys(steps.sort_values("lane_index", kind="mergesort")["case_id"]))
    if not all_cases:
        return nothing_to_draw("Escalation journeys", _no_steps(steps, label), steps,
                               "journeys.escalation_journeys")
    if len(all_cases) > MAX_LANES:
        return _top_paths(steps, label)
    drawn = all_cases
    data = steps[steps["case_id"].isin(drawn)].reset_index(drop=True)
    lanes = data.drop_duplicates("case_id").reset_index(drop=True)
    hidden = (lanes.set_index("case_id")["n_steps"] - MAX_STEPS).clip(lower=0)  # steps beyond the drawn ones
    n_lanes, max_step = len(lanes), min(int(data["step"].max()), MAX_STEPS)
    y_of = {cid: n_lanes - 1 - i for i, cid in enumerate(lanes["case_id"])}  # first case on top

    with theme():
        fig, ax = plt.subplots(figsize=scale.capped(figsize("two", 0.75 + 0.36 * n_lanes if n_lanes > 4 else 2.2)))
        labels = []
        for cid, d in data[data["step"] <= MAX_STEPS].groupby("case_id", sort=False):
            y = y_of[cid]
            x = d["step"].to_numpy(dtype=float)
            if hidden[cid]:
                ax.annotate(f"+{scale.plural(int(hidden[cid]), 'step')}", xy=(x[-1], y), xytext=(0, 7),
                            textcoords="offset points", ha="center", va="bottom", fontsize=5.5, color=INK)
            ax.plot(x, [y] * len(x), color=LINE, linewidth=1.0, zorder=1, solid_capstyle="round")
            for xi, state, actor, resolving in zip(x, d["state"], d["actor"], d["resolving"]):
                m = ACTOR_MARKERS.get(actor, "o")
                ax.plot(xi, y, linestyle="none", marker=m, markersize=MARKER_SIZE.get(m, 6.5),
                        markerfacecolor=_color(state), markeredgecolor=INK, markeredgewidth=0.5, zorder=3)
                if resolving:
                    ax.plot(xi, y, linestyle="none", marker="o", markersize=13, markerfacecolor="none",
                            markeredgecolor=INK, markeredgewidth=1.1, zorder=2)
            outcome = d["outcome"].iloc[0] if pd.notna(d["outcome"].iloc[0]) else "unclear"
            labels.append(ax.annotate(
                _shown(outcome), xy=(x[-1], y), xytext=(15, 0), textcoords="offset points", va="center",
                ha="left", fontsize=6.5, zorder=4, color="white" if outcome == "resolved" else INK,
                bbox=OUTCOME_BOX.get(outcome, OUTCOME_BOX["unclear"]) | {"boxstyle": "round,pad=0.3"},
                arrowprops={"arrowstyle": "-", "color": LINE, "linewidth": 0.8, "linestyle": (0, (1.5, 1.5)),
                            "shrinkA": 0, "shrinkB": 7.5}))

        flags = lanes["flagged"] if "flagged" in lanes.columns else [False] * n_lanes
        ax.set_yticks([y_of[c] for c in lanes["case_id"]],
                      [f"{lane} {FLAG}" if f else lane for lane, f in zip(lanes["lane"], flags)])
        ax.set_ylim(-0.6, n_lanes - 0.4)
        ax.set_xticks(range(1, max_step + 1))
        ax.set_xlim(0.5, max_step + 1.0)
        ax.spines["bottom"].set_bounds(1, max_step)
        ax.set_xlabel("contact step, in story order  →  outcome")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.grid(axis="y", color="#E6E6E6", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)

        states = J.state_order(data["state"])
        actors = [a for a in ACTORS if a in set(data["actor"])] + sorted(set(data["actor"].dropna()) - set(ACTORS))
        ch = [_header("channel (colour)")] + [
            (Line2D([], [], linestyle="none", marker="s", markersize=6, markerfacecolor=_color(s),
                    markeredgecolor=INK, markeredgewidth=0.5), _shown(s)) for s in states]
        ac = [_header("actor (shape)")] + [
            (Line2D([], [], linestyle="none", marker=ACTOR_MARKERS.get(a, "o"),
                    markersize=MARKER_SIZE.get(ACTOR_MARKERS.get(a, "o"), 6.5) * 0.9, markerfacecolor="white",
                    markeredgecolor=INK, markeredgewidth=0.7), _shown(a)) for a in actors]
        ac += [_header(""), (Line2D([], [], linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                                    markeredgecolor=INK, markeredgewidth=1.1), "resolving step")]
        if "flagged" in lanes.columns and lanes["flagged"].any():
            ac += [(Line2D([], [], linestyle="none", marker=f"${FLAG}$", markersize=7, color=INK),
                    "flagged for review")]
        rows = max(len(ch), len(ac))
        blank = (Line2D([], [], linestyle="none"), "")
        entries = ch + [blank] * (rows - len(ch)) + ac + [blank] * (rows - len(ac))
        leg = fig.legend([h for h, _ in entries], [t for _, t in entries], loc="outside right upper", ncols=2,
                         frameon=False, handlelength=1.2, handletextpad=0.5, columnspacing=1.0, labelspacing=0.45)
        for text in leg.get_texts():
            if text.get_text() in ("channel (colour)", "actor (shape)"):
                text.set_fontweight("bold")
                text.set_position((-22, 0))
        _fit_labels(fig, ax, labels)  # last: needs the final layout, legend included

    n_cases, n_steps = len(all_cases), len(steps)
    scope = (f"n = {n_cases} cases, {n_steps} steps; every case drawn" if len(drawn) == n_cases else
             f"the first {len(drawn)} of {n_cases} cases by case id drawn, {len(data)} of {n_steps} steps")
    n_unstated = int((data["state"] == J.NOT_STATED).sum())
    caption = (
        f"Escalation journeys, one row per case ({scope}). Each marker is a contact step in story order, "
        "coloured by channel and shaped by the actor on the company's side (the customer for their own public "
        "moves and for attempts that reached nobody); the row ends in the case's outcome (boxed; filled = "
        "resolved). A ring marks the resolving step, taken to be the last step in the coded resolution channel. "
        + (f"{n_unstated} steps whose channel the post does not state are grey. " if n_unstated else "")
        + "Step numbers give order only, not time."
        + (f" {FLAG} after a case: its channel, resolution or outcome code is flagged for review by the extractor "
           f"({scale.plural(int(lanes['flagged'].sum()), 'case')})." if "flagged" in lanes and lanes["flagged"].any()
           else "")
        + (f" Steps after the {MAX_STEPS}th of a case are not drawn ({scale.plural(int((hidden > 0).sum()), 'case')}, "
           f"{scale.plural(int(hidden.sum()), 'step')}; the number above the lane's last marker counts them)."
           if hidden.any() else "")
        + without_steps_note(steps)
        + f" Codes: {label}."
    )
    return Chart(fig, data, caption, "journeys.escalation_journeys")


def _no_steps(frame: pd.DataFrame, label: str) -> str:
    k = J.cases_without_steps(frame)
    none = none_of(k, "case", "has a coded contact step", "has no coded contact step") if k else \
        "No case has a coded contact step."
    return f"{none} Codes: {label}."


def without_steps_note(frame: pd.DataFrame) -> str:
    """Caption sentence on the cases without a coded contact step (``attrs`` of :func:`journey_steps` and
    :func:`transitions`), which no journey or transition shows; empty when there are none."""
    k = J.cases_without_steps(frame)
    if not k:
        return ""
    return f" Not shown: {scale.plural(k, 'case')} without a coded contact step."


#: Outcome colours of the path bars (same as the escalation figures; unclear grey).
PATH_COLORS = {"resolved": OKABE_ITO[4], "partially_resolved": OKABE_ITO[1], "unresolved": OKABE_ITO[5],
               "unclear": "#999999"}


def _top_paths(steps: pd.DataFrame, label: str) -> Chart:
    data = J.top_paths(steps, k=TOP_PATHS)
    rows = data.drop_duplicates("rank").sort_values("rank")
    n_cases = int(steps["case_id"].nunique())
    ys = list(range(len(rows)))[::-1]
    y_of = dict(zip(rows["path"], ys))
    with theme():
        fig, ax = plt.subplots(figsize=scale.LARGE_SIZE["escalation_journeys"])
        left = dict.fromkeys(rows["path"], 0.0)
        n_of = dict(zip(rows["path"], rows["n_cases"]))
        for outcome in OUTCOMES:
            d = data[data["outcome"] == outcome]
            if d.empty:
                continue
            share = [c / n_of[p] for p, c in zip(d["path"], d["cases"])]
            ax.barh([y_of[p] for p in d["path"]], share, left=[left[p] for p in d["path"]],
                    height=0.7 if len(rows) >= 8 else 0.45,
                    color=PATH_COLORS[outcome], label=OUTCOME_LABELS[outcome], edgecolor="white", linewidth=0.4)
            for p, sh in zip(d["path"], share):
                if sh >= 0.1:
                    ax.text(left[p] + sh / 2, y_of[p], f"{sh:.0%}", ha="center", va="center", fontsize=5.5,
                            color="white" if outcome in ("resolved", "unresolved") else "black")
                left[p] += sh
        if rows["path_flagged"].any():
            ax.text(1.02, len(rows) - 0.45, "flagged", ha="left", va="bottom", fontsize=6.5, style="italic",
                    color="#555555")
            for y, n, f in zip(ys, rows["n_cases"], rows["path_flagged"]):
                ax.text(1.02, y, f"{f / n:.0%}" if f else "–", ha="left", va="center", fontsize=6.5,
                        color="#555555")
        ax.set_yticks(ys, [scale.row_label(scale.clip(p.replace("_", " "), 46), int(n), width=60)
                           for p, n in zip(rows["path"], rows["n_cases"])])
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlabel("share of the path's cases, by outcome")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        fig.legend(loc="outside lower center", frameon=False, ncols=4, title="outcome of the case")
    shown = int(rows.loc[rows["path"] != J.OTHER_PATHS, "n_cases"].sum())
    n_flag = int(rows["path_flagged"].sum())
    caption = (
        f"The {len(rows) - (J.OTHER_PATHS in set(rows['path']))} most frequent escalation journeys (n = "
        f"{n_cases:,} cases; {shown:,} follow one of these paths, the other {n_cases - shown:,} are pooled as "
        "“all other paths”, as is every path of a single case). A path lists the channels of a case's steps in story "
        "order, with repeated steps in one channel collapsed (“phone ×3”); “not stated” is a step whose channel the "
        "post does not give. "
        "Each bar splits the path's cases by outcome; n on every row. Shares of these posts, not rates."
        + (f" {scale.plural(n_flag, 'case')} with a channel, resolution or outcome code flagged for "
           "review by the extractor (\"flagged\" column: share per row)." if n_flag else "")
        + without_steps_note(steps)
        + f" Codes: {label}."
    )
    return Chart(fig, data, caption, "journeys.escalation_journeys")


def channel_transitions(table: pd.DataFrame, *, label: str = "hand codes") -> Chart:
    """Transition matrix heatmap: from-state rows (``start`` first, then channels) × to-state columns
    (channels, then outcomes); each cell counts transitions, zero cells are blank.

    ``table`` as from :func:`servicestories.journeys.transitions` (columns ``kind, from, to, n, cases,
    case_ids``). Steps without a stated channel are the state "not stated"; consecutive steps in the same
    channel are on the diagonal.
    """
    if table.empty:
        return nothing_to_draw("Channel transitions", _no_steps(table, label), table, "journeys.channel_transitions")
    data = table.reset_index(drop=True)
    m = J.transition_matrix(data)
    rows, cols = list(m.index), list(m.columns)
    n_channel_cols = sum(c not in J.OUTCOMES_SET for c in cols)
    values = m.to_numpy(dtype=float)
    shown = np.where(values > 0, values, np.nan)

    with theme():
        wide = len(cols) > 11  # up to 11 columns fit one column of a page
        cell = (TWO_COLUMN - 1.3) / max(len(cols), 1) if wide else (ONE_COLUMN - 1.15) / max(len(cols), 1)
        fig, ax = plt.subplots(figsize=(TWO_COLUMN if wide else ONE_COLUMN, 1.2 + cell * len(rows)))
        vmax = max(values.max(), 1.0)
        cmap = plt.get_cmap("cividis_r")
        im = ax.imshow(shown, cmap=cmap, vmin=0, vmax=vmax * 1.15, aspect="auto", interpolation="nearest")
        for (i, j), v in np.ndenumerate(values):
            if v > 0:
                r, g, b, _ = cmap(im.norm(v))
                dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
                ax.text(j, i, _count(v), ha="center", va="center", fontsize=6.5 if v < 1000 else 5.5,
                        color="white" if dark else "black")
        ax.set_xticks(range(len(cols)), [_short(c) for c in cols], rotation=45, ha="right",
                      rotation_mode="anchor")
        ax.set_yticks(range(len(rows)), ["(start of case)" if r == J.START else _short(r) for r in rows])
        ax.set_xticks(np.arange(-0.5, len(cols)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
        ax.grid(which="minor", color="#E3E3E3", linewidth=0.6)
        ax.tick_params(which="both", length=0)
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)
        if rows and rows[0] == J.START:
            ax.axhline(0.5, color=INK, linewidth=0.9)
        if n_channel_cols < len(cols):
            ax.axvline(n_channel_cols - 0.5, color=INK, linewidth=0.9)
        ax.set_ylabel("from: channel of a step")
        ax.set_xlabel("to: channel of the next step  |  outcome")
        ax.xaxis.set_label_position("bottom")

    counts = data.groupby("kind")["n"].sum()
    n_cases = len(set(";".join(data["case_ids"]).split(";")))
    n_step = int(counts.get("step", 0))
    n_same = int(data.loc[data["kind"].eq("step") & data["from"].eq(data["to"]), "n"].sum())
    caption = (
        f"Channel transitions across all cases (n = {n_cases} cases, {n_step} step-to-step transitions, plus "
        f"{int(counts.get('start', 0))} case starts and {int(counts.get('end', 0))} case ends). Each cell counts "
        "how often a step in the row's channel was followed, in the same case, by a step in the column's "
        "channel; the top row gives each case's first channel, the right-hand columns the outcome after its "
        f"last step. Repeated steps in one channel lie on the diagonal ({n_same} of the {n_step}). Steps whose "
        "channel the post does not state are kept as \"not stated\", so every transition is counted. Empty "
        "cells: no transition. Counts of single cases, not rates."
        + without_steps_note(table)
        + f" Codes: {label}."
    )
    if n_cases > scale.SMALL_N:  # the CSV stays aggregated: no list of every case id
        data = data.drop(columns=["case_ids"])
    return Chart(fig, data, caption, "journeys.channel_transitions")


def _count(v: float) -> str:
    """``7``, ``987``, ``1.2k``, ``12k`` (cell labels stay short at any n)."""
    v = int(v)
    if v < 1000:
        return str(v)
    return f"{v / 1000:.1f}k" if v < 10000 else f"{v // 1000}k"


def _fit_labels(fig: plt.Figure, ax: plt.Axes, labels: list) -> None:
    """Widen the x range so that the boxed outcome labels end inside the axes (no clash with the legend)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas; stubs type FigureCanvasBase
    inv = ax.transData.inverted()
    right = max(inv.transform([[t.get_bbox_patch().get_window_extent(renderer).x1, 0]])[0][0] for t in labels)
    lo, hi = ax.get_xlim()
    if right + 0.2 > hi:
        ax.set_xlim(lo, right + 0.2)


def _short(state: str) -> str:
    return "not stated" if state == J.NOT_STATED else _shown(state)
