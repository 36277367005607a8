"""Tests for servicestories.journeys and servicestories.figures.journeys (notebook 05)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from servicestories import journeys as J
from servicestories.casebook import load_codes
from servicestories.export import read_index, save_figure
from servicestories.figures.journeys import MAX_LANES, MAX_STEPS, channel_transitions, escalation_journeys


def _frames(paths: dict[str, list], outcomes: dict[str, str], resolution: dict[str, str] | None = None):
    """cases/events for ``{case_id: [channel or None, ...]}`` (actor: frontline_agent throughout)."""
    rows = [{"post_id": f"{cid}_x", "case_id": cid, "step": n, "channel": ch, "actor": "frontline_agent",
             "initiated_by": None, "result": "r", "time_text": None, "quote": "q"}
            for cid, chans in paths.items() for n, ch in enumerate(chans, start=1)]
    events = pd.DataFrame(rows)
    resolution = resolution or {}
    cases = pd.DataFrame({"case_id": list(paths), "company": [f"Firma {c}" for c in paths],
                          "outcome": [outcomes[c] for c in paths],
                          "resolution_channel": [resolution.get(c, "none") for c in paths]})
    return cases, events


@pytest.fixture(scope="module")
def codes():
    return load_codes(None)


@pytest.fixture(scope="module")
def steps(codes):
    return J.journey_steps(codes.cases, codes.events)


def _n(table, kind, a, b):
    hit = table[(table["kind"] == kind) & (table["from"] == a) & (table["to"] == b)]
    return int(hit["n"].sum()) if len(hit) else 0


# -- transitions on a constructed frame ----------------------------------------------------------------
def test_transitions_known_counts_missing_channel_and_no_cross_case():
    cases, events = _frames(
        {"a": ["phone", "phone", "email", "phone"],  # phone→phone, phone→email, email→phone
         "b": ["email", None, "blog"],               # email→not_stated, not_stated→blog
         "c": ["phone"]},                            # one step: no step transition
        {"a": "resolved", "b": "unresolved", "c": "unclear"}, {"a": "phone"})
    # shuffle the input rows: order must come from case_id/step, not from row order
    events = events.sample(frac=1, random_state=3).reset_index(drop=True)
    t = J.transitions(J.journey_steps(cases, events))
    step = t[t["kind"] == "step"]
    assert step["n"].sum() == (4 - 1) + (3 - 1) + (1 - 1)  # k - 1 per case
    assert _n(t, "step", "phone", "phone") == 1
    assert _n(t, "step", "phone", "email") == 1 and _n(t, "step", "email", "phone") == 1
    assert _n(t, "step", "email", J.NOT_STATED) == 1 and _n(t, "step", J.NOT_STATED, "blog") == 1
    # no transition across the case boundary (a ends in phone, b starts with email; b ends in blog, c is phone)
    assert _n(t, "step", "phone", "email") == 1  # only the one inside a
    assert _n(t, "step", "blog", "phone") == 0
    assert not t["from"].isna().any() and not t["to"].isna().any()
    # start and end rows: one per case
    assert _n(t, "start", J.START, "phone") == 2 and _n(t, "start", J.START, "email") == 1
    assert _n(t, "end", "phone", "resolved") == 1 and _n(t, "end", "blog", "unresolved") == 1
    assert _n(t, "end", "phone", "unclear") == 1
    assert list(t.columns) == ["kind", "from", "to", "n", "cases", "case_ids"]
    row = t[(t["kind"] == "start") & (t["to"] == "phone")].iloc[0]
    assert row["cases"] == 2 and row["case_ids"] == "a;c"
    assert t["kind"].tolist() == sorted(t["kind"], key=J.KINDS.index)


def test_transition_counts_repeats_per_case_and_distinct_cases():
    cases, events = _frames({"a": ["phone"] * 4, "b": ["phone", "phone"]}, {"a": "resolved", "b": "resolved"})
    t = J.transitions(J.journey_steps(cases, events), include_start=False, include_end=False)
    assert t[["kind", "from", "to", "n", "cases", "case_ids"]].values.tolist() == [
        ["step", "phone", "phone", 4, 2, "a;b"]]


def test_transitions_shown_cut_long_id_lists_and_keep_the_counts():
    ids = [f"{i:03d}" for i in range(1, 1009)]
    cases, events = _frames({**{c: ["phone", "email"] for c in ids}, "zzz": ["forum"]},
                            {**dict.fromkeys(ids, "resolved"), "zzz": "unclear"})
    t = J.transitions(J.journey_steps(cases, events))
    shown = J.transitions_shown(t, k=3).set_index(["kind", "from", "to"])
    assert shown.loc[("step", "phone", "email"), "case_ids"] == "001;002;003 … (+1,005 more)"
    assert shown.loc[("start", J.START, "forum"), "case_ids"] == "zzz"  # one case: whole
    pd.testing.assert_frame_equal(shown.reset_index().drop(columns="case_ids"), t.drop(columns="case_ids"))
    assert J.transitions_shown(t.iloc[:0]).empty


def test_transition_matrix_and_summary_agree_with_long_table():
    cases, events = _frames({"a": ["phone", None, "phone"], "b": ["forum", "forum"]},
                            {"a": "resolved", "b": "unresolved"}, {"a": "phone"})
    t = J.transitions(J.journey_steps(cases, events))
    m = J.transition_matrix(t)
    assert m.index[0] == J.START and m.to_numpy().sum() == t["n"].sum()
    assert m.loc["phone", J.NOT_STATED] == 1 and m.loc[J.NOT_STATED, "phone"] == 1
    assert list(m.columns[-2:]) == ["resolved", "unresolved"]  # outcomes after channels
    summary = J.transition_summary(t).set_index("kind")
    assert summary.loc["step", "transitions"] == 3 and summary.loc["step", "same_channel"] == 1
    assert summary.loc["step", "via_not_stated"] == 2 and summary.loc["start", "cases"] == 2


def test_journey_steps_rejects_steps_of_unknown_cases():
    cases, events = _frames({"a": ["phone"]}, {"a": "resolved"})
    events.loc[0, "case_id"] = "zz"
    with pytest.raises(ValueError, match="not in the cases table"):
        J.journey_steps(cases, events)


def test_resolving_step_is_last_step_in_resolution_channel_and_only_if_resolved():
    cases, events = _frames(
        {"a": ["phone", "email", "phone", "courier"], "b": ["phone", "phone"], "c": ["email"]},
        {"a": "resolved", "b": "unresolved", "c": "resolved"}, {"a": "phone", "b": "none", "c": "phone"})
    s = J.journey_steps(cases, events)
    assert s.loc[s["resolving"], ["case_id", "step"]].values.tolist() == [["a", 3]]  # c: phone never used


def test_scales_linearly_to_thousands_of_cases():
    rng = np.random.default_rng(0)
    n = 3000
    chans = ["phone", "email", "blog", None]
    paths = {f"{i:05d}": [chans[j] for j in rng.integers(0, 4, rng.integers(1, 9))] for i in range(n)}
    cases, events = _frames(paths, {c: "unclear" for c in paths})
    t = J.transitions(J.journey_steps(cases, events))
    assert t.loc[t["kind"] == "step", "n"].sum() == len(events) - n
    assert t.loc[t["kind"] == "start", "n"].sum() == n == t.loc[t["kind"] == "end", "n"].sum()


# -- journey data on the real hand codes ---------------------------------------------------------------
def test_journey_steps_one_row_per_step_in_order(codes, steps):
    assert len(steps) == len(codes.events)
    assert list(steps.columns) == J.STEP_COLUMNS
    for _cid, d in steps.groupby("case_id"):
        assert d["step"].tolist() == list(range(1, len(d) + 1))
        assert d["is_last"].tolist() == [False] * (len(d) - 1) + [True]
        assert d["lane_index"].nunique() == 1
    assert steps["case_id"].is_monotonic_increasing
    n_steps = codes.cases.set_index("case_id")["n_steps"]
    assert steps.groupby("case_id").size().to_dict() == n_steps.to_dict()
    # a missing channel stays missing and becomes the state "not stated"
    assert (steps["channel"].isna() == (steps["state"] == J.NOT_STATED)).all()
    assert steps["channel"].isna().sum() == codes.events["channel"].isna().sum() > 0


def test_resolving_step_consistent_with_resolution_channel(codes, steps):
    for _, case in codes.cases.iterrows():
        d = steps[steps["case_id"] == case["case_id"]]
        flagged = d[d["resolving"]]
        if case["outcome"] in J.RESOLVING_OUTCOMES and case["resolution_channel"] != "none":
            assert len(flagged) == 1, case["case_id"]
            assert flagged["channel"].iloc[0] == case["resolution_channel"]
            later = d[d["step"] > flagged["step"].iloc[0]]
            assert not (later["channel"] == case["resolution_channel"]).any()
        else:
            assert flagged.empty, case["case_id"]
    # 000: the product key came by phone in step 6 (steps 3-5 were phone too, the courier came last)
    assert steps.loc[steps["resolving"] & (steps["case_id"] == "000"), "step"].tolist() == [6]


def test_journey_cases_paths(steps):
    jc = J.journey_cases(steps).set_index("case_id")
    assert jc.loc["000", "path"] == "blog → email → phone ×4 → courier"
    assert jc.loc["003", "path"] == "not stated"  # one contact, channel not stated (codebook step rules 5, 7)
    assert jc.loc["000", "resolving_step"] == 6 and pd.isna(jc.loc["002", "resolving_step"])


def test_step_table_keeps_verbatim_quotes(codes, steps):
    table = J.step_table(steps)
    assert table["quote"].tolist() == steps["quote"].tolist()
    assert (table["channel"] == "(not stated)").sum() == steps["channel"].isna().sum()


# -- figures -------------------------------------------------------------------------------------------
def test_journey_chart_data_and_caption(steps):
    chart = escalation_journeys(steps, label="hand codes")
    assert chart.function == "journeys.escalation_journeys"
    assert list(chart.data.columns) == J.STEP_COLUMNS and len(chart.data) == len(steps)
    n_cases = steps["case_id"].nunique()
    assert f"n = {n_cases} cases, {len(steps)} steps; every case drawn" in chart.caption
    assert "hand codes" in chart.caption
    ax = chart.fig.axes[0]
    top_down = [t.get_text() for _, t in sorted(zip(ax.get_yticks(), ax.get_yticklabels()), key=lambda p: -p[0])]
    assert top_down == steps.drop_duplicates("case_id")["lane"].tolist()  # first case on top
    legend_texts = {t.get_text() for t in chart.fig.legends[0].get_texts()}
    assert "channel not stated" in legend_texts and "email" in legend_texts
    assert "chat" not in legend_texts and "supervisor" not in legend_texts  # only what is used


def test_journey_chart_draws_lanes_up_to_max_then_top_paths():
    paths = {f"{i:03d}": ["phone", "email"] if i % 3 else ["blog"] for i in range(MAX_LANES)}
    cases, events = _frames(paths, {c: "unresolved" for c in paths})
    lanes = escalation_journeys(J.journey_steps(cases, events))
    assert lanes.data["case_id"].nunique() == MAX_LANES and "every case drawn" in lanes.caption
    paths[f"{MAX_LANES:03d}"] = ["phone", "phone", "email"]
    cases, events = _frames(paths, {c: "unresolved" for c in paths})
    top = escalation_journeys(J.journey_steps(cases, events))
    rows = top.data.drop_duplicates("rank").set_index("path")["n_cases"]
    assert rows.to_dict() == {"phone → email": 16, "blog": 8, J.OTHER_PATHS: 1}  # one case: not a row
    assert f"n = {MAX_LANES + 1} cases" in top.caption


def test_a_case_with_very_many_steps_keeps_the_swimlanes_readable():
    paths = {"001": ["phone", "email"], "002": ["phone", "email"] * 20, "003": ["blog"]}
    cases, events = _frames(paths, dict.fromkeys(paths, "unresolved"))
    chart = escalation_journeys(J.journey_steps(cases, events))
    ax = chart.fig.axes[0]
    assert max(ax.get_xticks()) == MAX_STEPS
    markers = [line for line in ax.lines if line.get_marker() not in (None, "None", "") and len(line.get_xdata()) == 1]
    assert max(float(line.get_xdata()[0]) for line in markers) == MAX_STEPS
    assert f"+{40 - MAX_STEPS} steps" in [t.get_text() for t in ax.texts]
    assert f"Steps after the {MAX_STEPS}th of a case are not drawn (1 case, {40 - MAX_STEPS} steps;" in chart.caption
    assert len(chart.data) == 43  # the CSV behind the chart keeps every step
    short = escalation_journeys(J.journey_steps(*_frames({"001": ["phone"]}, {"001": "resolved"})))
    assert "not drawn" not in short.caption



def test_one_step_beyond_the_drawn_ones_is_named_in_the_singular():
    paths = {"001": ["phone"] * (MAX_STEPS + 1), "002": ["email"]}
    chart = escalation_journeys(J.journey_steps(*_frames(paths, dict.fromkeys(paths, "unresolved"))))
    assert "+1 step" in [t.get_text() for t in chart.fig.axes[0].texts]
    assert "(1 case, 1 step;" in chart.caption

def test_cases_without_a_step_are_counted_in_every_caption():
    paths = {"001": ["phone", "email"], "002": [], "003": ["blog"], "004": []}
    cases, events = _frames(paths, {"001": "resolved", "002": "unclear", "003": "unresolved", "004": "unclear"})
    steps = J.journey_steps(cases, events)
    assert steps.attrs[J.WITHOUT_STEPS] == 2 and steps["case_id"].nunique() == 2
    table = J.transitions(steps)
    assert table.attrs[J.WITHOUT_STEPS] == 2
    note = "Not shown: 2 cases without a coded contact step."
    assert note in escalation_journeys(steps).caption
    assert note in channel_transitions(table).caption
    many = {f"{i:03d}": ["phone"] for i in range(MAX_LANES + 1)} | {"999": []}
    cases, events = _frames(many, dict.fromkeys(many, "unresolved"))
    top = escalation_journeys(J.journey_steps(cases, events))
    assert f"n = {MAX_LANES + 1} cases" in top.caption
    assert "Not shown: 1 case without a coded contact step." in top.caption
    # every case with a step: no such sentence
    cases, events = _frames({"001": ["phone"]}, {"001": "resolved"})
    assert "Not shown" not in escalation_journeys(J.journey_steps(cases, events)).caption


def test_transition_chart_data_and_caption(steps):
    table = J.transitions(steps)
    chart = channel_transitions(table, label="automatic codes (not checked by a person)")
    assert chart.function == "journeys.channel_transitions"
    assert list(chart.data.columns) == J.TRANSITION_COLUMNS
    n_step = len(steps) - steps["case_id"].nunique()
    assert f"n = {steps['case_id'].nunique()} cases, {n_step} step-to-step transitions" in chart.caption
    assert "automatic codes" in chart.caption
    ax = chart.fig.axes[0]
    annotated = sorted(int(t.get_text()) for t in ax.texts)
    assert annotated == sorted(table["n"].tolist())  # every nonzero cell labelled, zero cells blank


def test_saved_twice_is_byte_identical(steps, figures_out):
    def digests():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(figures_out.iterdir())}

    def save():
        save_figure(escalation_journeys(steps), "05-escalation-journeys")
        save_figure(channel_transitions(J.transitions(steps)), "05-channel-transitions")

    save()
    first = digests()
    save()
    assert digests() == first
    assert {f"05-escalation-journeys.{e}" for e in ("png", "svg", "pdf", "csv")} <= set(first)
    csv = pd.read_csv(figures_out / "05-channel-transitions.csv", dtype=str)
    assert list(csv.columns) == J.TRANSITION_COLUMNS
    index = read_index().set_index("figure")
    assert index.loc["05-escalation-journeys", "function"] == "servicestories.figures.journeys.escalation_journeys"
