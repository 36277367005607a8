"""Punkt's decisions on plain strings (servicestories.punkt_spans) give exactly NLTK's spans.

The texts are generated from invented words and from the German model's own abbreviations, collocations,
sentence starters and orthographic-context words, so every rule of the decision is reached.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicestories import punkt_spans as PS
from servicestories import text as T

TOK = T.sentence_tokenizer()
FAST = PS.fast_spans(TOK)
PARAMS = T._punkt_parameters()


def _nltk(text: str) -> list[tuple[int, int]]:
    with T._untimed():
        return list(TOK.span_tokenize(text))


def _sample(words, n=300):
    return sorted(words)[:: max(1, len(words) // n)]


_COLLOCATION_WORDS = sorted({w for pair in PARAMS.collocations for w in pair})
WORD = st.one_of(
    st.sampled_from(["Ich", "rief", "an", "Dann", "kam", "nichts", "Telekom", "die", "Post", "am", "Ende", "Herr",
                     "Müller", "Köln", "er", "sie", "Uhr", "Mai", "Tage", "und", "KG", "Co", "Ärger", "über"]),
    st.sampled_from(_sample(PARAMS.abbrev_types)).map(lambda w: w + "."),
    st.sampled_from(_sample(PARAMS.sent_starters)).map(str.capitalize),
    st.sampled_from(_sample(list(PARAMS.ortho_context), 600)),
    st.sampled_from(_sample(list(PARAMS.ortho_context), 600)).map(str.capitalize),
    st.sampled_from(_COLLOCATION_WORDS),
    st.sampled_from(["J.", "S.", "ä.", "3.", "12.", "1.000", "12.30", "-5", "2009", "...", "..", "…", "?!", "!!",
                     "z.B.", "Tel.-Nr.", "u.a.", "Nr.", "ca.", "„Ja.“", "(Satz.)", "\"Ok.\"", "Ende.", "'s"]),
    st.text(alphabet="aZß9.?!,;:-()„“\"' ", min_size=1, max_size=4),
)
SEP = st.sampled_from([" ", " ", " ", ". ", "? ", "! ", ", ", "\t", "  ", ".", " - ", "... ", "\n", ".\n", "\u00a0"])


@st.composite
def punkt_texts(draw):
    words = draw(st.lists(WORD, min_size=1, max_size=25))
    seps = draw(st.lists(SEP, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps))


def test_the_fast_path_is_in_use_with_the_locked_nltk():
    assert FAST is not None


@settings(max_examples=1500, deadline=None)
@given(punkt_texts())
def test_spans_equal_nltk_on_generated_text(text):
    assert FAST.spans(text) == _nltk(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_spans_equal_nltk_on_any_text(text):
    assert FAST.spans(text) == _nltk(text)


@pytest.mark.parametrize("text", [PS.CHECK_TEXT, "", " ", ".", "Ende. ", " Anfang. Ende.", "a. b. c.", "(1.) (2.)",
                                  "Was?!? Nein!!! Doch... Gut.", "Nr. 5. Sept. 2009.", "\nZeile. Zeile.\n\n"])
def test_spans_equal_nltk_on_edge_cases(text):
    assert FAST.spans(text) == _nltk(text)


def test_a_tokenizer_that_decides_differently_falls_back_to_nltk(monkeypatch):
    PS.fast_spans.cache_clear()
    monkeypatch.setattr(PS.PunktSpans, "contains_break", lambda self, text: False)
    try:
        assert PS.fast_spans(TOK) is None
    finally:
        PS.fast_spans.cache_clear()
