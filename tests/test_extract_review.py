"""Confidence, review flags, the CSV columns, and one coder for `extract` and `draft-codes`."""

import pickle

import pandas as pd

from servicestories.extract import (
    CONFIDENCE_KEYS,
    CSV_COLUMNS,
    REVIEW_THRESHOLD,
    extract_corpus,
    extract_post,
    to_frame,
)
from servicestories.extract.draft import draft_frames, draft_post

STORIES = {
    "p1": ("Ärger mit der Sparkasse", "Ich rief bei der Hotline der Sparkasse an. Seit drei Wochen warte ich auf "
                                      "mein Geld, niemand antwortet mehr."),
    "p2": ("Otto hat geliefert", "Ich schrieb Otto eine E-Mail. Zwei Tage später kam das Paket an, alles gut."),
    "p3": ("Kein Netz", "Seit Montag geht das Internet nicht. Am Mittwoch kam ein Techniker. Seitdem läuft es "
                        "wieder stabil."),
    "p4": ("", "Heute war ein schöner Tag am See."),
}


def _posts():
    return pd.DataFrame([{"post_id": k, "title": t, "body": b, "source_file": f"{k}.txt"}
                         for k, (t, b) in STORIES.items()])


def test_csv_columns_order():
    base = ("post_id", "company", "sector", "channels", "resolution_channel", "outcome", "n_contacts",
            "duration_text", "duration_hours", "duration_bound", "public_escalation", "intervened_by", "evidence")
    assert CSV_COLUMNS[:13] == base
    assert CSV_COLUMNS[13] == "needs_review"
    assert CSV_COLUMNS[14:] == tuple(f"{k}_confidence" for k in CONFIDENCE_KEYS)
    assert CONFIDENCE_KEYS == ("company", "sector", "channels", "resolution_channel", "outcome", "n_contacts",
                               "duration", "public_escalation", "intervened_by")


def test_every_code_has_a_confidence_and_low_ones_are_flagged():
    for title, body in STORIES.values():
        r = extract_post(body, title=title, strict=True)
        assert list(r.confidence) == list(CONFIDENCE_KEYS)
        assert all(0.0 <= v <= 1.0 for v in r.confidence.values())
        assert r.needs_review == [k for k in CONFIDENCE_KEYS if r.confidence[k] < REVIEW_THRESHOLD]
        row = r.to_row()
        assert row["needs_review"] == ";".join(r.needs_review)
        assert all(isinstance(row[f"{k}_confidence"], float) for k in CONFIDENCE_KEYS)


def test_a_text_without_any_cue_is_flagged_for_outcome():
    r = extract_post("Heute war ein schöner Tag am See.", strict=True)
    assert r.outcome == "unclear" and "outcome" in r.needs_review


def test_to_frame_has_the_csv_columns():
    frame = to_frame(extract_corpus(_posts(), progress=False))
    assert list(frame.columns) == list(CSV_COLUMNS)


def test_extraction_is_picklable_and_pure():
    a = extract_post(STORIES["p3"][1], title=STORIES["p3"][0], strict=True)
    b = pickle.loads(pickle.dumps(a))
    assert b == a
    assert extract_post(STORIES["p3"][1], title=STORIES["p3"][0]) == a


def test_draft_rows_agree_with_extract_on_every_field():
    for pid, (title, body) in STORIES.items():
        r = extract_post(body, title=title, post_id=pid)
        case, events = draft_post({"post_id": pid, "title": title, "body": body})
        assert case["company"] == r.company and case["sector"] == r.sector
        assert case["channels"] == ";".join(r.channels)
        assert case["resolution_channel"] == r.resolution_channel and case["outcome"] == r.outcome
        assert case["n_contacts"] == ("" if r.n_contacts is None else str(r.n_contacts))
        assert case["duration_text"] == r.duration_text
        assert case["duration_hours"] == ("" if r.duration_hours is None else f"{r.duration_hours:g}")
        assert case["duration_bound"] == r.duration_bound
        assert case["public_escalation"] == r.public_escalation and case["intervened_by"] == r.intervened_by
        assert case["outcome_quote"] == (r.outcome_sentence or "")
        assert [e["channel"] for e in events] == [s.channel for s in r.steps]


def test_draft_frames_still_feed_the_journeys():
    cases, events = draft_frames(_posts())
    assert list(cases["post_id"]) == sorted(STORIES)
    assert {"n_steps", "first_channel", "last_channel", "case_id", "title"} <= set(cases.columns)
    assert set(events["post_id"]) <= set(STORIES)
    assert (events.groupby("post_id")["step"].apply(lambda s: list(s) == list(range(1, len(s) + 1)))).all()
