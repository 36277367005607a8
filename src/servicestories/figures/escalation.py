"""Escalation figures per company (notebooks 03 and 04). Every case is drawn individually; nothing averaged.

The data prep (what is censored, which channel resolved a case) lives in :mod:`servicestories.escalation`;
these functions only draw the tidy tables it returns.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from ..escalation import LENGTH_COLUMNS, MATRIX_COLUMNS, matrix_columns, time_ticks
from ..export import Chart
from ..style import CHANNEL_COLORS, GREY, OKABE_ITO, OUTCOME_MARKERS, TWO_COLUMN, theme
from ..vocab import OUTCOME_LABELS, OUTCOMES

#: Outcome colour, redundant with the marker shape (shape alone must suffice).
OUTCOME_COLORS: dict[str, str] = {
    "resolved": OKABE_ITO[4], "partially_resolved": OKABE_ITO[1], "unresolved": OKABE_ITO[5], "unclear": "#555555",
}
INK = "#333333"
ARROW = dict(arrowstyle="-|>", mutation_scale=7, linewidth=1.0, shrinkA=4, shrinkB=0)


def _outcome_marker(ax, x, y, outcome: str, size: float = 6.5, zorder: int = 4) -> None:
    m = OUTCOME_MARKERS.get(outcome, OUTCOME_MARKERS["unclear"])
    color = OUTCOME_COLORS.get(outcome, OUTCOME_COLORS["unclear"])
    ax.plot([x], [y], linestyle="none", marker=m["marker"], fillstyle=m["fillstyle"], markersize=size,
            color=color, markeredgecolor=color, markerfacecoloralt="white", markeredgewidth=1.0, zorder=zorder)


def _outcome_handles(outcomes) -> list[Line2D]:
    present = [o for o in OUTCOMES if o in set(outcomes)]
    return [Line2D([], [], linestyle="none", marker=OUTCOME_MARKERS[o]["marker"],
                   fillstyle=OUTCOME_MARKERS[o]["fillstyle"], color=OUTCOME_COLORS[o],
                   markerfacecoloralt="white", markersize=6, label=OUTCOME_LABELS[o]) for o in present]


def _ring(ax, x, y, partial: bool = False, label: str | None = None):
    """The ring around a resolving channel (dashed when the case was only partially resolved)."""
    xs, ys = ([x], [y]) if not isinstance(x, list) else (x, y)
    return ax.scatter(xs, ys, s=130, facecolors="none", edgecolors="black", linewidths=1.1,
                      linestyles="--" if partial else "-", zorder=4, label=label)


def _legend_cols(n: int) -> int:
    return n if n <= 4 else math.ceil(n / 2)


#: Which time ticks to keep first when the axis is crowded (higher priority first).
_TICK_PRIORITY = ("1 h", "1 day", "1 month", "1 year", "1 week", "10 years", "1 min", "10 min")


def _spaced(ticks: list[tuple[float, str]], lo: float, hi: float, width_in: float,
            char_in: float = 0.058) -> list[tuple[float, str]]:
    """Drop low-priority ticks whose labels would touch a neighbour on a log axis ``width_in`` inches wide."""
    span = math.log10(hi / lo)

    def pos(h: float) -> float:
        return math.log10(h / lo) / span * width_in

    kept: list[tuple[float, str]] = []
    for h, lab in sorted(ticks, key=lambda t: _TICK_PRIORITY.index(t[1]) if t[1] in _TICK_PRIORITY else 99):
        half = len(lab) * char_in / 2
        if all(abs(pos(h) - pos(k)) > half + len(kl) * char_in / 2 + 0.08 for k, kl in kept):
            kept.append((h, lab))
    return sorted(kept)


def _source_note(source: str | None) -> str:
    return f" Codes: {source}." if source else ""


def escalation_lengths(table: pd.DataFrame, source: str | None = None) -> Chart:
    """Two panels sharing the case axis: contacts with the company (left) and elapsed time on a log axis (right).

    ``table`` from :func:`servicestories.escalation.length_table` (one row per case). The marker shows the
    outcome; a lower bound (contacts ``≥``, durations ``at_least``/``ongoing``) carries an arrow to the right,
    an upper bound an arrow to the left; approximate spans are prefixed ``~``; cases without a stated span
    say "not stated". Each span is labelled with the verbatim German phrase. ``source`` (e.g.
    ``codes.label``) is named in the caption.
    """
    data = table[LENGTH_COLUMNS].sort_values("case_id", kind="stable").reset_index(drop=True)
    if data.empty:
        raise ValueError("escalation_lengths: no cases to draw")
    n = len(data)
    ys = list(range(n))[::-1]  # first case on top
    spans = data["duration_hours"].dropna()
    lo_h = min(1.0, 10 ** math.floor(math.log10(spans.min() / 2))) if len(spans) else 1.0
    hi_h = max(8760.0, spans.max() * 12) if len(spans) else 8760.0  # room for the censoring arrows
    max_c = int(data["n_contacts"].max()) if data["n_contacts"].notna().any() else 1
    c_hi = max_c + 2.4

    with theme():
        fig, (axc, axt) = plt.subplots(
            1, 2, figsize=(TWO_COLUMN, 1.25 + 0.42 * n), sharey=True, gridspec_kw={"width_ratios": [1, 2.3]})
        for ax in (axc, axt):
            for y in ys:
                ax.axhline(y, color=GREY, linewidth=0.4, alpha=0.6, zorder=0)
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="y", length=0)
            ax.set_ylim(-0.6, n - 0.35)

        # left: contacts with the company
        for y, row in zip(ys, data.itertuples(index=False)):
            if pd.isna(row.n_contacts):
                axc.text(0.2, y, "not coded", va="center", fontsize=6.5, style="italic", color="#666666")
                continue
            x = float(row.n_contacts)
            if row.contacts_drawn == "lower_bound":
                axc.add_patch(FancyArrowPatch((x, y), (x + max(1.6, 0.09 * c_hi), y), color=OUTCOME_COLORS.get(row.outcome, INK),
                                              zorder=3, **ARROW))
            _outcome_marker(axc, x, y, row.outcome)
            axc.annotate(row.contacts_label, (x, y), xytext=(0, 5.5), textcoords="offset points", ha="center",
                         va="bottom", fontsize=6.5, color=INK)
        axc.set_xlim(0, c_hi)
        axc.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        axc.set_xlabel("contacts with the company")
        axc.set_yticks(ys, data["case_label"].tolist())

        # right: elapsed time, log axis with readable ticks
        axt.set_xscale("log")
        axt.set_xlim(lo_h / 1.6, hi_h * 1.6)
        ticks = _spaced(time_ticks(lo_h, hi_h), lo_h / 1.6, hi_h * 1.6, width_in=TWO_COLUMN * 0.6)
        axt.xaxis.set_major_locator(FixedLocator([h for h, _ in ticks]))
        axt.set_xticklabels([lab for _, lab in ticks])
        axt.xaxis.set_minor_locator(NullLocator())
        for h, _ in ticks:
            axt.axvline(h, color=GREY, linewidth=0.4, alpha=0.5, zorder=0, linestyle=":")
        axt.set_xlabel("elapsed time of the escalation (log scale)")
        for y, row in zip(ys, data.itertuples(index=False)):
            if row.duration_drawn == "not_stated":
                axt.text(lo_h / 1.4, y, "not stated", va="center", ha="left", fontsize=6.5, style="italic",
                         color="#666666")
                continue
            x = float(row.duration_hours)
            color = OUTCOME_COLORS.get(row.outcome, INK)
            if row.duration_drawn == "lower_bound":
                axt.add_patch(FancyArrowPatch((x, y), (x * 5, y), color=color, zorder=3, **ARROW))
            elif row.duration_drawn == "upper_bound":
                axt.add_patch(FancyArrowPatch((x, y), (x / 5, y), color=color, zorder=3, **ARROW))
            _outcome_marker(axt, x, y, row.outcome)
            axt.annotate(row.duration_label, (x, y), xytext=(0, 5.5), textcoords="offset points", ha="center",
                         va="bottom", fontsize=6.5, color=INK)

        handles = _outcome_handles(data["outcome"])
        handles += [
            Line2D([], [], color=INK, marker=">", markersize=4, linewidth=1.0,
                   label="arrow: lower bound (≥, at least or still ongoing)"),
        ]
        if (data["duration_drawn"] == "upper_bound").any():
            handles.append(Line2D([], [], color=INK, marker="<", markersize=4, linewidth=1.0,
                                      label="arrow left: at most"))
        fig.legend(handles=handles, loc="outside lower center", ncols=_legend_cols(len(handles)), frameon=False,
                   handlelength=1.6, columnspacing=1.2)

    drawn = data["duration_drawn"].value_counts()
    caption = (
        f"Contacts and elapsed time of each escalation (n = {n} case{'s' if n != 1 else ''}; every case drawn, "
        "nothing averaged). Left: contacts with the company (≥ and an arrow: a lower bound, because the post "
        "summarises an uncounted series; public moves and failed attempts are not contacts). Right: elapsed time on a log axis, labelled with the verbatim German "
        "phrase of the post; ~ marks an approximate span; an arrow to the right marks a lower bound (the case was "
        f"still ongoing or lasted at least that long; {int(drawn.get('lower_bound', 0))} case"
        f"{'s' if drawn.get('lower_bound', 0) != 1 else ''}); \"not stated\" marks cases whose post gives no span "
        f"({int(drawn.get('not_stated', 0))}), which are kept, not dropped. Marker shape and colour show the outcome."
        + _source_note(source)
    )
    return Chart(fig, data, caption, "escalation.escalation_lengths")


def resolution_channels(matrix: pd.DataFrame, source: str | None = None) -> Chart:
    """Company × channel dot matrix: every channel a case used (dot), the resolving one ringed, ``none`` for
    unresolved cases, and who intervened as a text column.

    ``matrix`` from :func:`servicestories.escalation.channel_matrix`. Channel columns follow the vocabulary
    order and only channels that occur are shown; public channels (blog, forum, social media, press) sit on a
    shaded band. Steps whose channel the post does not state get a grey "channel not stated" column.
    """
    data = matrix[MATRIX_COLUMNS].reset_index(drop=True)
    if data.empty:
        raise ValueError("resolution_channels: no cases to draw")
    cases = data.drop_duplicates("case_id").sort_values("case_id", kind="stable").reset_index(drop=True)
    n = len(cases)
    cols = matrix_columns(data)
    xcol = {c: i for i, c in enumerate(cols)}
    yrow = {cid: n - 1 - i for i, cid in enumerate(cases["case_id"])}
    labels = data.drop_duplicates("column").set_index("column")["column_label"]
    x_int = len(cols) + 0.35  # the "intervened" text column

    with theme():
        width = min(TWO_COLUMN, 1.9 + 0.36 * len(cols) + 1.1)
        fig, ax = plt.subplots(figsize=(width, 1.45 + 0.3 * n))
        public = [xcol[c] for c in cols if data.loc[data["column"] == c, "public"].any()]
        for x in public:
            ax.add_patch(Rectangle((x - 0.5, -0.5), 1, n, color="#EEEEEE", zorder=0, linewidth=0))
        if public:
            ax.annotate("public", xy=((min(public) + max(public)) / 2, -0.5), xytext=(0, -1.5),
                        textcoords="offset points", ha="center", va="top", fontsize=6.5, color="#555555",
                        style="italic")
        for y in yrow.values():
            ax.axhline(y, color=GREY, linewidth=0.4, alpha=0.6, zorder=0.5)
        if "none" in xcol:
            ax.axvline(xcol["none"] - 0.5, color=GREY, linewidth=0.6, zorder=0.5)

        for row in data.itertuples(index=False):
            x, y = xcol[row.column], yrow[row.case_id]
            if row.column == "none":
                if row.resolving:
                    _outcome_marker(ax, x, y, row.outcome, size=6)
                continue
            if row.used:
                color = "#999999" if row.column == "not_stated" else CHANNEL_COLORS.get(row.column, INK)
                fill = "none" if row.column == "not_stated" else "full"
                ax.plot([x], [y], marker="o", markersize=6.5, color=color, fillstyle=fill, markeredgewidth=1.0,
                        linestyle="none", zorder=3)
            if row.resolving:
                _ring(ax, x, y, partial=row.outcome == "partially_resolved")
        for cid, y in yrow.items():
            who = cases.loc[cases["case_id"] == cid, "intervened_label"].iloc[0]
            ax.text(x_int, y, who or "—", va="center", ha="left", fontsize=6.5,
                    color=INK if who else "#777777")

        ax.set_xlim(-0.6, x_int + 2.3)
        ax.set_ylim(-0.75, n - 0.45)
        ax.set_yticks(list(yrow.values()), cases["case_label"].tolist())
        ax.xaxis.tick_top()
        ax.set_xticks(list(range(len(cols))) + [x_int],
                      [labels.get(c, c) for c in cols] + ["who intervened"], rotation=45, ha="left",
                      rotation_mode="anchor")
        ax.tick_params(axis="both", length=0)
        ax.get_xticklabels()[-1].set_fontweight("bold")
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)

        handles = [
            Line2D([], [], linestyle="none", marker="o", markersize=6, color="#777777", label="channel used"),
            _ring(ax, [], [], label="resolved through it"),
        ]
        if "not_stated" in xcol:
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=6, fillstyle="none",
                                  color="#999999", label="step, channel not stated"))
        if (data["resolving"] & (data["outcome"] == "partially_resolved")).any():
            handles.append(_ring(ax, [], [], partial=True, label="partially resolved through it"))
        none_outcomes = data.loc[(data["column"] == "none") & data["resolving"], "outcome"]
        handles += [h for h in _outcome_handles(none_outcomes)]
        fig.legend(handles=handles, loc="outside lower center", ncols=_legend_cols(len(handles)), frameon=False,
                   handlelength=1.2, columnspacing=1.0)

    unresolved = int(((data["column"] == "none") & data["resolving"]).sum())
    n_int = int((cases["intervened_by"] != "").sum())
    caption = (
        f"Channels used in each escalation and the one that resolved it (n = {n} case{'s' if n != 1 else ''}; "
        "every case drawn). A dot marks each channel the story uses (vocabulary order; the shaded columns are "
        "public channels); a ring marks the resolving channel; cases not resolved are marked in the 'none' "
        f"column ({unresolved}) with their outcome marker. \"Who intervened\" names the actor the post credits with "
        f"turning the case ({n_int} of {n}; — = nobody credited)."
        + (" Open grey circles: steps whose channel the post does not state." if "not_stated" in xcol else "")
        + _source_note(source)
    )
    return Chart(fig, data, caption, "escalation.resolution_channels")
