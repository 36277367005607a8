"""Escalation journeys as tidy tables (notebook 05): the contact steps of every case in story order, and the
channel-to-channel transitions across cases.

Everything is vectorised (sort, ``groupby``/``shift``, merges), so the tables scale to thousands of cases.

Conventions
-----------
* A step whose channel the post does not state keeps ``channel`` empty; its ``state`` is :data:`NOT_STATED`.
  Missing channels are **not dropped** from the transitions: ``phone → not_stated → blog`` is two
  transitions through the state ``not_stated``, so every pair of consecutive steps is counted exactly once
  (a case with *k* steps contributes *k* − 1 step transitions).
* Consecutive steps in the same channel are counted as a transition to itself (the diagonal of the matrix):
  a run of phone calls is part of the journey.
* The codes record the resolution *channel*, not the resolving step. The resolving step is taken to be the
  **last step in the resolution channel** of a case whose outcome is ``resolved`` or ``partially_resolved``
  (000: the product-key call, step 6, not the earlier calls; 001: the technician visit; 004: the calls).
  A case whose resolution channel none of its steps used has no resolving step (possible with automatic codes).
* Transitions never cross cases; each case also contributes one ``start → first state`` and one
  ``last state → outcome`` row (``kind`` ``"start"`` and ``"end"``).
"""

from __future__ import annotations

import pandas as pd

from .caseids import case_label, shown_ids
from .vocab import CHANNELS, OUTCOMES

OTHER_PATHS = "all other paths"
NOT_STATED = "not_stated"  #: state of a step whose channel the post does not state
START = "start"  #: the ``from`` state of a case's first step
RESOLVING_OUTCOMES = ("resolved", "partially_resolved")
OUTCOMES_SET = frozenset(OUTCOMES)

STEP_COLUMNS = [
    "case_id", "post_id", "company", "lane", "lane_index", "step", "n_steps", "channel", "state", "actor",
    "initiated_by", "result", "time_text", "quote", "is_last", "resolving", "outcome", "resolution_channel",
    "flagged",
]
#: the coded step columns a journey reads (besides ``post_id``, ``case_id`` and ``step``):
#: ``load_codes(CORPUS, steps=READ_STEP_COLUMNS)`` loads no more of the steps than :func:`journey_steps` needs
READ_STEP_COLUMNS = ("channel", "actor", "initiated_by", "result", "time_text", "quote")
#: Codes behind a journey; a case with any of them in ``needs_review`` is ``flagged``.
JOURNEY_FIELDS = ("channels", "resolution_channel", "outcome")
TRANSITION_COLUMNS = ["kind", "from", "to", "n", "cases", "case_ids"]
KINDS = ("start", "step", "end")
#: case ids per row of :func:`transitions_shown`
SHOWN_IDS = 5
#: ``attrs`` key of :func:`journey_steps` and :func:`transitions`: the cases of the cases table without a coded
#: contact step (no journey, no transition; the figures' captions count them)
WITHOUT_STEPS = "cases_without_steps"


def state_order(states) -> list[str]:
    """The states present in ``states`` in vocabulary order: channels, then :data:`NOT_STATED`, then outcomes."""
    present = set(states)
    order = [*CHANNELS, NOT_STATED, *OUTCOMES]
    known = [s for s in order if s in present]
    return known + sorted(present - set(order) - {START})


def journey_steps(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per contact step, cases in ``case_id`` order, steps in story order, with plotting columns.

    ``lane`` ("company (case_id)") and ``lane_index`` (0 = first case) place the swimlane; ``state`` is the
    channel or :data:`NOT_STATED`; ``is_last`` marks each case's last step; ``resolving`` marks the resolving
    step (see the module docstring); ``outcome`` and ``resolution_channel`` repeat the case's codes.
    """
    from .escalation import flagged

    case_cols = ["case_id", "company", "outcome", "resolution_channel"]
    c = cases[case_cols].assign(flagged=flagged(cases, JOURNEY_FIELDS)).drop_duplicates("case_id")
    unknown = sorted(set(events["case_id"]) - set(c["case_id"]))
    if unknown:
        raise ValueError(f"journey_steps: steps for cases not in the cases table: {unknown[:5]}")
    ev_cols = ["post_id", "case_id", "step", *READ_STEP_COLUMNS]
    s = events[ev_cols].merge(c, on="case_id", how="left", validate="many_to_one")
    s = s.sort_values(["case_id", "step"], kind="mergesort").reset_index(drop=True)
    if s.duplicated(["case_id", "step"]).any():
        raise ValueError("journey_steps: a case has two steps with the same number")

    s["state"] = s["channel"].where(s["channel"].notna() & (s["channel"].astype("string").str.strip() != ""),
                                    NOT_STATED).astype(str)
    s["channel"] = s["channel"].where(s["state"] != NOT_STATED)
    lanes = pd.Index(sorted(c["case_id"][c["case_id"].isin(s["case_id"])]))
    s["lane_index"] = lanes.get_indexer(s["case_id"])
    shown = shown_ids(s["case_id"].astype(str))
    s["lane"] = [case_label(co, str(ci), shown) for co, ci in zip(s["company"], s["case_id"])]
    s["n_steps"] = s.groupby("case_id")["step"].transform("size")
    s["is_last"] = s["case_id"].ne(s["case_id"].shift(-1))

    can_resolve = s["outcome"].isin(RESOLVING_OUTCOMES) & s["state"].eq(s["resolution_channel"])
    s["resolving"] = can_resolve & ~_any_later(can_resolve, s["case_id"])
    out = s[STEP_COLUMNS]
    out.attrs[WITHOUT_STEPS] = int(len(c) - len(lanes))  # cases no journey can show: said in every caption
    return out


def cases_without_steps(frame: pd.DataFrame) -> int:
    """How many cases of the cases table have no coded contact step (``attrs`` of :func:`journey_steps` and
    :func:`transitions`; 0 for a frame made otherwise)."""
    return int(frame.attrs.get(WITHOUT_STEPS, 0))


def _any_later(flag: pd.Series, group: pd.Series) -> pd.Series:
    """True where any *later* row of the same group has ``flag`` (rows sorted within groups)."""
    rev = flag[::-1].astype(int).groupby(group[::-1]).cumsum()[::-1]  # flags at or after each row
    return (rev - flag.astype(int)) > 0


def journey_cases(steps: pd.DataFrame) -> pd.DataFrame:
    """One row per case: its path through the channels (``"blog → email → phone ×4 → courier"``), the number
    of steps, the outcome and the resolving step (empty if none)."""
    runs = steps[["case_id", "step", "state"]].copy()
    runs["new_run"] = runs["case_id"].ne(runs["case_id"].shift()) | runs["state"].ne(runs["state"].shift())
    runs["run"] = runs["new_run"].cumsum()
    r = runs.groupby("run", sort=True).agg(case_id=("case_id", "first"), state=("state", "first"),
                                           k=("step", "size"))
    r["label"] = r["state"].str.replace("_", " ", regex=False).where(r["k"] == 1,
                                                                     r["state"].str.replace("_", " ") + " ×" +
                                                                     r["k"].astype(str))
    paths = r.groupby("case_id", sort=True)["label"].agg(" → ".join).rename("path")
    keep = ["case_id", "lane", "n_steps", "outcome", "resolution_channel"] + (
        ["flagged"] if "flagged" in steps.columns else [])
    first = steps.drop_duplicates("case_id")[keep]
    resolving = steps.loc[steps["resolving"], ["case_id", "step"]].rename(columns={"step": "resolving_step"})
    out = first.merge(paths, on="case_id").merge(resolving, on="case_id", how="left")
    out["resolving_step"] = out["resolving_step"].astype("Int64")
    return out[["case_id", "lane", "n_steps", "path", "outcome", "resolution_channel", "resolving_step"]
               + (["flagged"] if "flagged" in out.columns else [])]


PATH_COLUMNS = ["rank", "path", "n_cases", "outcome", "cases", "flagged", "path_flagged"]


def top_paths(steps: pd.DataFrame, k: int = 15, min_cases: int = 2) -> pd.DataFrame:
    """The ``k`` most frequent channel paths (:func:`journey_cases`, repeated channels collapsed) with the
    number of cases per outcome; all other paths pooled in one row "all other paths". Ties by path text; a path
    needs ``min_cases`` cases for a row of its own (a single story is not a pattern).
    ``flagged``: cases of the row and outcome whose channel, resolution or outcome code is flagged for review."""
    jc = journey_cases(steps)
    if "flagged" not in jc.columns:
        jc = jc.assign(flagged=False)
    jc = jc.assign(outcome=jc["outcome"].fillna("unclear"))
    counts = jc["path"].value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = [p for p, n in ranked if n >= min_cases][:k]
    jc["row"] = jc["path"].where(jc["path"].isin(top), OTHER_PATHS)
    order = top + ([OTHER_PATHS] if (jc["row"] == OTHER_PATHS).any() else [])
    g = jc.groupby(["row", "outcome"]).agg(cases=("case_id", "size"), flagged=("flagged", "sum")).reset_index()
    g["rank"] = g["row"].map({p: i + 1 for i, p in enumerate(order)})
    g["n_cases"] = g.groupby("row")["cases"].transform("sum")
    g["path_flagged"] = g.groupby("row")["flagged"].transform("sum")
    g["_o"] = g["outcome"].map({o: i for i, o in enumerate(OUTCOMES)}).fillna(len(OUTCOMES))
    g = g.sort_values(["rank", "_o"], kind="mergesort").rename(columns={"row": "path"})
    return g[PATH_COLUMNS].astype({"flagged": int, "path_flagged": int}).reset_index(drop=True)


def step_table(steps: pd.DataFrame) -> pd.DataFrame:
    """The audit table: every step with its verbatim German quote, for reading next to the journey chart."""
    t = steps[["lane", "step", "channel", "actor", "initiated_by", "result", "time_text", "quote", "resolving"]]
    t = t.assign(channel=t["channel"].fillna("(not stated)"), initiated_by=t["initiated_by"].fillna(""),
                 time_text=t["time_text"].fillna(""), resolving=t["resolving"].map({True: "✓", False: ""}))
    return t.rename(columns={"lane": "case"}).reset_index(drop=True)


def transitions(steps: pd.DataFrame, *, include_start: bool = True, include_end: bool = True) -> pd.DataFrame:
    """Channel-to-channel transitions in long form: ``kind, from, to, n, cases, case_ids``.

    ``steps`` as from :func:`journey_steps` (needs ``case_id, step, state, outcome``). ``kind`` is ``"step"``
    for consecutive steps within a case, ``"start"`` for :data:`START` → first state and ``"end"`` for last
    state → outcome. ``n`` counts transitions, ``cases`` the distinct cases with that transition and
    ``case_ids`` lists them (``;``-separated). Rows are ordered by kind, then from/to in vocabulary order.
    """
    s = steps.sort_values(["case_id", "step"], kind="mergesort")[["case_id", "state", "outcome"]]
    nxt = s.groupby("case_id", sort=False)["state"].shift(-1)
    parts = [pd.DataFrame({"kind": "step", "case_id": s["case_id"], "from": s["state"], "to": nxt}).dropna(
        subset=["to"])]
    first = s["case_id"].ne(s["case_id"].shift())
    last = s["case_id"].ne(s["case_id"].shift(-1))
    if include_start:
        parts.insert(0, pd.DataFrame({"kind": "start", "case_id": s.loc[first, "case_id"], "from": START,
                                      "to": s.loc[first, "state"]}))
    if include_end:
        parts.append(pd.DataFrame({"kind": "end", "case_id": s.loc[last, "case_id"], "from": s.loc[last, "state"],
                                   "to": s.loc[last, "outcome"].fillna("unclear")}))
    long = pd.concat(parts, ignore_index=True)
    out = _transition_table(long)
    out.attrs[WITHOUT_STEPS] = steps.attrs.get(WITHOUT_STEPS, 0)
    return out


def _transition_table(long: pd.DataFrame) -> pd.DataFrame:
    if long.empty:
        return pd.DataFrame(columns=TRANSITION_COLUMNS)
    g = long.groupby(["kind", "from", "to"], sort=False)
    out = g.agg(n=("case_id", "size"), cases=("case_id", "nunique")).reset_index()
    ids = long.drop_duplicates(["kind", "from", "to", "case_id"]).sort_values("case_id", kind="mergesort")
    out = out.merge(ids.groupby(["kind", "from", "to"], sort=False)["case_id"].agg(";".join).rename("case_ids"),
                    on=["kind", "from", "to"])
    rank = {s: i for i, s in enumerate([START, *state_order(pd.concat([out["from"], out["to"]]))])}
    out = out.assign(_k=out["kind"].map({k: i for i, k in enumerate(KINDS)}), _f=out["from"].map(rank),
                     _t=out["to"].map(rank)).sort_values(["_k", "_f", "_t"], kind="mergesort")
    return out[TRANSITION_COLUMNS].reset_index(drop=True)


def transitions_shown(table: pd.DataFrame, k: int = SHOWN_IDS) -> pd.DataFrame:
    """:func:`transitions` for reading: each row's ``case_ids`` cut to its first ``k`` and the number of the others
    ("a;b;c … (+1,204 more)"), so that the table stays a page at any corpus size; a row of at most ``k`` cases is
    shown whole (the counts in ``n`` and ``cases`` are untouched)."""
    ids = table["case_ids"].astype(str).str.split(";")
    shown = [";".join(x[:k]) + (f" … (+{len(x) - k:,} more)" if len(x) > k else "") for x in ids]
    return table.assign(case_ids=pd.Series(shown, index=table.index, dtype=object))


def transition_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """Wide counts: rows = from-states (``start`` first), columns = to-states (channels, then outcomes)."""
    rows = [START] * int(table["from"].eq(START).any()) + state_order(table["from"])
    cols = state_order(table["to"])
    m = table.pivot_table(index="from", columns="to", values="n", aggfunc="sum", fill_value=0)
    return m.reindex(index=rows, columns=cols, fill_value=0).astype(int)


def transition_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Totals per kind: transitions, distinct cases, same-channel transitions and transitions touching a
    step without a stated channel."""
    t = table.assign(same=table["n"].where(table["from"].eq(table["to"]), 0),
                     unstated=table["n"].where(table["from"].eq(NOT_STATED) | table["to"].eq(NOT_STATED), 0))
    # only the two columns needed: exploding the whole frame would copy every row's case_ids text once per case
    ids = pd.DataFrame({"kind": t["kind"], "case_id": t["case_ids"].str.split(";")}).explode("case_id")
    out = t.groupby("kind", sort=False).agg(transitions=("n", "sum"), same_channel=("same", "sum"),
                                            via_not_stated=("unstated", "sum"))
    out["cases"] = ids.groupby("kind", sort=False)["case_id"].nunique()
    out = out.reindex([k for k in KINDS if k in out.index])
    return out[["transitions", "cases", "same_channel", "via_not_stated"]].reset_index()
