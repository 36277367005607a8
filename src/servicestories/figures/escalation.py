"""Escalation figures per company (notebooks 03 and 04).

Up to :data:`~servicestories.figures.scale.SMALL_N` cases every case is drawn individually and nothing is
averaged. Beyond that, the same functions aggregate per company (the companies with most cases plus "all
others", n on every row) in a figure of fixed size: contacts as a distribution, elapsed time as Kaplan–Meier
time-to-resolution curves with censoring, channels as a company × channel heatmap of shares.

The data prep (what is censored, which channel resolved a case) lives in :mod:`servicestories.escalation`;
these functions only draw the tidy tables it returns.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from .. import escalation as E
from ..escalation import LENGTH_COLUMNS, MATRIX_COLUMNS, matrix_columns, time_ticks
from ..export import Chart
from ..style import CHANNEL_COLORS, GREY, OKABE_ITO, OUTCOME_MARKERS, TWO_COLUMN, theme
from ..vocab import OUTCOME_LABELS, OUTCOMES
from . import scale

#: Outcome colour, redundant with the marker shape (shape alone must suffice).
OUTCOME_COLORS: dict[str, str] = {
    "resolved": OKABE_ITO[4], "partially_resolved": OKABE_ITO[1], "unresolved": OKABE_ITO[5], "unclear": "#555555",
}
INK = "#333333"
ARROW: dict[str, Any] = dict(arrowstyle="-|>", mutation_scale=7, linewidth=1.0, shrinkA=4, shrinkB=0)


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


FLAG = "⚑"  #: marks a case whose codes the extractor flagged for review (small-n figures)
#: above this many contacts in one case, the per-case contact axis is logarithmic (beyond one contact)
MAX_LINEAR_CONTACTS = 30


def _flag_note(k: int, what: str, how: str) -> str:
    """Caption sentence on codes flagged for review (empty when none is)."""
    if not k:
        return ""
    return f" {scale.plural(k, 'case')} with the {what} flagged for review by the extractor ({how})."


def _flag_ring(ax, x, y) -> None:
    """A dotted grey ring around a value flagged for review."""
    ax.scatter([x], [y], s=150, facecolors="none", edgecolors="#555555", linewidths=1.0, linestyles=":",
               zorder=2)


def _flag_handle():
    """Legend entry for :func:`_flag_ring` (a dotted ring, like the mark itself)."""
    from matplotlib.collections import PathCollection
    from matplotlib.markers import MarkerStyle

    marker = MarkerStyle("o")
    handle = PathCollection([marker.get_path().transformed(marker.get_transform())], sizes=[90],
                            facecolors="none", edgecolors="#555555", linewidths=1.0, linestyles=":")
    handle.set_label("dotted ring: flagged for review")
    return handle


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
    if not scale.is_small(n):
        return _lengths_by_company(data, source)
    ys = list(range(n))[::-1]  # first case on top
    spans = data["duration_hours"].dropna()
    lo_h = min(1.0, 10 ** math.floor(math.log10(spans.min() / 2))) if len(spans) else 1.0
    hi_h = max(8760.0, spans.max() * 12) if len(spans) else 8760.0  # room for the censoring arrows
    max_c = int(data["n_contacts"].max()) if data["n_contacts"].notna().any() else 1
    c_hi = max_c + 2.4
    # a count far above the others (a very long post) would squash them on a linear axis: log beyond one contact
    c_log = max_c > MAX_LINEAR_CONTACTS

    with theme():
        fig, (axc, axt) = plt.subplots(
            1, 2, figsize=scale.capped((TWO_COLUMN, 1.25 + 0.42 * n)), sharey=True,
            gridspec_kw={"width_ratios": [1, 2.3]})
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
                axc.add_patch(FancyArrowPatch((x, y), (x * 2.5 + 1 if c_log else x + max(1.6, 0.09 * c_hi), y),
                                              color=OUTCOME_COLORS.get(row.outcome, INK), zorder=3, **ARROW))
            _outcome_marker(axc, x, y, row.outcome)
            if row.contacts_flagged:
                _flag_ring(axc, x, y)
            axc.annotate(row.contacts_label, (x, y), xytext=(0, 5.5), textcoords="offset points", ha="center",
                         va="bottom", fontsize=6.5, color=INK)
        if c_log:
            axc.set_xscale("symlog", linthresh=1, linscale=0.5)
            axc.set_xlim(-0.4, max_c * 4)
            axc.xaxis.set_major_locator(FixedLocator([0, 1] + [10 ** k for k in range(1, len(str(max_c)))]))
            axc.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / 1000:,.0f}k" if v >= 1000
                                                        else f"{v:.0f}"))
            axc.xaxis.set_minor_locator(NullLocator())
            axc.set_xlabel("contacts with the company (log scale above 1)")
        else:
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
            if row.duration_flagged:
                _flag_ring(axt, x, y)
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
        n_flag = int(data["contacts_flagged"].sum() + data["duration_flagged"].sum())
        if n_flag:
            handles.append(_flag_handle())
        fig.legend(handles=handles, loc="outside lower center", ncols=_legend_cols(len(handles)), frameon=False,
                   handlelength=1.6, columnspacing=1.2)

    drawn = data["duration_drawn"].value_counts()
    caption = (
        f"Contacts and elapsed time of each escalation (n = {scale.plural(n, 'case')}; every case drawn, "
        "nothing averaged). Left: contacts the customer initiated with the company (≥ and an arrow: a lower bound "
        "the post states; \"not coded\": no count, as the post only summarises a series of contacts or narrates none "
        "the customer initiated; company replies, public moves and failed attempts are not contacts). Right: "
        "elapsed time on "
        "a log axis, labelled with the verbatim German phrase of the post; ~ marks an approximate span; an arrow to "
        "the right marks a lower bound (the case was "
        f"still ongoing or lasted at least that long; {scale.plural(int(drawn.get('lower_bound', 0)), 'case')}); "
        "\"not stated\" marks cases whose post gives no span "
        f"({int(drawn.get('not_stated', 0))}), which are kept, not dropped. Marker shape and colour show the outcome."
        + _flag_note(int(data["contacts_flagged"].sum()), "contact count", "dotted ring")
        + _flag_note(int(data["duration_flagged"].sum()), "elapsed time", "dotted ring")
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
    if not scale.is_small(n):
        return _channel_heatmap(data, source)
    cols = matrix_columns(data)
    xcol = {c: i for i, c in enumerate(cols)}
    yrow = {cid: n - 1 - i for i, cid in enumerate(cases["case_id"])}
    labels = data.drop_duplicates("column").set_index("column")["column_label"]
    x_int = len(cols) + 0.35  # the "intervened" text column

    with theme():
        width = min(TWO_COLUMN, 1.9 + 0.36 * len(cols) + 1.1)
        fig, ax = plt.subplots(figsize=scale.capped((width, 1.45 + 0.3 * n)))
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
        ax.set_yticks(list(yrow.values()), [f"{lab} {FLAG}" if f else lab
                                            for lab, f in zip(cases["case_label"], cases["flagged"])])
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
        if cases["flagged"].any():
            handles.append(Line2D([], [], linestyle="none", marker=f"${FLAG}$", markersize=7, color=INK,
                                  label="after a case: codes flagged for review"))
        fig.legend(handles=handles, loc="outside lower center", ncols=_legend_cols(len(handles)), frameon=False,
                   handlelength=1.2, columnspacing=1.0)

    unresolved = int(((data["column"] == "none") & data["resolving"]).sum())
    n_int = int((cases["intervened_by"] != "").sum())
    caption = (
        f"Channels used in each escalation and the one that resolved it (n = {scale.plural(n, 'case')}; "
        "every case drawn). A dot marks each channel the story uses (vocabulary order; the shaded columns are "
        "public channels); a ring marks the resolving channel; cases not resolved are marked in the 'none' "
        f"column ({unresolved}) with their outcome marker. \"Who intervened\" names the actor the post credits with "
        f"turning the case ({n_int} of {n}; — = nobody credited)."
        + (" Open grey circles: steps whose channel the post does not state." if "not_stated" in xcol else "")
        + _flag_note(int(cases["flagged"].sum()), "channel, resolution, outcome or intervention code",
                     f"{FLAG} after the case")
        + _source_note(source)
    )
    return Chart(fig, data, caption, "escalation.resolution_channels")


# -- large n: per company ----------------------------------------------------------------------------------------
#: Line colours and styles of the Kaplan–Meier curves (colour-blind safe, and told apart by dash too).
KM_STYLES = [(OKABE_ITO[4], "-"), (OKABE_ITO[0], "--"), (OKABE_ITO[2], "-."), (OKABE_ITO[5], (0, (1, 1))),
             (OKABE_ITO[6], (0, (4, 1, 1, 1, 1, 1))), ("#444444", "-")]
FLAG_INK = "#555555"


def _group_labels(frame: pd.DataFrame) -> dict[str, str]:
    g = frame.drop_duplicates("group").sort_values("group_rank")
    return {name: scale.row_label(name, int(n)) for name, n in zip(g["group"], g["n_cases"])}


def _flag_column(ax, ys, values, x, header_y) -> None:
    """A text column 'flagged' (share of the row's cases with a flagged code) right of a panel."""
    ax.text(x, header_y, "flagged", ha="left", va="bottom", fontsize=6.5, style="italic", color=FLAG_INK,
            clip_on=False)
    for y, v in zip(ys, values):
        ax.text(x, y, v, ha="left", va="center", fontsize=6.5, color=FLAG_INK, clip_on=False)


def _lengths_by_company(data: pd.DataFrame, source: str | None) -> Chart:
    contacts = E.contacts_by_company(data)
    surv = E.survival_table(data)
    curves = E.survival_curves(surv)
    labels = _group_labels(contacts)
    groups = list(labels)
    bins = [lab for lab, _, _ in E.CONTACT_BINS] + ([E.NOT_CODED] if (contacts["contacts"] == E.NOT_CODED).any()
                                                   else [])
    cmap = plt.get_cmap("cividis_r")  # few contacts light, many dark
    colors: dict[str, Any] = {lab: cmap(0.05 + 0.9 * i / max(len(E.CONTACT_BINS) - 1, 1))
              for i, (lab, _, _) in enumerate(E.CONTACT_BINS)}
    colors[E.NOT_CODED] = "#DDDDDD"
    wide = contacts.pivot(index="group", columns="contacts", values="share").reindex(index=groups, columns=bins)
    wide = wide.fillna(0.0)
    flag_n = contacts.drop_duplicates("group").set_index("group")["group_flagged"].reindex(groups)
    n_rows = contacts.drop_duplicates("group").set_index("group")["n_cases"].reindex(groups)
    n = len(data)

    with theme():
        fig, (axc, axt) = plt.subplots(1, 2, figsize=scale.LARGE_SIZE["escalation_lengths"],
                                       gridspec_kw={"width_ratios": [1.25, 1]})
        ys = list(range(len(groups)))[::-1]
        left = [0.0] * len(groups)
        for b in bins:
            vals = wide[b].tolist()
            axc.barh(ys, vals, left=left, color=colors[b], height=0.72, label=b, edgecolor="white",
                     linewidth=0.4)
            for y, lft, v in zip(ys, left, vals):
                if v >= 0.08:
                    r, g_, bl, _ = plt.matplotlib.colors.to_rgba(colors[b])
                    dark = 0.299 * r + 0.587 * g_ + 0.114 * bl < 0.5
                    axc.text(lft + v / 2, y, f"{v:.0%}", ha="center", va="center", fontsize=5.5,
                             color="white" if dark else "black")
            left = [a + v for a, v in zip(left, vals)]
        axc.set_yticks(ys, [labels[g] for g in groups])
        axc.set_xlim(0, 1)
        axc.set_ylim(-0.6, len(groups) - 0.4)
        axc.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axc.set_xlabel("share of the row's cases")
        axc.tick_params(axis="y", length=0)
        axc.spines["left"].set_visible(False)
        axc.set_title("contacts with the company per case", loc="left", fontsize=8, pad=12)
        if flag_n.sum():
            _flag_column(axc, ys, [f"{f / k:.0%}" if f else "–" for f, k in zip(flag_n, n_rows)], 1.02,
                         len(groups) - 0.45)
        axc.legend(loc="upper center", bbox_to_anchor=(0.45, -0.13), ncols=len(bins), frameon=False,
                   handlelength=1.0, columnspacing=0.7, handletextpad=0.3, fontsize=6.5,
                   title="contacts (≥ counts binned at their lower bound)", title_fontsize=6.5)

        # right: Kaplan–Meier time to resolution
        axt.set_xscale("log")
        if len(curves):
            lo_h = max(min(curves["hours"].min(), 1.0), 1 / 60)
            hi_h = max(curves["hours"].max(), 8760.0)
        else:
            lo_h, hi_h = 1.0, 8760.0
        for i, (_, d) in enumerate(curves.groupby("group_rank", sort=True)):
            name = d["group"].iloc[0]
            color, ls = KM_STYLES[-1] if name == scale.OTHERS else KM_STYLES[i % (len(KM_STYLES) - 1)]
            xs = [lo_h] + d["hours"].tolist()
            ys_ = [1.0] + d["share_open"].tolist()
            axt.step(xs, ys_, where="post", color=color, linestyle=ls, linewidth=1.2,
                     label=f"{scale.clip(name, 16)}: {scale.plural(int(d['n'].iloc[0]), 'span')}, "
                           f"{int(d['n_censored'].iloc[0]):,} censored")
            cen = d[d["censored"] > 0]
            axt.plot(cen["hours"], cen["share_open"], linestyle="none", marker="|", markersize=4, color=color,
                     markeredgewidth=0.8)
        axt.set_xlim(lo_h / 1.5, hi_h * 1.5)
        ticks = _spaced(time_ticks(lo_h / 1.5, hi_h * 1.5), lo_h / 1.5, hi_h * 1.5, width_in=2.2)
        axt.xaxis.set_major_locator(FixedLocator([h for h, _ in ticks]))
        axt.set_xticklabels([lab for _, lab in ticks])
        axt.xaxis.set_minor_locator(NullLocator())
        axt.set_ylim(0, 1.02)
        axt.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axt.set_ylabel("share of cases still open")
        axt.set_xlabel("elapsed time (log scale)")
        axt.set_title("time to resolution (Kaplan–Meier)", loc="left", fontsize=8, pad=12)
        axt.grid(axis="y", color="#E6E6E6", linewidth=0.6)
        axt.legend(loc="lower left", ncols=1, frameon=True, framealpha=0.9, edgecolor="none", fontsize=6,
                   handlelength=2.2, title="stated spans (| = censored)", title_fontsize=6,
                   alignment="left")

    drawn = data["duration_drawn"].value_counts()
    lower_c = int((data["contacts_drawn"] == "lower_bound").sum())
    not_coded = int(data["n_contacts"].isna().sum())
    obs = int(surv["observed"].sum())
    cens = surv.loc[~surv["observed"], "censored_because"].value_counts()
    n_groups = len(groups) - (scale.OTHERS in groups)
    others = int(n_rows.get(scale.OTHERS, 0))
    caption = (
        f"Contacts and time to resolution per company (n = {n:,} cases; {scale.most(n_groups, 'cases')} "
        f"(at least {scale.MIN_ROW} each)"
        + (f", then {others:,} cases of all other companies pooled" if others else "")
        + "; each row gives its n). Left: the distribution of contacts with the company per case, as shares "
        f"of the row's cases; {scale.plural(lower_c, 'count')} "
        f"{scale.agree(lower_c, 'is a lower bound', 'are lower bounds')} (≥), binned at the bound"
        + (f"; {not_coded:,} not coded" if not_coded else "")
        + ". Right: Kaplan–Meier estimates (lifelines) of the share of cases still open over elapsed time, per "
        f"company with most stated spans and all others pooled, for the {len(surv):,} cases whose post states a "
        f"span ({int(drawn.get('not_stated', 0)):,} do not and are left out). {obs:,} resolutions are observed; "
        f"{int(cens.sum()):,} spans are right-censored: {int(cens.get('lower bound', 0)):,} lower bounds "
        f"(\"at least\" or still ongoing) and {int(cens.get('not resolved', 0)):,} cases not resolved when the post "
        "ends. At-most spans are taken at their bound. Curves describe these posts; no confidence bands or tests."
        + _flag_note(int(data["contacts_flagged"].sum()), "contact count", "\"flagged\" column: share per row")
        + _flag_note(int(data["duration_flagged"].sum()), "elapsed time", "counted, not marked on the curves")
        + _source_note(source)
    )
    table = pd.concat([contacts.assign(panel="contacts"), curves.assign(panel="time_to_resolution")],
                      ignore_index=True)
    table = table[["panel"] + [c for c in table.columns if c != "panel"]]
    return Chart(fig, table, caption, "escalation.escalation_lengths")


def _channel_heatmap(data: pd.DataFrame, source: str | None) -> Chart:
    import seaborn as sns

    shares = E.channel_shares(data)
    labels = _group_labels(shares)
    groups = list(labels)
    order = (*E.CHANNELS, "not_stated", "none")
    used_cols = [c for c in order if c in set(shares.loc[shares["panel"] == "used", "column"])]
    res_cols = [c for c in order if c in set(shares.loc[shares["panel"] == "resolving", "column"])]
    col_label = dict(zip(shares["column"], shares["column_label"]))
    col_label["none"] = "none"
    per = shares.drop_duplicates("group").set_index("group")
    n = int(data["case_id"].nunique())

    def wide(panel, cols):
        w = shares[shares["panel"] == panel].pivot(index="group", columns="column", values="share")
        return w.reindex(index=groups, columns=cols).fillna(0.0)

    with theme():
        fig, (axu, axr) = plt.subplots(
            1, 2, figsize=scale.LARGE_SIZE["resolution_channels"], sharey=True,
            gridspec_kw={"width_ratios": [max(len(used_cols), 4), max(len(res_cols), 1) + 1.2]})
        kw = {"vmin": 0, "vmax": 1, "cmap": sns.light_palette(OKABE_ITO[4], as_cmap=True), "annot": True,
              "fmt": ".0%", "cbar": False, "linewidths": 0.5, "linecolor": "#EEEEEE",
              "annot_kws": {"fontsize": 5.5}}
        wu, wr = wide("used", used_cols), wide("resolving", res_cols)
        if used_cols:
            sns.heatmap(wu, ax=axu, mask=wu.to_numpy() == 0, **kw)
        else:  # no case names a channel: say so where the shares would be
            axu.set_ylim(len(groups), 0)
            axu.text(0.5, 0.5, "no case has a coded channel", transform=axu.transAxes, ha="center", va="center",
                     fontsize=7, color=FLAG_INK)
            for side in axu.spines.values():
                side.set_visible(False)
        sns.heatmap(wr, ax=axr, mask=wr.to_numpy() == 0, **kw)
        for ax, cols, title in ((axu, used_cols, "channels used (share of the row's cases)"),
                                (axr, res_cols, "resolved through (share)")):
            ax.set_xticks([i + 0.5 for i in range(len(cols))], [col_label.get(c, c) for c in cols], rotation=45,
                          ha="right", rotation_mode="anchor")
            ax.set_xlabel("")
            ax.set_ylabel("")
            ax.tick_params(length=0)
            ax.set_title(title, loc="left", fontsize=7.5)
            for t, c in zip(ax.get_xticklabels(), cols):
                if c in E.PUBLIC_CHANNELS:
                    t.set_fontstyle("italic")
        for t in [*axu.texts, *axr.texts]:
            if t.get_text() == "0%":
                t.set_text("")
        axu.set_yticks([i + 0.5 for i in range(len(groups))], [labels[g] for g in groups], rotation=0)
        flags = per["group_flagged"].reindex(groups)
        if flags.sum():
            x = len(res_cols) + 0.15
            for i, (f, k) in enumerate(zip(flags, per["n_cases"].reindex(groups))):
                axr.text(x, i + 0.5, f"{f / k:.0%}" if f else "–", ha="left", va="center", fontsize=6.5,
                         color=FLAG_INK)
            # the column's name goes below the panel with the channel names: above it, it would run into the
            # panel's title when few channels resolved cases (a narrow panel)
            pad = axr.xaxis.get_major_ticks()[0].get_pad() if axr.xaxis.get_major_ticks() else 3.5
            axr.annotate("flagged", (x + 0.3, 0.0), xycoords=("data", "axes fraction"), xytext=(0, -pad),
                         textcoords="offset points", ha="right", va="top", rotation=45, rotation_mode="anchor",
                         fontsize=6.5, style="italic", color=FLAG_INK, annotation_clip=False)
        axr.set_xlim(0, len(res_cols) + 1.2)

    n_groups = len(groups) - (scale.OTHERS in groups)
    others = int(per["n_cases"].get(scale.OTHERS, 0))
    n_flag = int(data.drop_duplicates("case_id")["flagged"].sum())
    unresolved = int(data[data["resolving"] & (data["column"] == "none")]["case_id"].nunique())
    caption = (
        f"Channels per company (n = {n:,} cases; {scale.most(n_groups, 'cases')} (at least "
        f"{scale.MIN_ROW} each)"
        + (f", then {others:,} cases of all other companies pooled" if others else "")
        + "; each row gives its n). Left: share of the row's cases whose story uses each channel (a case "
        "counts once per channel, so a row sums to more than 100 %; public channels in italics). Right: share of "
        f"the row's cases resolved through each channel, 'none' for cases not resolved ({unresolved:,} in all); "
        "empty cells: no case. Shares of these posts, not rates of escalations in general."
        + _flag_note(n_flag, "channel, resolution, outcome or intervention code",
                     "\"flagged\" column: share per row")
        + _source_note(source)
    )
    return Chart(fig, shares, caption, "escalation.resolution_channels")
