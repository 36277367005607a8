"""Any text yields a row, never an exception: hypothesis over the extractor, and odd inputs."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicestories import vocab
from servicestories.extract import CSV_COLUMNS, extract_post, to_frame

GERMANISH = st.lists(st.sampled_from([
    "Ich", "rief", "an", "die", "Hotline", "Telekom", "1&1", "Alice/O2-Techniker", "seit", "drei", "Wochen",
    "nicht", "gelöst", "zufrieden", "E-Mail", "Blog", "Forum", "Techniker", "kam", ".", ",", "?", "!", "\n",
    "Microsofts", "Kunde", "10", "Jahren", "wäre", "nicht", "man", "würde", "wenn", "„", "“", "—", "GmbH",
]), max_size=60).map(" ".join)


def check(r):
    row = r.to_row()
    assert r.error == ""
    assert row["sector"] in vocab.SECTORS
    assert row["outcome"] in vocab.OUTCOMES
    assert row["resolution_channel"] in vocab.RESOLUTION_CHANNELS
    assert row["public_escalation"] in vocab.PUBLIC_ESCALATION
    assert row["intervened_by"] in vocab.ACTORS + ("",)
    assert row["duration_bound"] in vocab.DURATION_BOUNDS + ("",)
    assert all(c in vocab.CHANNELS for c in r.channels)
    assert len(set(r.channels)) == len(r.channels)
    if r.outcome not in ("resolved", "partially_resolved"):
        assert r.resolution_channel == "none"
    for e in r.evidence:
        assert 0 <= e.start <= e.match_start <= e.match_end <= e.end <= len(r.text)
        assert " ".join(r.text[e.start:e.end].split()) == e.sentence


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text(text):
    check(extract_post(text, strict=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GERMANISH, st.one_of(st.none(), GERMANISH))
def test_german_like_text(text, title):
    check(extract_post(text, title=title, strict=True))


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "...!!!???", "—" * 50, "\x00\x01", "😀" * 20, None])
def test_degenerate_inputs(text):
    r = extract_post(text, strict=True)
    check(r)
    assert r.company == "unnamed" and r.outcome == "unclear" and r.channels == []


def test_english_text():
    r = extract_post("I called the support line three times. Nobody helped me and I am still waiting.",
                     strict=True)
    check(r)
    assert r.outcome == "unclear" and r.channels == [] and r.company == "unnamed"


def test_only_punctuation_megabytes_is_fast():
    t = time.perf_counter()
    r = extract_post(".!?" * 1_700_000, strict=True)  # 5 MB, a pathological case for NLTK Punkt
    check(r)
    assert time.perf_counter() - t < 30


def test_five_megabytes_of_story():
    chunk = "Ich rief die Hotline der Telekom an. Seit drei Wochen kein Internet. "
    text = chunk * (5_000_000 // len(chunk))
    t = time.perf_counter()
    r = extract_post(text, strict=True)
    check(r)
    assert r.truncated and r.company == "Telekom"
    assert time.perf_counter() - t < 60


def test_frame_has_the_issue_columns():
    frame = to_frame([extract_post("Ich rief an.", post_id="b"), extract_post("", post_id="a")])
    assert tuple(frame.columns) == CSV_COLUMNS
    assert list(frame.post_id) == ["a", "b"]


def test_story_lines_naming_a_payment_service_stay_story_text():
    # the loader once moved every line starting with "PayPal" into boilerplate (fitted to one footer)
    from servicestories.parse import is_furniture, parse_post

    line = "PayPal hat mir das Geld nach zwei Wochen zurückgebucht."
    assert not is_furniture(line)
    assert not is_furniture("Meine Beschwerde landete auf den Archive Pages")
    post = parse_post(f"Ärger mit dem Händler\n\nIch bestellte eine Lampe, sie kam kaputt an.\n{line}\n")
    assert line in post.body
