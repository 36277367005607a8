"""Every figure stays one readable page at any n: size caps, top companies + "all others" with n, censoring in
the Kaplan–Meier curves, and review flags counted. Synthetic codes (tests/synthetic_codes.py), no post text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic_codes import synthetic_codes

from servicestories import escalation, journeys, language
from servicestories.figures import (
    channel_transitions,
    distinctive_terms,
    escalation_journeys,
    escalation_lengths,
    post_lengths,
    resolution_channels,
    scale,
)

SIZES = (5, 30, 2000, 20000)
_FIGS: dict[int, dict] = {}  # figures made by the size test, reused by the growth test
MAX_PX = 4000


_CACHE: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _codes(n: int):
    if n not in _CACHE:
        _CACHE[n] = synthetic_codes(n, seed=n)
    return _CACHE[n]


@pytest.fixture(scope="module", params=SIZES)
def codes(request):
    return (request.param, *_codes(request.param))


@pytest.fixture(scope="module")
def big():
    return {n: _codes(n) for n in (2000, 20000)}


def _px(chart) -> tuple[int, int]:
    w, h = chart.fig.get_size_inches()
    return round(w * 300), round(h * 300)


def _figures(cases, events):
    steps = journeys.journey_steps(cases, events)
    return {
        "escalation_lengths": escalation_lengths(escalation.length_table(cases), source="automatic codes"),
        "resolution_channels": resolution_channels(escalation.channel_matrix(cases, events)),
        "escalation_journeys": escalation_journeys(steps, label="automatic codes"),
        "channel_transitions": channel_transitions(journeys.transitions(steps), label="automatic codes"),
    }


def _figures_for(n: int) -> dict:
    if n not in _FIGS:
        _FIGS[n] = _figures(*_codes(n))
    return _FIGS[n]


def _posts(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(n)
    return pd.DataFrame({"post_id": [f"{i:05d}_x" for i in range(n)], "title": ["Ärger mit der Hotline"] * n,
                         "n_words": rng.integers(50, 900, size=n), "n_sentences": 10,
                         "n_comments": rng.integers(0, 3, size=n)})


def test_every_figure_fits_4000_px(codes):
    n, cases, events = codes
    charts = dict(_figures_for(n))
    charts["post_lengths"] = post_lengths(_posts(n))
    for name, chart in charts.items():
        w, h = _px(chart)
        assert w <= MAX_PX and h <= MAX_PX, (name, n, w, h)


def test_size_does_not_grow_with_n(big):
    sizes = {n: {k: _px(c) for k, c in _figures_for(n).items()} for n in big}
    assert sizes[2000] == sizes[20000]
    assert _px(post_lengths(_posts(2000))) == _px(post_lengths(_posts(20000)))


def _title_clashes(chart) -> list[tuple[str, str]]:
    """(panel title, text) for every text of the figure drawn over a panel's title."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(chart.fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    titles = [t for ax in chart.fig.axes for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
    texts = [t for t in chart.fig.findobj(Text) if t.get_text() and t.get_visible()]
    return [(t.get_text(), o.get_text()) for t in titles for o in texts
            if o is not t and t.get_window_extent(renderer).overlaps(o.get_window_extent(renderer))]


def test_no_text_runs_into_a_panel_title(codes):
    n, _cases, _events = codes
    for name, chart in _figures_for(n).items():
        assert _title_clashes(chart) == [], (name, n)


def test_channel_heatmap_with_one_resolving_column_keeps_its_title_clear():
    # a corpus where no case was resolved: the resolving panel is one column wide, narrower than its title
    cases, events = synthetic_codes(60, seed=2, flag_share=0.5)
    cases["resolution_channel"] = "none"
    chart = resolution_channels(escalation.channel_matrix(cases, events))
    assert list(chart.data.loc[chart.data["panel"] == "resolving", "column"].unique()) == ["none"]
    assert "flagged" in [t.get_text() for t in chart.fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert _title_clashes(chart) == []


def test_a_corpus_without_any_contact_step_gets_figures_that_say_so():
    # posts that tell no service story: no channel, no step, nothing resolved
    cases, events = synthetic_codes(60, seed=4)
    cases["channels"], cases["resolution_channel"] = "", "none"
    events = events.iloc[0:0]
    channels = resolution_channels(escalation.channel_matrix(cases, events))
    assert "no case has a coded channel" in [t.get_text() for t in channels.fig.axes[0].texts]
    assert _title_clashes(channels) == []
    steps = journeys.journey_steps(cases, events)
    for chart in (escalation_journeys(steps, label="automatic codes"),
                  channel_transitions(journeys.transitions(steps), label="automatic codes")):
        assert chart.caption.endswith("nothing to draw. None of the 60 cases has a coded contact step. "
                                      "Codes: automatic codes.")
        assert chart.data.empty and max(_px(chart)) <= MAX_PX


def test_no_distinctive_term_gives_a_figure_that_says_so():
    empty = pd.DataFrame(columns=["post_id", "rank", "term", "label", "count", "count_rest", "z"])
    chart = distinctive_terms(empty)
    assert "Distinctive words: nothing to draw. No post uses any lemma more often" in chart.caption
    grouped = pd.DataFrame(columns=["group", "n_posts", "rank", "term", "label", "count", "count_rest", "z"])
    assert "No company uses any lemma" in distinctive_terms(grouped).caption


def test_one_company_row_is_named_in_the_singular():
    assert scale.most(1, "cases") == "the company with most cases"
    assert scale.most(12, "cases") == "the 12 companies with most cases"
    assert scale.most(1, "posts", "named companies") == "the named company with most posts"


def test_one_case_with_thousands_of_contacts_does_not_squash_the_others():
    cases, _ = synthetic_codes(10, seed=5)
    cases["n_contacts"] = pd.array([2] * 9 + [3022], dtype="Int64")
    chart = escalation_lengths(escalation.length_table(cases))
    axc = chart.fig.axes[0]
    assert axc.get_xscale() == "symlog" and "log scale" in axc.get_xlabel()
    assert [t.get_text() for t in axc.get_xticklabels()] == ["0", "1", "10", "100", "1k"]
    cases["n_contacts"] = pd.array([2] * 9 + [12], dtype="Int64")
    assert escalation_lengths(escalation.length_table(cases)).fig.axes[0].get_xscale() == "linear"


def test_small_n_draws_every_case_and_large_n_aggregates():
    cases, _ = synthetic_codes(scale.SMALL_N, seed=3)
    small = escalation_lengths(escalation.length_table(cases))
    assert len(small.data) == scale.SMALL_N and "every case drawn" in small.caption
    cases, _ = synthetic_codes(scale.SMALL_N + 1, seed=3)
    large = escalation_lengths(escalation.length_table(cases))
    assert set(large.data["panel"]) == {"contacts", "time_to_resolution"}
    assert "every case drawn" not in large.caption


def test_top_companies_plus_all_others_carry_n(big):
    cases, events = big[2000]
    table = escalation.length_table(cases)
    contacts = escalation.contacts_by_company(table)
    rows = contacts.drop_duplicates("group")
    assert len(rows) == scale.TOP_K + 1 and rows["group"].iloc[-1] == scale.OTHERS
    assert rows["n_cases"].sum() == len(cases)  # every case in exactly one row
    expected = cases["company"].value_counts()
    for g, n in zip(rows["group"], rows["n_cases"]):
        assert n == (expected.get(g) if g != scale.OTHERS else len(cases) - expected.loc[rows["group"][:-1]].sum())
    shares = contacts.groupby("group")["share"].sum()
    assert np.allclose(shares, 1.0)
    chart = resolution_channels(escalation.channel_matrix(cases, events))
    labels = [t.get_text() for t in chart.fig.axes[0].get_yticklabels()]
    assert all("(n = " in lab for lab in labels) and labels[-1].startswith(scale.OTHERS)
    assert chart.data["n_cases"].groupby(chart.data["group"]).first().sum() == len(cases)


def test_group_order_ties_single_stories_and_single_leftover():
    group, order = scale.group_order(pd.Series(["B", "A", "A", "B", "C"]), k=2)
    assert order == ["A", "B", scale.OTHERS]  # C has one case: pooled, never a row of one story
    group, order = scale.group_order(pd.Series(["B", "A", "A", "B", "C", "C"]), k=2)
    assert order == ["A", "B", "C"]  # one company left over is shown, not pooled
    group, order = scale.group_order(pd.Series(["A", "A", "B", "B", "C", "C", "D"]), k=1)
    assert order == ["A", scale.OTHERS] and (group == scale.OTHERS).sum() == 5


def test_kaplan_meier_censors_lower_bounds_and_unresolved_cases():
    cases = pd.DataFrame([
        {"case_id": "001", "post_id": "001_x", "company": "A", "outcome": "resolved", "n_contacts": 2,
         "n_contacts_bound": "exact", "duration_text": "zwei Tage", "duration_hours": 48.0, "duration_bound": "exact"},
        {"case_id": "002", "post_id": "002_x", "company": "A", "outcome": "resolved", "n_contacts": 2,
         "n_contacts_bound": "exact", "duration_text": "mindestens zehn Tage", "duration_hours": 240.0,
         "duration_bound": "at_least"},
        {"case_id": "003", "post_id": "003_x", "company": "A", "outcome": "unresolved", "n_contacts": 2,
         "n_contacts_bound": "exact", "duration_text": "drei Tage", "duration_hours": 72.0, "duration_bound": "exact"},
        {"case_id": "004", "post_id": "004_x", "company": "A", "outcome": "resolved", "n_contacts": 2,
         "n_contacts_bound": "exact", "duration_text": "seit einer Woche", "duration_hours": 168.0,
         "duration_bound": "ongoing"},
        {"case_id": "005", "post_id": "005_x", "company": "A", "outcome": "resolved", "n_contacts": 2,
         "n_contacts_bound": "exact", "duration_text": None, "duration_hours": np.nan, "duration_bound": None},
    ]).assign(intervened_by=None, resolution_channel="phone", channels=[["phone"]] * 5, n_steps=1)
    surv = escalation.survival_table(escalation.length_table(cases)).set_index("case_id")
    assert "005" not in surv.index  # no stated span: not in the fit
    assert surv.loc["001", "observed"] and not surv.loc["002", "observed"]
    assert surv.loc["002", "censored_because"] == "lower bound"
    assert surv.loc["004", "censored_because"] == "lower bound"
    assert surv.loc["003", "censored_because"] == "not resolved"
    curves = escalation.survival_curves(surv.reset_index())
    assert curves["resolved"].sum() == 1 and curves["censored"].sum() == 3 and (curves["n_censored"] == 3).all()
    # KM by hand: 4 at risk at 48 h, one resolution -> 3/4 still open; the censored cases do not lower it
    before = curves[curves["hours"] < 48.0]
    assert (before["share_open"] == 1.0).all()
    assert curves.loc[curves["hours"] >= 48.0, "share_open"].to_numpy() == pytest.approx(0.75)
    assert curves["hours"].max() >= 240.0


def test_large_lengths_chart_csv_holds_censoring_and_is_aggregated(big):
    cases, _ = big[20000]
    chart = escalation_lengths(escalation.length_table(cases), source="automatic codes")
    km = chart.data[chart.data["panel"] == "time_to_resolution"]
    assert km["censored"].sum() > 0 and km["resolved"].sum() > 0
    stated = cases["duration_hours"].notna()
    assert km.groupby("group")["n"].first().sum() == stated.sum()
    lower = cases["duration_bound"].isin(["at_least", "ongoing"]) & stated
    assert km["censored"].sum() >= lower.sum()
    assert len(chart.data) < 1000  # aggregated, not one row per case
    assert f"{int(lower.sum()):,} lower bounds" in chart.caption


def test_flagged_codes_are_counted(big):
    cases, events = big[2000]
    flags = escalation.review_flags(cases)
    n_contacts = int(flags.map(lambda f: "n_contacts" in f).sum())
    n_channel = int(flags.map(lambda f: bool(f & set(escalation.CHANNEL_FIELDS))).sum())
    assert n_contacts > 0 and n_channel > 0
    lengths = escalation_lengths(escalation.length_table(cases))
    assert f"{n_contacts:,} cases with the contact count flagged for review" in lengths.caption
    contacts = lengths.data[lengths.data["panel"] == "contacts"]
    assert contacts.drop_duplicates("group")["group_flagged"].sum() == n_contacts
    channels = resolution_channels(escalation.channel_matrix(cases, events))
    assert f"{n_channel:,} cases with the channel" in channels.caption


def test_hand_codes_have_no_flags_and_unknown_fields_are_refused():
    cases, _ = synthetic_codes(5)
    assert not escalation.review_flags(cases.drop(columns="needs_review")).map(bool).any()
    with pytest.raises(ValueError, match="needs_review: unknown field"):
        escalation.review_flags(cases.assign(needs_review="contacts"))


def test_small_n_flags_are_marked():
    cases, events = synthetic_codes(6, seed=1, flag_share=1.0)
    cases["needs_review"] = "channels"
    chart = resolution_channels(escalation.channel_matrix(cases, events))
    labels = [t.get_text() for t in chart.fig.axes[0].get_yticklabels()]
    assert all(lab.endswith("⚑") for lab in labels) and "6 cases with the channel" in chart.caption


def test_journeys_aggregate_paths_with_n(big):
    cases, events = big[2000]
    steps = journeys.journey_steps(cases, events)
    chart = escalation_journeys(steps, label="automatic codes")
    rows = chart.data.drop_duplicates("rank")
    assert rows["n_cases"].sum() == len(cases) and rows["path"].iloc[-1] == journeys.OTHER_PATHS
    assert len(rows) == 16
    t = channel_transitions(journeys.transitions(steps), label="automatic codes")
    assert "case_ids" not in t.data.columns  # the CSV stays aggregated


def test_distinctive_terms_per_company_beyond_a_dozen_posts():
    words = {"A": "Hotline Warteschleife Rückruf", "B": "Paket Zusteller Lieferung", "C": "Rechnung Mahnung"}
    posts, companies = [], {}
    for i in range(30):
        comp = "ABC"[i % 3]
        pid = f"{i:03d}_x"
        posts.append({"post_id": pid, "title": "Ein Erlebnis", "body": f"Heute wieder {words[comp]} und Ärger."})
        companies[pid] = comp
    posts = pd.DataFrame(posts)
    tokens = language.token_table(posts)
    groups = language.company_groups(pd.Series(companies))
    table = language.group_distinctive_terms(tokens, groups, k=3)
    assert set(table["group"]) == {"A", "B", "C"} and (table["n_posts"] == 10).all()
    assert set(table.loc[table["group"] == "B", "label"]) == {"Paket", "Zusteller", "Lieferung"}
    chart = distinctive_terms(table, k=3)
    assert "per company" in chart.caption and _px(chart)[1] <= MAX_PX
    titles = [ax.get_title(loc="left") for ax in chart.fig.axes if ax.get_title(loc="left")]
    assert titles == ["A (n = 10 posts)", "B (n = 10 posts)", "C (n = 10 posts)"]


def test_distinctive_terms_axis_keeps_a_few_ticks_when_scores_grow_with_the_corpus():
    words = {"A": "Hotline Warteschleife Rückruf", "B": "Paket Zusteller Lieferung"}
    posts = pd.DataFrame([{"post_id": f"{i:03d}_x", "title": "Ein Erlebnis",
                           "body": f"Heute wieder {words['AB'[i % 2]]} und Ärger."} for i in range(20)])
    groups = pd.Series({pid: "AB"[i % 2] for i, pid in enumerate(posts["post_id"])})
    table = language.group_distinctive_terms(language.token_table(posts), groups, k=3)
    for top in (0.4, 1.5, 4.5, 60.0, 400.0):  # z of posts that barely differ, of a few posts, of tens of thousands
        chart = distinctive_terms(table.assign(z=table["z"] / table["z"].max() * top), k=3)
        chart.fig.canvas.draw()
        ax = chart.fig.axes[0]
        lo, hi = ax.get_xlim()
        ticks = [t for t in ax.get_xticks() if lo <= t <= hi]
        assert 3 <= len(ticks) <= 8, (top, ticks)


def test_distinctive_table_per_company_when_companies_repeat_else_per_post():
    words = {"A": "Hotline Warteschleife Rückruf", "B": "Paket Zusteller Lieferung"}
    posts = pd.DataFrame([{"post_id": f"{i:03d}_x", "title": "Ein Erlebnis",
                           "body": f"Heute wieder {words['AB'[i % 2]]} und Ärger."} for i in range(20)])
    tokens = language.token_table(posts)
    repeating = pd.Series({pid: "AB"[i % 2] for i, pid in enumerate(posts["post_id"])})
    table = language.distinctive_table(tokens, repeating, k=3)
    assert set(table["group"]) == {"A", "B"} and (table["n_posts"] == 10).all()
    unique = pd.Series({pid: f"Firma {i}" for i, pid in enumerate(posts["post_id"])})
    for companies in (unique, None):
        per_post = language.distinctive_table(tokens, companies, k=3)
        assert "group" not in per_post.columns and set(per_post["post_id"]) == set(posts["post_id"])


def test_post_lengths_histogram_beyond_small_n():
    chart = post_lengths(_posts(500))
    assert chart.data["posts"].sum() == 500 and len(chart.data) == 30
    assert "n = 500 posts" in chart.caption


def test_post_lengths_per_post_name_each_post_and_group_thousands():
    posts = _posts(3).assign(post_id=["blog_1", "blog_2", "007_x"], n_words=[120, 192463, 800], n_comments=0)
    ax = post_lengths(posts).fig.axes[0]
    assert {t.get_text().split()[0] for t in ax.get_yticklabels()} == {"blog_1", "blog_2", "007"}
    assert "192,463" in [t.get_text() for t in ax.texts]
    ax.figure.canvas.draw()
    assert any("," in t.get_text() for t in ax.get_xticklabels())  # 50,000 … on the axis


def test_post_lengths_histogram_bins_are_whole_words_even_when_every_post_has_one_length():
    posts = _posts(40).assign(n_words=23)
    chart = post_lengths(posts)
    assert chart.data[["words_from", "words_to", "posts"]].values.tolist() == [[23, 24, 40]]
    assert "in 1 bin of 1 word;" in chart.caption and "range 23–23" in chart.caption
    spread = post_lengths(_posts(500))
    widths = (spread.data["words_to"] - spread.data["words_from"]).unique()
    assert len(widths) == 1 and widths[0] == int(widths[0]) >= 1 and len(spread.data) <= 30


def test_distinctive_terms_per_post_beyond_a_dozen_is_a_stated_sample():
    posts = pd.DataFrame([{"post_id": f"{i:03d}_x", "title": "Ein Erlebnis",
                           "body": f"Heute wieder Ärger mit Wort{chr(97 + i)} und Hotline."} for i in range(15)])
    top = language.top_terms(language.score_terms(language.term_counts(language.token_table(posts))), k=3)
    chart = distinctive_terms(top, posts, k=3)
    assert chart.data["post_id"].nunique() == 12
    assert "the first 12 of 15 posts by id drawn, a sample" in chart.caption
