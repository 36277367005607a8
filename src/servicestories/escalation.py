"""Tidy data behind the escalation charts (notebooks 03 and 04).

Every function takes the case and step frames of :func:`servicestories.casebook.load_codes` (``codes.cases``,
``codes.events``) and returns a plain DataFrame: the table a figure function in
:mod:`servicestories.figures.escalation` draws, and the CSV that :func:`~servicestories.export.save_figure`
writes next to the figure. One row per case (or per case × channel); nothing is averaged, nothing dropped.
For corpora beyond :data:`servicestories.figures.scale.SMALL_N` cases, :func:`contacts_by_company`,
:func:`survival_table` / :func:`survival_curves` (Kaplan–Meier, lifelines) and :func:`channel_shares` aggregate
these tables per company (top companies + "all others"). Review flags of automatic codes (``needs_review``)
travel along as ``contacts_flagged`` / ``duration_flagged`` / ``flagged``.

How the drawing is decided lives here, in data columns, so that it can be tested and read in the CSV:

- ``duration_drawn``: ``point`` (exact or approximate span), ``lower_bound`` (``at_least`` or ``ongoing``: the
  true span is at least this long; drawn with an arrow to the right), ``upper_bound`` (``at_most``: arrow to
  the left) or ``not_stated`` (no span in the post; written as "not stated", never dropped).
- ``contacts_drawn``: ``point`` or ``lower_bound`` (``n_contacts_bound = at_least``; labelled "≥").
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .caseids import case_label, shown_ids
from .grouping import TOP_K, group_order, is_small
from .vocab import ACTOR_LABELS, CHANNEL_LABELS, CHANNELS, PUBLIC_CHANNELS
from .wording import agree, plural

#: ``duration_bound`` → how the span is drawn.
DURATION_DRAWN: dict[str, str] = {
    "exact": "point", "approximate": "point", "at_least": "lower_bound", "ongoing": "lower_bound",
    "at_most": "upper_bound",
}
_BOUND_PREFIX = {"exact": "", "approximate": "~ ", "at_least": "≥ ", "ongoing": "≥ ", "at_most": "≤ "}

#: Readable ticks for a log axis in hours.
TIME_TICKS: tuple[tuple[float, str], ...] = (
    (1 / 60, "1 min"), (10 / 60, "10 min"), (1.0, "1 h"), (24.0, "1 day"), (168.0, "1 week"),
    (720.0, "1 month"), (8760.0, "1 year"), (87600.0, "10 years"),
)

LENGTH_COLUMNS = [
    "case_id", "post_id", "company", "sector", "case_label", "outcome",
    "n_contacts", "n_contacts_bound", "contacts_drawn", "contacts_label", "n_steps",
    "duration_text", "duration_hours", "duration_bound", "duration_drawn", "duration_label",
    "needs_review", "contacts_flagged", "duration_flagged",
]
MATRIX_COLUMNS = [
    "case_id", "post_id", "company", "case_label", "column", "column_label", "public", "used", "n_steps",
    "resolving", "outcome", "intervened_by", "intervened_label", "needs_review", "flagged",
]
#: Fields of the automatic codes that can be flagged for review (``needs_review``, ";"-joined).
REVIEW_FIELDS = ("company", "sector", "channels", "resolution_channel", "outcome", "n_contacts", "duration",
                 "public_escalation", "intervened_by")
#: The fields behind the channel matrix (notebook 04) and the journeys (notebook 05).
CHANNEL_FIELDS = ("channels", "resolution_channel", "outcome", "intervened_by")


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        not isinstance(value, (list, tuple)) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    return "" if _blank(value) else str(value)


#: what :func:`case_labels` and :func:`review_flags` read (besides the columns a table shows)
_LABEL_COLUMNS = ("case_id", "company", "needs_review")


def case_labels(cases: pd.DataFrame) -> pd.Series:
    """``"company (case_id)"`` per case, e.g. ``"Microsoft (000)"`` (:func:`servicestories.caseids.case_label`: an
    empty company is ``unnamed``; long names and ids are shortened, the ids so that each stays told apart)."""
    ids = cases["case_id"].astype(str)
    shown = shown_ids(ids)
    return pd.Series([case_label(co, ci, shown) for co, ci in zip(cases["company"], ids)], index=cases.index,
                     dtype=object)


def review_flags(cases: pd.DataFrame) -> pd.Series:
    """``needs_review`` per case as a frozenset of field names (empty for hand codes, which have no column).

    Unknown field names are refused, so a typo in the coder cannot hide a flag."""
    if "needs_review" not in cases.columns:
        return pd.Series([frozenset()] * len(cases), index=cases.index, dtype=object)
    out = cases["needs_review"].map(lambda v: frozenset(f.strip() for f in _text(v).split(";") if f.strip()))
    unknown = set().union(*out) - set(REVIEW_FIELDS) if len(out) else set()
    if unknown:
        raise ValueError(f"needs_review: unknown field(s) {sorted(unknown)}; expected some of {REVIEW_FIELDS}")
    return out


def flagged(cases: pd.DataFrame, fields) -> pd.Series:
    """True where a case's ``needs_review`` names any of ``fields``."""
    wanted = frozenset(fields)
    return review_flags(cases).map(lambda f: bool(f & wanted)).astype(bool)


def _ordered(cases: pd.DataFrame, columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The cases in case order: a copy of those of ``columns`` the frame has (not of every quote and title)."""
    kept = cases[[c for c in cases.columns if c in columns]]
    return kept.sort_values("case_id", kind="stable").reset_index(drop=True)


class _Rows:
    """Table rows collected column by column: a list per column instead of a dict per row (a dict per row takes
    about four times the list slots of its values), for tables of hundreds of thousands of rows."""

    def __init__(self, columns: list[str]):
        self._columns: dict[str, list] = {c: [] for c in columns}

    def add(self, **row) -> None:
        if row.keys() != self._columns.keys():
            raise ValueError(f"row columns {sorted(row)} differ from the table's {sorted(self._columns)}")
        for name, value in row.items():
            self._columns[name].append(value)

    def frame(self) -> pd.DataFrame:
        if not any(self._columns.values()):  # no rows: typed as a frame from no records (object columns)
            return pd.DataFrame([], columns=list(self._columns))
        return pd.DataFrame(self._columns, columns=list(self._columns))


def length_table(cases: pd.DataFrame) -> pd.DataFrame:
    """One row per case: contacts and elapsed time, with how each is drawn (see the module docstring).

    ``contacts_label`` is ``"≥7"`` for a lower bound, ``"4"`` otherwise; ``duration_label`` is the verbatim
    German phrase in quotation marks, prefixed ``~`` (approximate), ``≥`` (at least / ongoing) or ``≤`` (at most),
    and ``"not stated"`` where the post gives no span.
    """
    c = _ordered(cases, (*_LABEL_COLUMNS, "post_id", "sector", "outcome", "n_contacts", "n_contacts_bound",
                         "duration_hours", "duration_bound", "duration_text", "n_steps"))
    flags = review_flags(c)
    sectors = c["sector"] if "sector" in c.columns else pd.Series([""] * len(c), index=c.index)
    rows = _Rows(LENGTH_COLUMNS)
    for case, label, flag, sector in zip(c.itertuples(index=False), case_labels(c), flags, sectors):
        bound_c = _text(case.n_contacts_bound) or "exact"
        n = None if _blank(case.n_contacts) else int(case.n_contacts)
        hours = None if _blank(case.duration_hours) else float(case.duration_hours)
        bound_d = _text(case.duration_bound)
        phrase = _text(case.duration_text)
        if hours is None:
            drawn, dlabel, bound_d = "not_stated", "not stated", ""
        else:
            bound_d = bound_d or "exact"
            drawn = DURATION_DRAWN[bound_d]
            shown = f"„{phrase}“" if phrase else f"{hours:g} h"
            dlabel = _BOUND_PREFIX[bound_d] + shown + (", ongoing" if bound_d == "ongoing" else "")
        rows.add(
            case_id=case.case_id, post_id=case.post_id, company=_text(case.company) or "unnamed",
            sector=_text(sector), case_label=label, outcome=_text(case.outcome) or "unclear",
            n_contacts=n, n_contacts_bound=bound_c,
            contacts_drawn="lower_bound" if bound_c == "at_least" else "point",
            contacts_label="" if n is None else ("≥" if bound_c == "at_least" else "") + str(n),
            n_steps=int(case.n_steps) if "n_steps" in c.columns and not _blank(case.n_steps) else None,
            duration_text=phrase, duration_hours=hours, duration_bound=bound_d,
            duration_drawn=drawn, duration_label=dlabel,
            needs_review=";".join(f for f in REVIEW_FIELDS if f in flag),
            contacts_flagged="n_contacts" in flag, duration_flagged="duration" in flag,
        )
    out = rows.frame()
    for col in ("n_contacts", "n_steps"):
        out[col] = out[col].astype("Int64")
    out["duration_hours"] = out["duration_hours"].astype(float)
    return out


def length_evidence(cases: pd.DataFrame) -> pd.DataFrame:
    """The coded contacts and durations next to the verbatim quotes behind them (for auditing notebook 03)."""
    return _evidence(cases, ["n_contacts", "n_contacts_bound", "n_contacts_quote", "duration_text", "duration_hours",
                             "duration_bound", "duration_quote"])


def describe_lengths(table: pd.DataFrame) -> str:
    """A few computed sentences about :func:`length_table` (no averages: counts and ranges only)."""
    n = len(table)
    drawn = table["duration_drawn"].value_counts()
    stated = n - int(drawn.get("not_stated", 0))
    not_stated = int(drawn.get("not_stated", 0))
    parts = [f"{plural(n, 'case')}; {stated} {agree(stated, 'states', 'state')} an elapsed time, "
             f"{not_stated} {agree(not_stated, 'does', 'do')} not."]
    detail = []
    for kind, what in (("lower_bound", "lower bound{s} (ongoing or at least; arrow to the right)"),
                       ("upper_bound", "upper bound{s} (at most; arrow to the left)"),
                       ("point", "point{s} (exact or approximate)")):
        k = int(drawn.get(kind, 0))
        if k:
            detail.append(f"{k} {what.format(s=agree(k, '', 's'))}")
    if detail:
        parts.append("Of the stated spans: " + ", ".join(detail) + ".")
    spans = table.dropna(subset=["duration_hours"])
    if len(spans):
        lo, hi = spans.loc[spans["duration_hours"].idxmin()], spans.loc[spans["duration_hours"].idxmax()]
        def span(r) -> str:
            phrase = f"„{r['duration_text']}“ " if r["duration_text"] else ""
            return (f"{phrase}({_BOUND_PREFIX[r['duration_bound']]}{r['duration_hours']:g} h, "
                    f"{r['duration_bound']}; {r['case_label']})")
        parts.append(f"Shortest stated span: {span(lo)}; longest: {span(hi)}." if len(spans) > 1
                     else f"The one stated span: {span(lo)}.")
    counts = table.dropna(subset=["n_contacts"])
    if len(counts):
        lower = int((counts["contacts_drawn"] == "lower_bound").sum())
        least = counts["contacts_label"].iloc[counts["n_contacts"].argmin()]
        most = counts["contacts_label"].iloc[counts["n_contacts"].argmax()]
        spread = f"{least} to {most}" if least != most else f"{least} in each counted case"
        parts.append(f"Contacts per case: {spread}; {lower} of {plural(len(counts), 'count')} "
                     f"{agree(lower, 'is a lower bound', 'are lower bounds')}.")
    return " ".join(parts)


def _case_channels(case, channels: list) -> dict[str, int]:
    """Channel → number of steps through it (``not_stated`` for steps without a channel), in first-use order;
    ``channels``: the channel of each step of the case in step order."""
    counts: dict[str, int] = {}
    for ch in channels:
        key = _text(ch) or "not_stated"
        counts[key] = counts.get(key, 0) + 1
    listed = case.channels if isinstance(case.channels, (list, tuple)) else (
        [] if _blank(case.channels) else [s for s in str(case.channels).split(";") if s])
    for ch in listed:
        counts.setdefault(ch, 0)
    return counts


def matrix_columns(matrix: pd.DataFrame) -> list[str]:
    """The columns of the dot matrix: channels that occur in vocabulary order, then ``not_stated``, then
    ``none`` (each only if it occurs)."""
    present = set(matrix["column"])
    return [c for c in (*CHANNELS, "not_stated", "none") if c in present]


def channel_matrix(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per case × channel used in its story, plus a ``none`` row for cases not resolved.

    ``used``: the case has a step through the channel (``n_steps`` of them; a channel listed in ``channels``
    but without a step counts 0). ``column = "not_stated"`` collects steps whose channel the post does not
    state. ``resolving`` marks the ``resolution_channel`` (also when it is ``none``). ``public`` marks blog,
    forum, social media and press. ``intervened_by`` is the actor credited with turning the case (empty if
    nobody).
    """
    c = _ordered(cases, (*_LABEL_COLUMNS, "post_id", "channels", "resolution_channel", "intervened_by", "outcome"))
    ev = events[["case_id", "step", "channel"]].copy()  # the columns read below, not a copy of every step's text
    ev["case_id"] = ev["case_id"].astype(str)
    flags = review_flags(c)
    ev = ev.sort_values(["case_id", "step"], kind="mergesort")
    by_case: dict[str, list] = {}  # one pass over the steps, not one filter per case
    for cid, ch in zip(ev["case_id"].to_numpy(), ev["channel"].to_numpy()):
        by_case.setdefault(cid, []).append(ch)
    rows = _Rows(MATRIX_COLUMNS)
    for case, label, flag in zip(c.itertuples(index=False), case_labels(c), flags):
        used = _case_channels(case, by_case.get(str(case.case_id), []))
        resolution = _text(case.resolution_channel)
        cells = dict(used)
        if resolution and resolution not in cells:
            cells[resolution] = 0  # resolving channel or "none" without a step of its own
        actor = _text(case.intervened_by)
        for col, n in cells.items():
            rows.add(
                case_id=case.case_id, post_id=case.post_id, company=_text(case.company) or "unnamed",
                case_label=label, column=col, column_label=CHANNEL_LABELS.get(col, col.replace("_", " ")),
                public=col in PUBLIC_CHANNELS, used=col in used and col != "none", n_steps=n,
                resolving=col == resolution, outcome=_text(case.outcome) or "unclear",
                intervened_by=actor, intervened_label=ACTOR_LABELS.get(actor, actor.replace("_", " ")),
                needs_review=";".join(f for f in REVIEW_FIELDS if f in flag),
                flagged=bool(flag & set(CHANNEL_FIELDS)),
            )
    out = rows.frame()
    order = {col: i for i, col in enumerate((*CHANNELS, "not_stated", "none"))}
    out["_o"] = out["column"].map(lambda x: order.get(x, len(order)))
    out = out.sort_values(["case_id", "_o", "column"], kind="stable").drop(columns="_o").reset_index(drop=True)
    out["n_steps"] = out["n_steps"].astype(int)
    return out


def resolution_evidence(cases: pd.DataFrame) -> pd.DataFrame:
    """Resolution channel, outcome and intervening actor next to their verbatim quotes (for notebook 04)."""
    channels = cases["channels"].map(lambda v: ", ".join(v) if isinstance(v, (list, tuple)) else _text(v))
    return _evidence(cases.assign(channels_text=channels),
                     ["channels_text", "resolution_channel", "resolution_quote", "outcome", "outcome_quote",
                      "caveat_quote", "intervened_by", "intervened_quote"]
                     ).rename(columns={"channels_text": "channels"})


def _evidence(cases: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """One row per case (in case order): its label, then ``columns`` as text ('' where empty)."""
    c = _ordered(cases, (*_LABEL_COLUMNS, *columns))
    out = c.reindex(columns=columns).copy()
    out.insert(0, "case", case_labels(c))
    return out.astype(object).where(out.notna(), "").astype(str)




def describe_resolutions(matrix: pd.DataFrame) -> str:
    """A few computed sentences about :func:`channel_matrix`: counts, not rates."""
    per_case = matrix.drop_duplicates("case_id")
    n = len(per_case)
    res = matrix[matrix["resolving"]]
    unresolved = res[res["column"] == "none"]
    resolved = res[res["column"] != "none"]
    public_cases = matrix[matrix["public"] & matrix["used"]]["case_id"].nunique()
    text = [f"{plural(n, 'case')}: {len(resolved)} with a resolving channel, "
            f"{len(unresolved)} not resolved (resolution channel 'none')."]
    large = not is_small(n)
    if len(resolved) and large:  # counts per channel, not a list of thousands of cases
        by = resolved["column_label"].value_counts()
        text.append("Resolved through " + "; ".join(f"{ch}: {k:,}" for ch, k in by.items()) + ".")
    elif len(resolved):
        by = resolved.groupby("column_label", sort=True)["case_label"].apply(lambda s: ", ".join(s))
        text.append("Resolved through " + "; ".join(f"{ch}: {who}" for ch, who in by.items()) + ".")
    no_code = n - len(res)
    if no_code:
        text.append(f"{plural(no_code, 'case')} {agree(no_code, 'has', 'have')} no resolution channel coded.")
    text.append(f"{public_cases} of {n} used a public channel (blog, forum, social media, press).")
    actors = per_case[per_case["intervened_by"] != ""]
    if len(actors) and large:
        by = actors["intervened_label"].value_counts()
        text.append("Credited with the turn: " + "; ".join(f"{a} {k:,}" for a, k in by.items())
                    + f"; {n - len(actors):,} cases without.")
    elif len(actors):
        text.append("Credited with the turn: " + "; ".join(
            f"{a} ({lab})" for a, lab in zip(actors["intervened_label"], actors["case_label"])) + f"; "
            f"{plural(n - len(actors), 'case')} without.")
    else:
        text.append("No case credits an actor with the turn.")
    return " ".join(text)


def time_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """The readable time ticks (:data:`TIME_TICKS`) between ``lo`` and ``hi`` hours."""
    return [(h, lab) for h, lab in TIME_TICKS if lo <= h <= hi]


def source_note(codes) -> str:
    """One sentence saying which codes the figures show (``codes`` from :func:`~servicestories.casebook.load_codes`)."""
    n = len(codes.cases)
    # codes loaded without their steps (steps=False) still count them: n_steps is each case's number of steps
    steps = len(codes.events) if codes.events is not None else int(codes.cases["n_steps"].sum())
    if codes.source == "hand":
        return (f"{n} cases, {steps} steps. The figures show {codes.label}: validated against the posts "
                "(every code backed by a verbatim quote, see docs/codebook.md).")
    return (f"{n} cases, {steps} steps. The figures show {codes.label}: drafts of the automatic "
            "extractor for a corpus without hand codes. Read them as a first pass, not as findings.")


# -- large corpora: aggregates per company (top companies + "all others") ---------------------------------------
#: Bins of the contacts distribution (label, lowest, highest count).
CONTACT_BINS: tuple[tuple[str, float, float], ...] = (
    ("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4–5", 4, 5), ("6–9", 6, 9), ("10+", 10, math.inf),
)
NOT_CODED = "not coded"
CONTACT_COLUMNS = ["group", "group_rank", "n_cases", "contacts", "cases", "share", "lower_bounds", "flagged",
                   "group_flagged"]
SURVIVAL_COLUMNS = ["case_id", "company", "sector", "group", "duration_hours", "duration_bound", "outcome",
                    "observed", "censored_because", "duration_flagged"]
RESOLVED = ("resolved", "partially_resolved")


def _contact_bin(n) -> str:
    if n is None or pd.isna(n):
        return NOT_CODED
    return next(lab for lab, lo, hi in CONTACT_BINS if lo <= n <= hi)


def contacts_by_company(table: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Contacts per case as a distribution per company: one row per company row × contacts bin.

    ``table`` from :func:`length_table`. Rows are the ``k`` companies with most cases plus "all others"
    (:func:`servicestories.figures.scale.group_order`); ``n_cases`` is the row's n, ``cases`` and ``share`` the
    cases in the bin, ``lower_bounds`` how many of them are "≥" counts, ``flagged`` how many have ``n_contacts``
    flagged for review (``group_flagged``: the row's total)."""

    group, order = group_order(table["company"], TOP_K if k is None else k)
    t = table.assign(group=group, contacts=table["n_contacts"].map(_contact_bin))
    bins = [lab for lab, _, _ in CONTACT_BINS] + [NOT_CODED]
    g = t.groupby(["group", "contacts"], sort=False).agg(
        cases=("case_id", "size"), lower_bounds=("contacts_drawn", lambda s: int((s == "lower_bound").sum())),
        flagged=("contacts_flagged", "sum"))
    full = pd.MultiIndex.from_product([order, bins], names=["group", "contacts"])
    out = g.reindex(full, fill_value=0).reset_index()
    n = t.groupby("group")["case_id"].size()
    fl = t.groupby("group")["contacts_flagged"].sum()
    out["n_cases"] = out["group"].map(n).astype(int)
    out["group_flagged"] = out["group"].map(fl).astype(int)
    out["group_rank"] = out["group"].map({gname: i for i, gname in enumerate(order)})
    out["share"] = out["cases"] / out["n_cases"]
    out = out[(out["contacts"] != NOT_CODED) | (out["cases"] > 0)]
    for col in ("cases", "lower_bounds", "flagged"):
        out[col] = out[col].astype(int)
    return out[CONTACT_COLUMNS].reset_index(drop=True)


def survival_table(table: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """One row per case with a stated span, ready for a Kaplan–Meier fit of the time to resolution.

    ``observed`` is True when the post states when the case was resolved: an exact, approximate or at-most
    span of a case whose outcome is ``resolved`` or ``partially_resolved`` (an at-most span is taken at its
    bound). Every other span is right-censored, and ``censored_because`` says why: ``lower bound`` (``at_least``
    or ``ongoing``: the case lasted at least that long) or ``not resolved`` (the post ends with the case open or
    unclear). ``group``: the ``k`` companies with most stated spans, then "all others". Cases without a stated
    span are not rows (count them with ``duration_drawn == "not_stated"``)."""

    s = table[table["duration_drawn"] != "not_stated"].copy()
    lower = s["duration_drawn"] == "lower_bound"
    resolved = s["outcome"].isin(RESOLVED)
    s["observed"] = ~lower & resolved
    s["censored_because"] = ""
    s.loc[~resolved, "censored_because"] = "not resolved"
    s.loc[lower, "censored_because"] = "lower bound"
    s["group"] = group_order(s["company"], k)[0] if len(s) else pd.Series(dtype=object)
    return s[SURVIVAL_COLUMNS].reset_index(drop=True)


def survival_curves(surv: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """Kaplan–Meier estimates of the share of cases still open over elapsed time, per company row, fitted with
    ``lifelines.KaplanMeierFitter`` (right-censored: ``observed`` False). One row per group × time at which
    something happens: ``hours, share_open, at_risk, resolved, censored`` (lifelines' event table), plus
    ``n`` and ``n_censored`` of the group. Groups in the order of :func:`survival_table`."""
    from lifelines import KaplanMeierFitter


    _, order = group_order(surv["company"], k) if len(surv) else (None, [])
    grid = _time_grid(surv["duration_hours"]) if len(surv) else np.array([])
    frames = []
    for rank, gname in enumerate(order):
        d = surv[surv["group"] == gname]
        kmf = KaplanMeierFitter()
        kmf.fit(d["duration_hours"].astype(float), event_observed=d["observed"].astype(bool), label=gname)
        et = kmf.event_table
        # aggregate lifelines' event table onto the fixed grid: what happened in (previous point, this point]
        slot = np.searchsorted(grid, et.index.to_numpy(dtype=float), side="left")
        slot = np.minimum(slot, len(grid) - 1)
        happened = pd.DataFrame({"slot": slot, "resolved": et["observed"].to_numpy(dtype=int),
                                 "censored": et["censored"].to_numpy(dtype=int)}).groupby("slot").sum()
        happened = happened.reindex(range(len(grid)), fill_value=0)
        times = et.index.to_numpy(dtype=float)
        at_risk = [int(d["duration_hours"].ge(t).sum()) for t in grid]
        f = pd.DataFrame({
            "group": gname, "group_rank": rank, "n": len(d), "n_censored": int((~d["observed"]).sum()),
            "hours": grid, "share_open": kmf.survival_function_at_times(grid).to_numpy(dtype=float),
            "at_risk": at_risk, "resolved": happened["resolved"].to_numpy(),
            "censored": happened["censored"].to_numpy(),
        })
        f = f[(f["hours"] <= times.max() * (1 + 1e-9)) | (f["resolved"] + f["censored"] > 0)]
        # keep the grid points where something happens (and the last): the step curve is the same
        active = (f["resolved"] + f["censored"] > 0).to_numpy().copy()
        active[-1:] = True
        frames.append(f[active])
    cols = ["group", "group_rank", "n", "n_censored", "hours", "share_open", "at_risk", "resolved", "censored"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def _time_grid(hours: pd.Series, per_decade: int = 16) -> np.ndarray:
    """Log-spaced time points (hours) covering every stated span: the curves are tabulated on this grid, so the
    table behind a Kaplan–Meier figure has the same length at any number of cases."""
    lo = math.floor(math.log10(max(float(hours.min()), 1 / 60)))
    hi = math.ceil(math.log10(max(float(hours.max()), 1.0)))
    grid = np.logspace(lo, hi, (hi - lo) * per_decade + 1)
    grid[-1] = max(grid[-1], float(hours.max()))
    return grid


SHARE_COLUMNS = ["group", "group_rank", "n_cases", "panel", "column", "column_label", "cases", "share",
                 "group_flagged"]


def channel_shares(matrix: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Company × channel shares from :func:`channel_matrix`: per company row (top ``k`` + "all others"), the
    share of its cases that used each channel (``panel = "used"``) and the share resolved through each channel
    or ``none`` (``panel = "resolving"``). ``group_flagged``: cases of the row with a channel, resolution,
    outcome or intervention code flagged for review."""

    per_case = matrix.drop_duplicates("case_id").set_index("case_id")
    group, order = group_order(per_case["company"], TOP_K if k is None else k)
    m = matrix.assign(group=matrix["case_id"].map(group))
    n = group.value_counts()
    fl = per_case.assign(group=group).groupby("group")["flagged"].sum()
    used = m[m["used"]].groupby(["group", "column"]).size().rename("cases").reset_index().assign(panel="used")
    res = m[m["resolving"]].groupby(["group", "column"]).size().rename("cases").reset_index().assign(
        panel="resolving")
    out = pd.concat([used, res], ignore_index=True)
    out["n_cases"] = out["group"].map(n).astype(int)
    out["share"] = out["cases"] / out["n_cases"]
    out["group_flagged"] = out["group"].map(fl).fillna(0).astype(int)
    out["group_rank"] = out["group"].map({gname: i for i, gname in enumerate(order)})
    out["column_label"] = out["column"].map(lambda c: CHANNEL_LABELS.get(c, c.replace("_", " ")))
    rank = {c: i for i, c in enumerate((*CHANNELS, "not_stated", "none"))}
    out = out.assign(_p=out["panel"].map({"used": 0, "resolving": 1}), _c=out["column"].map(rank))
    out = out.sort_values(["group_rank", "_p", "_c"], kind="mergesort")
    return out[SHARE_COLUMNS].reset_index(drop=True)
