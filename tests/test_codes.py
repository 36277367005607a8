"""Hand codes (data/annotations) and their validators (servicestories.codes)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from servicestories import audit, codes, paths, vocab
from servicestories.corpus import load_posts
from servicestories.errors import AnnotationError
from servicestories.quotes import quote_table
from servicestories.text import normalize_ws

FIXTURES = Path(__file__).parent / "fixtures" / "annotations"
#: The fixtures code posts 001 and 002 only.
FIXTURE_POSTS = ("001_c7043e60ac86e735", "002_a5bf4149ab8d0502")


@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    return load_posts()


@pytest.fixture(scope="module")
def fixture_posts(posts) -> pd.DataFrame:
    return posts[posts["post_id"].isin(FIXTURE_POSTS)].reset_index(drop=True)


@pytest.fixture(scope="module")
def annotations(posts):
    return codes.validate_annotations(posts=posts)


def _run(mode: str, posts: pd.DataFrame):
    folder = FIXTURES / mode
    return codes.validate_annotations(folder / "cases.csv", folder / "events.csv", posts=posts)


# -- validators on bad fixtures ---------------------------------------------------------------------
def test_valid_fixture_passes(fixture_posts):
    cases, events = _run("valid", fixture_posts)
    assert list(cases["case_id"]) == ["001", "002"]
    assert len(events) == 7


@pytest.mark.parametrize(
    ("mode", "error", "where", "fragments"),
    [
        ("bad_label", codes.UnknownLabelError, "events.csv:7:",
         ["'actor'", "'call_center_agent'", "frontline_agent", "specialist"]),
        ("missing_quote", codes.QuoteNotFoundError, "cases.csv:3:",
         ["'outcome_quote'", "002_a5bf4149ab8d0502", "Der Mailserver funktioniert wieder"]),
        ("unknown_post", codes.UnknownPostError, "events.csv:4:", ["'999_0000000000000000'"]),
        ("missing_case_row", codes.MissingCaseError, "cases.csv:3:", ["001_c7043e60ac86e735"]),
        ("steps_out_of_order", codes.StepOrderError, "events.csv:4:", ["step 4", "step 3 is expected"]),
        ("negative_duration", codes.DurationError, "cases.csv:3:", ["'duration_hours'", "'-60'", "negative"]),
        ("non_numeric_duration", codes.DurationError, "cases.csv:3:", ["'duration_hours'", "'sechzig'",
                                                                        "not a number"]),
    ],
)
def test_bad_annotations_name_file_and_line(mode, error, where, fragments, fixture_posts):
    with pytest.raises(error) as info:
        _run(mode, fixture_posts)
    message = str(info.value)
    assert isinstance(info.value, AnnotationError)
    assert where in message, message
    assert Path(info.value.path).parent.name == mode
    assert info.value.line == int(where.split(":")[1])
    for fragment in fragments:
        assert fragment in message, message


def test_load_events_checks_step_order_on_its_own(fixture_posts):
    with pytest.raises(codes.StepOrderError, match=r"events\.csv:4:"):
        codes.load_events(FIXTURES / "steps_out_of_order" / "events.csv", posts=fixture_posts)


def test_load_cases_reads_events_beside_cases(fixture_posts):
    cases = codes.load_cases(FIXTURES / "valid" / "cases.csv", posts=fixture_posts)
    assert list(cases["n_steps"]) == [5, 2]


# -- the real annotations ---------------------------------------------------------------------------
def test_every_post_has_one_case_and_steps(annotations, posts):
    cases, events = annotations
    assert sorted(cases["post_id"]) == sorted(posts["post_id"])
    assert cases["post_id"].is_unique
    steps = events.groupby("post_id")["step"].apply(list)
    for pid in posts["post_id"]:
        assert steps[pid] == list(range(1, len(steps[pid]) + 1)), pid


def test_every_quote_occurs_verbatim_in_its_post(annotations, posts):
    cases, events = annotations
    texts = {pid: normalize_ws(t) for pid, t in zip(posts["post_id"], posts["text"])}
    quotes = quote_table(cases, events)
    missing = [(q.post_id, q.column, q.quote) for q in quotes.itertuples()
               if normalize_ws(q.quote) not in texts[q.post_id]]
    assert not missing
    # every event has its quote, every case its core quotes
    assert events["quote"].notna().all()
    for col in ("narrator_quote", "company_quote", "sector_quote", "outcome_quote"):
        assert cases[col].notna().all(), col


def test_at_least_twenty_quotes(annotations):
    quotes = quote_table(*annotations)
    assert len(quotes[quotes["column"].str.endswith("quote")]) >= 20


def test_labels_are_from_the_vocabularies(annotations):
    cases, events = annotations
    assert set(cases["sector"]) <= set(vocab.SECTORS)
    assert set(cases["outcome"]) <= set(vocab.OUTCOMES)
    assert set(cases["resolution_channel"]) <= set(vocab.RESOLUTION_CHANNELS)
    assert {c for chans in cases["channels"] for c in chans} <= set(vocab.CHANNELS)
    assert set(events["channel"].dropna()) <= set(vocab.CHANNELS)
    assert set(events["actor"]) <= set(vocab.ACTORS)
    assert set(events["initiated_by"].dropna()) <= set(vocab.INITIATORS)
    assert set(cases["narrator"]) <= set(vocab.NARRATORS)
    assert set(cases["duration_bound"].dropna()) <= set(vocab.DURATION_BOUNDS)


def test_derived_columns(annotations):
    cases, events = annotations
    for case in cases.itertuples():
        steps = events[events["post_id"] == case.post_id].sort_values("step")
        chans = steps["channel"].dropna().tolist()
        assert case.n_steps == len(steps)
        if chans:
            assert case.first_channel == chans[0] and case.last_channel == chans[-1]
        else:  # no step states a channel (003)
            assert pd.isna(case.first_channel) and pd.isna(case.last_channel)
        assert set(case.channels) == set(chans)
    assert cases["duration_hours"].dtype == float
    assert codes.split_channels("blog;email; phone") == ["blog", "email", "phone"]


def test_hard_cases_are_coded_as_the_codebook_says(annotations):
    cases = annotations[0].set_index("case_id")
    assert cases.loc["002", "duration_hours"] == 60 and cases.loc["002", "duration_bound"] == "ongoing"
    assert cases.loc["000", "resolution_channel"] == "phone"
    # n_contacts counts the contacts the customer initiated; empty when uncountable ("unzählige weitere ...")
    assert pd.isna(cases.loc["000", "n_contacts"]) and pd.isna(cases.loc["000", "n_contacts_bound"])
    assert pd.isna(cases.loc["004", "n_contacts"])
    assert cases.loc["001", "n_contacts"] == 2  # the call back and the technician visit were company-initiated
    # resolution channel = the contact through which the resolution was obtained, not the technician who did it
    assert cases.loc["001", "resolution_channel"] == "phone"
    # a start point ("vor ... einem Monat") is not a duration
    assert pd.isna(cases.loc["000", "duration_hours"])
    # blog / forum only when used toward the company; public escalation only as a lever toward it
    assert cases.loc["002", "channels"] == ["phone"] and cases.loc["002", "public_escalation"] == "no"
    assert cases.loc["003", "channels"] == [] and cases.loc["003", "public_escalation"] == "no"
    assert "blog" in cases.loc["000", "channels"] and cases.loc["000", "public_escalation"] == "yes"
    assert (cases.loc["003", "outcome"], cases.loc["003", "resolution_channel"]) == ("unresolved", "none")
    assert cases.loc["003", "narrator"] == "third_party"
    assert pd.isna(cases.loc["004", "duration_hours"])


# -- codebook ---------------------------------------------------------------------------------------
def test_codebook_has_an_anchor_for_every_category_used(annotations, posts):
    book = audit.read_codebook()
    used = audit.used_categories(*annotations)
    merged = used.merge(book, on=["variable", "category"], how="left")
    without = merged[merged["anchor"].fillna("") == ""]
    assert without.empty, without[["variable", "category"]].to_dict("records")
    texts = {pid.split("_")[0]: normalize_ws(t) for pid, t in zip(posts["post_id"], posts["text"])}
    anchors = book[book["anchor"] != ""]
    wrong = [(a.variable, a.category) for a in anchors.itertuples()
             if normalize_ws(a.anchor) not in texts[a.anchor_post]]
    assert not wrong


def test_codebook_lists_the_vocabularies_and_columns():
    book = audit.read_codebook()
    for variable, labels in {"channel": vocab.CHANNELS, "actor": vocab.ACTORS, "outcome": vocab.OUTCOMES,
                             "sector": vocab.SECTORS, "initiated_by": vocab.INITIATORS,
                             "duration_bound": vocab.DURATION_BOUNDS, "narrator": vocab.NARRATORS}.items():
        assert set(book.loc[book["variable"] == variable, "category"]) == set(labels), variable
    text = (paths.DOCS / "codebook.md").read_text(encoding="utf-8")
    for column in codes.CASE_COLUMNS + codes.EVENT_COLUMNS:
        assert f"`{column}`" in text, column


def test_case_profile_shows_codes_with_quotes(annotations):
    cases, events = annotations
    profile = audit.case_profile("002", cases)
    row = profile.set_index("variable").loc["duration"]
    case = cases.set_index("case_id").loc["002"]
    assert row["code"].startswith(f"{case['duration_hours']:g} h ({case['duration_bound']}")
    assert case["duration_text"] in row["quote"]
    assert len(audit.case_steps("002", events)) == 1
    assert audit.case_profile("000", cases).set_index("variable").loc["n_contacts", "code"] == "(not countable)"
    with pytest.raises(KeyError):
        audit.case_profile("999", cases)


def _edited_fixture(tmp_path, edit):
    """The valid fixture with ``edit(cases_rows)`` applied to its case rows."""
    import csv

    src = FIXTURES / "valid"
    rows = list(csv.DictReader((src / "cases.csv").open(encoding="utf-8")))
    edit(rows)
    with (tmp_path / "cases.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "events.csv").write_bytes((src / "events.csv").read_bytes())
    return tmp_path


def test_uncountable_contacts_are_empty_together_with_their_bound(tmp_path, fixture_posts):
    def empty_both(rows):
        rows[0]["n_contacts"] = rows[0]["n_contacts_bound"] = ""

    folder = _edited_fixture(tmp_path, empty_both)
    cases, _ = codes.validate_annotations(folder / "cases.csv", folder / "events.csv", posts=fixture_posts)
    assert pd.isna(cases.loc[cases.case_id == "001", "n_contacts"]).all()

    def count_without_bound(rows):
        rows[0]["n_contacts_bound"] = ""

    folder = _edited_fixture(tmp_path, count_without_bound)
    with pytest.raises(codes.NumberError, match=r"cases\.csv:2:.*n_contacts and n_contacts_bound go together"):
        codes.validate_annotations(folder / "cases.csv", folder / "events.csv", posts=fixture_posts)
