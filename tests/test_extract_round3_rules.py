"""Round-3 structural outcome rules, on invented German sentences (own companies and wording, not the
held-out posts'): the narrator's unknown end state, meta lines, quotations running past a sentence end,
fixes inside a condition, and a partial word in the title."""

import pytest

from servicestories.extract import extract_post
from servicestories.extract.outcome import quoted_spans


def run(text, title=None):
    return extract_post(text, title=title, strict=True)


@pytest.mark.parametrize("ending", [
    "Ob die Gutschrift je gebucht wurde, weiß ich bis heute nicht.",
    "Ob der Zähler inzwischen getauscht ist, wissen wir nicht.",
    "Keine Ahnung, ehrlich.",
    "Wissen tu ich's nicht.",
    "Ich habe inzwischen keine Erinnerung mehr daran.",
])
def test_narrator_does_not_know_the_end_state(ending):
    text = ("Mein Wasserkocher von Brausewerk war defekt. Ich schrieb dem Kundenservice eine E-Mail. "
            "Es kam keine Antwort. Dann rief ich die Hotline an. " + ending)
    r = run(text)
    assert r.outcome == "unclear"
    assert r.resolution_channel == "none"


def test_not_knowing_where_the_lost_thing_is_is_the_open_state():
    r = run("Mein Paket von Kistenflink ist seit drei Wochen verschwunden. Ich rief zweimal an. "
            "Ich habe immer noch keine Ahnung, wo es ist. Eine Lösung gibt es nicht.")
    assert r.outcome == "unresolved"


def test_meta_line_gives_no_outcome_cue():
    # the tag "Störung" in a tag line is no open problem
    r = run("Der Zugang bei Netzfuchs war gesperrt. Am Telefon wurde er sofort entsperrt. "
            "Seitdem funktioniert alles wieder einwandfrei.\nTags: Netzfuchs, Störung, Ausfall, Kündigung")
    assert r.outcome == "resolved"


def test_quote_open_until_sentence_end_is_someone_elses_words():
    text = 'Antwort per Mail: "Ist storniert, die Rückzahlung läuft. Viele Grüße!"'
    first = text.split(". ")[0] + "."
    spans = quoted_spans(first)
    assert spans and spans[-1][1] == len(first)
    # the company's claim is not a narrated fix; the narrator cannot check it
    r = run("Die Abbuchung von Tintenriese kam doppelt. Ich schrieb eine Mail. " + text +
            " Ob das Geld zurück ist? Keine Ahnung.")
    assert r.outcome == "unclear"


def test_fix_inside_a_condition_is_not_a_fix():
    r = run("Der Neukundenbonus von Sonnenstrom kam nie. Auf meine Mails kam keine Antwort. "
            "Prämien sind schön, wenn sie überwiesen werden.")
    assert r.outcome == "unresolved"


def test_partial_word_in_title_does_not_mark_the_open_part():
    # a summary in the title; the open part is told after the fix
    r = run("Mein Kühlschrank von Kaltwerk fiel aus. Nach zwei Anrufen wurde er repariert. "
            "Die verdorbenen Lebensmittel dagegen: keine Erstattung.", title="Ein Teilerfolg")
    assert r.outcome == "partially_resolved"
