"""Notebooks 03 and 04: tidy data for the escalation charts and the figure functions."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from servicestories import escalation
from servicestories.casebook import load_codes
from servicestories.export import Chart, read_index, save_figure
from servicestories.figures.escalation import escalation_lengths, resolution_channels
from servicestories.vocab import CHANNELS, PUBLIC_CHANNELS


@pytest.fixture(scope="module")
def codes():
    return load_codes(None)


def _case(case_id, **kw):
    row = {
        "case_id": case_id, "post_id": f"{case_id}_x", "company": f"Firma {case_id}", "channels": ["phone"],
        "resolution_channel": "phone", "outcome": "resolved", "n_contacts": 2, "n_contacts_bound": "exact",
        "duration_text": np.nan, "duration_hours": np.nan, "duration_bound": np.nan, "intervened_by": np.nan,
        "n_steps": 2,
    }
    row.update(kw)
    return row


@pytest.fixture
def constructed():
    """Every bound and outcome once, a missing company, a channel-less step and a resolution outside channels."""
    cases = pd.DataFrame([
        _case("010", duration_text="mindestens zwei Wochen", duration_hours=336.0, duration_bound="at_least",
              n_contacts=3, n_contacts_bound="at_least"),
        _case("011", duration_text="rund drei Tage", duration_hours=72.0, duration_bound="approximate",
              company=np.nan, outcome="partially_resolved", intervened_by="supervisor"),
        _case("012", duration_text="knapp eine Stunde", duration_hours=1.0, duration_bound="at_most",
              channels=["email", "blog"], resolution_channel="none", outcome="unresolved"),
        _case("013", outcome="unclear", resolution_channel="none", channels=["press", "letter"]),
        _case("014", duration_text="seit 3 Tagen", duration_hours=72.0, duration_bound="ongoing",
              resolution_channel="chat", channels=["phone"]),
    ])
    events = pd.DataFrame([
        {"case_id": "010", "step": 1, "channel": "phone"},
        {"case_id": "010", "step": 2, "channel": "phone"},
        {"case_id": "011", "step": 1, "channel": np.nan},
        {"case_id": "011", "step": 2, "channel": "phone"},
        {"case_id": "012", "step": 1, "channel": "email"},
        {"case_id": "012", "step": 2, "channel": "blog"},
        {"case_id": "013", "step": 1, "channel": "letter"},
        {"case_id": "013", "step": 2, "channel": "press"},
        {"case_id": "014", "step": 1, "channel": "phone"},
    ])
    return cases, events


# --- length_table on the hand codes -------------------------------------------------------------------------

def test_length_table_one_row_per_case_none_dropped(codes):
    t = escalation.length_table(codes.cases)
    assert len(t) == len(codes.cases) and t["case_id"].is_unique
    assert list(t.columns) == escalation.LENGTH_COLUMNS
    assert sorted(t["case_id"]) == sorted(codes.cases["case_id"])


def test_cases_without_duration_are_kept_as_not_stated(codes):
    t = escalation.length_table(codes.cases).set_index("case_id")
    missing = codes.cases.loc[codes.cases["duration_hours"].isna(), "case_id"]
    assert len(missing) > 0
    assert (t.loc[missing, "duration_drawn"] == "not_stated").all()
    assert (t.loc[missing, "duration_label"] == "not stated").all()


def test_hand_coded_lower_bounds_are_censored(codes):
    t = escalation.length_table(codes.cases).set_index("case_id")
    assert t.loc["002", "duration_bound"] == "ongoing" and t.loc["002", "duration_drawn"] == "lower_bound"
    src = codes.cases.set_index("case_id")
    for cid, bound in src["duration_bound"].dropna().items():
        expected = "lower_bound" if bound in ("at_least", "ongoing") else t.loc[cid, "duration_drawn"]
        assert t.loc[cid, "duration_drawn"] == expected


def test_duration_label_is_the_verbatim_phrase(codes):
    t = escalation.length_table(codes.cases).set_index("case_id")
    phrase = codes.cases.set_index("case_id").loc["002", "duration_text"]
    assert f"„{phrase}“" in t.loc["002", "duration_label"]
    assert t.loc["000", "duration_label"] == "not stated"  # "vor ... einem Monat" is a start point, not a span


def test_contact_lower_bounds_get_a_geq_label(codes, constructed):
    # the hand codes leave uncountable contacts empty (000) instead of a lower bound
    assert escalation.length_table(codes.cases).set_index("case_id").loc["000", "contacts_label"] == ""
    t = escalation.length_table(constructed[0])
    lower = t["n_contacts_bound"] == "at_least"
    assert lower.any() and (~lower).any()
    assert t.loc[lower, "contacts_label"].str.startswith("≥").all()
    assert (t.loc[lower, "contacts_drawn"] == "lower_bound").all()
    assert not t.loc[~lower, "contacts_label"].str.contains("≥").any()
    assert t.set_index("case_id").loc["010", "contacts_label"] == "≥3"


# --- length_table on a constructed frame --------------------------------------------------------------------

def test_each_bound_decides_how_the_span_is_drawn(constructed):
    t = escalation.length_table(constructed[0]).set_index("case_id")
    assert t["duration_drawn"].to_dict() == {
        "010": "lower_bound", "011": "point", "012": "upper_bound", "013": "not_stated", "014": "lower_bound"}
    assert t.loc["011", "duration_label"] == "~ „rund drei Tage“"
    assert t.loc["010", "duration_label"].startswith("≥ „mindestens")
    assert t.loc["012", "duration_label"].startswith("≤ ")
    assert t.loc["014", "duration_label"].endswith(", ongoing")
    assert t.loc["011", "company"] == "unnamed" and t.loc["011", "case_label"] == "unnamed (011)"


def test_length_table_is_sorted_by_case(constructed):
    cases = constructed[0].iloc[::-1]
    assert list(escalation.length_table(cases)["case_id"]) == ["010", "011", "012", "013", "014"]


def test_time_ticks_are_readable_labels():
    ticks = dict((lab, h) for h, lab in escalation.time_ticks(1, 8760))
    assert ticks == {"1 h": 1, "1 day": 24, "1 week": 168, "1 month": 720, "1 year": 8760}


# --- channel_matrix -----------------------------------------------------------------------------------------

def test_matrix_resolving_channel_is_used_or_none(codes):
    m = escalation.channel_matrix(codes.cases, codes.events)
    res = m[m["resolving"]]
    assert res["case_id"].is_unique and set(res["case_id"]) == set(codes.cases["case_id"])
    channels = codes.cases.set_index("case_id")["channels"]
    for row in res.itertuples():
        assert row.column == "none" or (row.column in channels[row.case_id] and row.used)
    assert (m.loc[m["column"] == "none", "outcome"] != "resolved").all()


def test_matrix_has_every_channel_of_every_case(codes):
    m = escalation.channel_matrix(codes.cases, codes.events)
    for cid, chans in codes.cases.set_index("case_id")["channels"].items():
        drawn = set(m.loc[(m["case_id"] == cid) & m["used"], "column"]) - {"not_stated"}
        assert drawn == set(chans)
    steps = m.groupby("case_id")["n_steps"].sum()
    assert steps.to_dict() == codes.events.groupby("case_id").size().to_dict()  # every step in one cell
    assert set(m.loc[m["public"], "column"]) <= PUBLIC_CHANNELS
    assert set(m.loc[m["column"].isin(PUBLIC_CHANNELS), "public"]) == {True}


def test_matrix_columns_in_vocabulary_order(codes, constructed):
    for cases, events in ((codes.cases, codes.events), constructed):
        cols = escalation.matrix_columns(escalation.channel_matrix(cases, events))
        channels = [c for c in cols if c in CHANNELS]
        assert channels == sorted(channels, key=CHANNELS.index)
        assert cols[len(channels):] == [c for c in ("not_stated", "none") if c in cols]


def test_matrix_constructed_edge_cases(constructed):
    m = escalation.channel_matrix(*constructed)
    cell = m.set_index(["case_id", "column"])
    assert cell.loc[("011", "not_stated"), "used"] and cell.loc[("011", "not_stated"), "n_steps"] == 1
    # a resolving channel without a step of its own is drawn as a ring without a dot
    assert cell.loc[("014", "chat"), "resolving"] and not cell.loc[("014", "chat"), "used"]
    assert cell.loc[("012", "none"), "resolving"] and not cell.loc[("012", "none"), "used"]
    assert cell.loc[("011", "phone"), "intervened_label"] == "supervisor"
    assert cell.loc[("013", "press"), "public"] and not cell.loc[("013", "letter"), "public"]


def test_describe_functions_count_not_average(codes):
    t = escalation.length_table(codes.cases)
    text = escalation.describe_lengths(t)
    assert text.startswith(f"{len(t)} cases;") and "mean" not in text and "average" not in text
    m = escalation.channel_matrix(codes.cases, codes.events)
    text = escalation.describe_resolutions(m)
    n_none = int((codes.cases["resolution_channel"] == "none").sum())
    assert f"{n_none} not resolved" in text


def test_the_contacts_sentence_reads_well_when_every_count_is_the_same(codes):
    t = escalation.length_table(codes.cases)
    counted = t.dropna(subset=["n_contacts"])
    same = counted.assign(n_contacts=1, contacts_label="1", contacts_drawn="point")
    assert "Contacts per case: 1 in each counted case; 0 of " in escalation.describe_lengths(same)
    one = same.head(1).assign(contacts_drawn="lower_bound", contacts_label="≥ 1")
    assert escalation.describe_lengths(one).endswith("Contacts per case: ≥ 1 in each counted case; 1 of 1 count is a "
                                                     "lower bound.")


def test_evidence_tables_keep_the_quotes(codes):
    ev = escalation.length_evidence(codes.cases)
    assert len(ev) == len(codes.cases)
    assert set(codes.cases["duration_quote"].dropna()) <= set(ev["duration_quote"])
    rv = escalation.resolution_evidence(codes.cases)
    assert set(rv["resolution_channel"]) == set(codes.cases["resolution_channel"])
    assert set(codes.cases["outcome_quote"].dropna()) <= set(rv["outcome_quote"])


# --- figure functions ---------------------------------------------------------------------------------------

def test_escalation_lengths_chart(codes):
    t = escalation.length_table(codes.cases)
    chart = escalation_lengths(t, source=codes.label)
    assert isinstance(chart, Chart) and chart.function == "escalation.escalation_lengths"
    assert list(chart.data.columns) == escalation.LENGTH_COLUMNS and len(chart.data) == len(codes.cases)
    assert f"n = {len(codes.cases)} cases" in chart.caption and "every case drawn" in chart.caption
    assert "not stated" in chart.caption and "lower bound" in chart.caption and "hand codes" in chart.caption
    axc, axt = chart.fig.axes[:2]
    assert axt.get_xscale() == "log"
    assert [lab.get_text() for lab in axt.get_xticklabels()] == ["1 h", "1 day", "1 week", "1 month", "1 year"]
    rows = sorted(zip(axc.get_yticks(), [lab.get_text() for lab in axc.get_yticklabels()]), reverse=True)
    assert [lab for _, lab in rows] == list(t["case_label"])  # first case on top
    texts = {x.get_text() for x in axt.texts}
    assert sum(x.get_text() == "not stated" for x in axt.texts) == int(t["duration_hours"].isna().sum())
    assert set(t.loc[t["duration_hours"].notna(), "duration_label"]) <= texts
    # one censoring arrow per lower bound, in each panel
    assert len(axt.patches) == int((t["duration_drawn"] != "point").sum() - (t["duration_drawn"] == "not_stated").sum())
    assert len(axc.patches) == int((t["contacts_drawn"] == "lower_bound").sum())


def test_escalation_lengths_draws_constructed_bounds(constructed):
    chart = escalation_lengths(escalation.length_table(constructed[0]))
    axt = chart.fig.axes[1]
    assert len(axt.patches) == 3  # at_least, at_most, ongoing
    assert "Codes:" not in chart.caption  # no source given


def test_resolution_channels_chart(codes):
    m = escalation.channel_matrix(codes.cases, codes.events)
    chart = resolution_channels(m, source=codes.label)
    assert isinstance(chart, Chart) and chart.function == "escalation.resolution_channels"
    assert list(chart.data.columns) == escalation.MATRIX_COLUMNS
    assert f"n = {len(codes.cases)} cases" in chart.caption and "every case drawn" in chart.caption
    ax = chart.fig.axes[0]
    ticks = [lab.get_text() for lab in ax.get_xticklabels()]
    assert ticks[-1] == "who intervened"
    assert "in person" in ticks and "technician visit" in ticks and "none (not resolved)" in ticks
    assert "in_person" not in ticks
    assert sum(len(c.get_offsets()) for c in ax.collections) == int(m["resolving"].sum() - (
        (m["column"] == "none") & m["resolving"]).sum())  # one ring per resolved case


def test_resolution_channels_constructed(constructed):
    chart = resolution_channels(escalation.channel_matrix(*constructed))
    ticks = [lab.get_text() for lab in chart.fig.axes[0].get_xticklabels()]
    assert ticks == ["phone", "email", "letter", "chat", "blog", "press", "channel not stated",
                     "none (not resolved)", "who intervened"]


def test_empty_input_is_refused():
    with pytest.raises(ValueError, match="no cases"):
        escalation_lengths(pd.DataFrame(columns=escalation.LENGTH_COLUMNS))
    with pytest.raises(ValueError, match="no cases"):
        resolution_channels(pd.DataFrame(columns=escalation.MATRIX_COLUMNS))


@pytest.mark.parametrize("name", ["03-escalation-lengths", "04-resolution-channels"])
def test_saved_twice_byte_identical_with_csv(codes, figures_out, name):
    def make():
        if name.startswith("03"):
            return escalation_lengths(escalation.length_table(codes.cases), source=codes.label)
        return resolution_channels(escalation.channel_matrix(codes.cases, codes.events), source=codes.label)

    first = save_figure(make(), name)
    digests = {fmt: hashlib.sha256(p.read_bytes()).hexdigest() for fmt, p in first.files.items()}
    second = save_figure(make(), name)
    assert {fmt: hashlib.sha256(p.read_bytes()).hexdigest() for fmt, p in second.files.items()} == digests
    csv = pd.read_csv(first.files["csv"], dtype=str, keep_default_na=False)
    expected = escalation.LENGTH_COLUMNS if name.startswith("03") else escalation.MATRIX_COLUMNS
    assert list(csv.columns) == expected
    index = read_index(figures_out).set_index("figure")
    assert index.loc[name, "function"].startswith("servicestories.figures.escalation.")
    assert "n = 5 cases" in index.loc[name, "caption"]
    assert ("escalation-length" in name) or ("resolution-channel" in name)


def test_source_note_says_when_codes_are_automatic(codes, constructed):
    from servicestories.casebook import Codes

    assert "hand codes" in escalation.source_note(codes)
    auto = Codes(constructed[0], constructed[1], pd.DataFrame(), "automatic")
    note = escalation.source_note(auto)
    assert "show automatic codes" in note and "show hand codes" not in note and note.startswith("5 cases, 9 steps.")
    chart = escalation_lengths(escalation.length_table(auto.cases), source=auto.label)
    assert chart.caption.endswith("Codes: automatic codes (not checked by a person).")


def test_table_rows_must_name_every_column_once():
    from servicestories.escalation import _Rows

    rows = _Rows(["case_id", "n_steps"])
    rows.add(case_id="000", n_steps=2)
    with pytest.raises(ValueError, match="differ"):
        rows.add(case_id="001")  # a missing value would shift the column against the others
    assert rows.frame().to_dict("list") == {"case_id": ["000"], "n_steps": [2]}
    assert list(_Rows(["case_id"]).frame().columns) == ["case_id"]
