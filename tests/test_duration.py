"""German duration phrases and the choice of the escalation duration (servicestories.extract.duration)."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from servicestories.extract import extract_post
from servicestories.extract.doc import Doc
from servicestories.extract.duration import classify, parse_durations


def one(text):
    found = parse_durations(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, hours, bound", [
    ("seit 60 Stunden", 60, "ongoing"),
    ("nach drei Tagen", 72, "exact"),
    ("vor etwa zwei Wochen", 336, "approximate"),
    ("rund sechs Wochen", 1008, "approximate"),
    ("mehr als einem Monat", 720, "at_least"),
    ("über zwei Monate", 1440, "at_least"),
    ("knapp drei Wochen", 504, "at_most"),
    ("fast ein halbes Jahr", 4380, "at_most"),
    ("ca. 45 Minuten", 0.75, "approximate"),
    ("eine halbe Stunde", 0.5, "exact"),
    ("anderthalb Stunden", 1.5, "exact"),
    ("zweieinhalb Wochen", 420, "exact"),
    ("nach 48h", 48, "exact"),
    ("3-4 Wochen", 588, "approximate"),
    ("drei bis vier Tage", 84, "approximate"),
    ("ein paar Tage", 72, "approximate"),
    ("einundzwanzig Tage", 504, "exact"),
    ("zwölf Werktage", 288, "exact"),
    ("dreißig Minuten", 0.5, "exact"),
    ("hundert Tage", 2400, "exact"),
    ("eine Viertelstunde", 0.25, "exact"),
    ("die sechswöchige Wartezeit", 1008, "exact"),
    ("seit Wochen", 504, "ongoing"),
    ("Seit einem Jahr", 8760, "ongoing"),
    ("mindestens 2,5 Stunden", 2.5, "at_least"),
])
def test_phrases(text, hours, bound):
    d = one(text)
    assert d.hours == pytest.approx(hours)
    assert d.bound == bound
    assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("text", ["eines Tages", "am nächsten Tag", "jeden Monat", "im Jahr 2019", "Tagesgeld",
                                  "Monatsende", "Wochenende", ""])
def test_no_duration(text):
    assert parse_durations(text) == []


@pytest.mark.parametrize("sentence, reason", [
    ("Ich bin seit 12 Jahren Kunde bei der Sparkasse.", "tenure"),
    ("Wir sind seit zehn Jahren treue Kunden.", "tenure"),
    ("Mein drei Jahre altes Notebook ging kaputt.", "age"),
    ("Vor zehn Jahren habe ich den Vertrag abgeschlossen.", "history"),
    ("Die Garantie beträgt zwei Jahre.", "terms"),
    ("Man versprach eine Antwort innerhalb von 48 Stunden.", "deadline"),
    ("Der Mitarbeiter sagte, dass es etwa vier Wochen dauern werde.", "announced"),
    ("Die Hotline ist 24 Stunden am Tag erreichbar.", "rate"),
    ("Das war die 5-Minuten-Lösung.", None),
    ("Die 24-Stunden-Hotline half nicht.", None),
])
def test_not_escalation_time(sentence, reason):
    found = classify(Doc(sentence))
    if reason is None:  # compound nouns: either not parsed or excluded
        assert all(d.excluded for d in found)
    else:
        assert found and found[0].excluded == reason


def test_longest_remaining_duration_wins():
    r = extract_post("Ich bin seit 15 Jahren Kunde. Vor drei Wochen fiel das Telefon aus. Nach 40 Minuten in "
                     "der Warteschleife legte ich auf. Das Problem besteht bis heute.", strict=True)
    assert r.duration_text == "Vor drei Wochen" and r.duration_hours == 504


def test_vague_only_as_last_resort():
    r = extract_post("Seit Wochen warte ich auf den Techniker. Nach zwei Tagen kam eine Mail.", strict=True)
    assert r.duration_hours == 48
    r = extract_post("Seit Wochen warte ich auf den Techniker.", strict=True)
    assert r.duration_bound == "ongoing" and r.duration_hours == 504


def test_no_duration_is_empty():
    r = extract_post("Ich rief an und alles war gut.", strict=True)
    assert (r.duration_text, r.duration_hours, r.duration_bound) == ("", None, "")


# -- properties -----------------------------------------------------------------------------------
WORDS = st.sampled_from(["seit", "nach", "vor", "etwa", "rund", "knapp", "mehr", "als", "über", "ein", "einem",
                         "zwei", "drei", "zwanzig", "12", "3,5", "Tagen", "Wochen", "Monat", "Jahre", "Stunden",
                         "Minuten", "halbe", "anderthalb", "Kunde", "alt", "-", ".", ",", "bis", "h", "Tag"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=12).map(" ".join))
def test_parser_properties_on_duration_like_text(text):
    for d in parse_durations(text):
        assert text[d.start:d.end] == d.text
        assert d.hours >= 0 and d.value >= 0
        assert d.bound in ("exact", "approximate", "at_least", "at_most", "ongoing")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_fails(text):
    for d in parse_durations(text):
        assert text[d.start:d.end] == d.text and d.hours >= 0
