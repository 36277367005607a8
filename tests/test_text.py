"""text.py: German sentences and tokens with NLTK, offline."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicestories import text


def test_german_abbreviations_do_not_end_sentences():
    assert text.sentences("Das ist z.B. ein Test. Er rief die Hotline an, d.h. er wartete.") == [
        "Das ist z.B. ein Test.", "Er rief die Hotline an, d.h. er wartete."]


def test_each_line_is_a_block():
    assert text.sentences("Überschrift ohne Punkt\nErster Satz. Zweiter Satz!") == [
        "Überschrift ohne Punkt", "Erster Satz.", "Zweiter Satz!"]


def test_spans_point_into_the_text():
    s = "Titel\n\nDie Hotline war besetzt. Dann kam ein Brief."
    for a, b in text.sentence_spans(s):
        assert s[a:b].strip() and s[a:b] == s[a:b].strip()


def test_compounds_stay_one_token():
    assert text.words("Die 1&1-Techniker und der Alice/O2-Callcentermitarbeiter, z.B. per E-Mail.") == [
        "Die", "1&1-Techniker", "und", "der", "Alice/O2-Callcentermitarbeiter", "z.B", "per", "E-Mail"]


def test_stop_words_keep_negations():
    stop = text.stopwords_de()
    assert "und" in stop and "der" in stop
    assert not {"nicht", "kein", "keine", "nie"} & stop
    assert text.content_words("Die Hotline war nicht erreichbar") == ["hotline", "nicht", "erreichbar"]


def test_language_detection():
    assert text.detect_language("Die Hotline war nicht erreichbar und ich habe lange gewartet.") == "de"
    assert text.detect_language("The hotline was not reachable and I have waited for a long time.") == "en"
    assert text.detect_language("!!!") == "und"


def test_pathological_lines_do_not_raise():
    spans = text.sentence_spans(".!?" * 70_000)
    assert spans and spans[0][0] == 0 and spans[-1][1] == 210_000


def test_lemma_and_stem():
    assert text.lemma("Telefonate") == "Telefonat"
    assert text.stem("Telefonate") == text.stem("Telefonat")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x20CF), max_size=60) | st.text(max_size=40))
def test_lower_words_equal_the_lower_cased_word_tokens(s):
    assert text.lower_words(s) == [w.lower() for w in text.words(s)]


@pytest.mark.parametrize("s", ["Grüße an die 1&1-Hotline – „toll“… 5 € ½ Std.", "Straße STRASSE z.B. vowe.net",
                               "x²+y³ İstanbul Iİ ſ K", "Cafe\u0301 na\u0308he", "a\u200bb  c\u00a0d\te\nf",
                               "don't 'quote' O’Neill", "-- ... !? (Klammer) [x] {y}"])
def test_lower_words_on_mixed_scripts_and_marks(s):
    assert text.lower_words(s) == [w.lower() for w in text.words(s)]


def test_nltk_starts_without_scipy_stats_and_keeps_its_fisher_score():
    """servicestories.nltk_lean: tokenising does not import scipy.stats (half a second per process), and NLTK's
    Fisher collocation score, the one thing it took from there, still gives SciPy's answer."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "import servicestories.text\n"
        "print('scipy.stats' in sys.modules)\n"
        "from nltk.metrics.association import BigramAssocMeasures\n"
        "from scipy.stats import fisher_exact\n"
        "print(BigramAssocMeasures.fisher(8, (12, 15), 200) == fisher_exact([[8, 4], [7, 181]], "
        "alternative='less')[1])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
