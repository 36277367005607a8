"""German duration phrases and the choice of the escalation duration (servicestories.extract.duration)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    ("Seit 12 Jahren bin ich Kundin dieser Sparkasse.", "tenure"),
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
    # tenure, a start date ("vor …") and the length of one call are no problem durations (real-post rules)
    r = extract_post("Ich bin seit 15 Jahren Kunde. Vor zwei Monaten zog ich um. Seit drei Wochen geht das Telefon "
                     "nicht. Nach 40 Minuten in der Warteschleife legte ich auf.", strict=True)
    assert r.duration_text == "Seit drei Wochen" and r.duration_hours == 504


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


# -- time since the story, announced waits, step gaps (held-out review, rule 4) -----------------------------
@pytest.mark.parametrize("sentence, reason", [
    ("Ich schreibe das mit einigen Wochen Abstand auf.", "since"),
    ("Rücknahme sei möglich, Ersatz dann in etwa zwei Wochen.", "announced"),
    ("Laut Bestätigung erfolgt die Lieferung „in 3-5 Werktagen“.", "announced"),
    ("Der Techniker fand den Fehler in zehn Minuten.", ""),
    ("Nach zehn Tagen ohne Strom habe ich den Anbieter gewechselt.", ""),
])
def test_since_and_announced(sentence, reason):
    found = classify(Doc(sentence))
    assert found and found[0].excluded == reason


def test_vague_past_point_is_not_the_span_of_a_closed_case():
    doc = Doc("Vor ein paar Monaten hatte ich Ärger mit meiner Bank.")
    assert classify(doc, retrospective=True)[0].excluded == "since"
    assert classify(doc, retrospective=False)[0].excluded == ""
    assert classify(Doc("Vor drei Wochen fiel das Telefon aus."), retrospective=True)[0].excluded == ""


def test_gap_to_a_follow_up_is_not_the_span():
    r = extract_post("Ich schrieb der Versicherung. Vier Wochen später habe ich nachgefragt. Wie es ausging, "
                     "weiß ich nicht mehr.", strict=True)
    assert r.duration_hours is None
    r = extract_post("Ich schrieb der Versicherung. Zwei Wochen später wurde der Betrag erstattet.", strict=True)
    assert r.duration_hours == 336
    r = extract_post("Ich rief die Hotline an. Zwei Tage später kam der Techniker zu uns. Seitdem läuft das "
                     "Internet wieder.", strict=True)
    assert r.duration_hours == 48


def test_explicit_case_span_beats_announced_wait_and_distance():
    r = extract_post("Hier meine Geschichte, mit einigen Monaten Abstand. Die Hotline sagte, ein Ersatz komme "
                     "dann in etwa sechs Wochen, das sei normal. Nach zwölf Tagen ohne Telefon habe ich gekündigt.",
                     strict=True)
    assert r.duration_hours == 288
    r = extract_post("Am Montag schrieb ich eine Mail. Vier Tage nach der ersten Nachricht war alles geklärt. "
                     "Ein Ersatz hätte sonst in etwa drei Wochen kommen sollen.", strict=True)
    assert r.duration_hours == 96


# -- whole-case spans, business age, unknown endings -------------------------------------------
@pytest.mark.parametrize("text, hours", [
    # an explicit whole-case span beats longer partial spans and announced waits
    ("Die Bank versprach eine Bearbeitung in zehn Werktagen. Nach sechs Tagen rief ich an. Vom ersten Anruf bis "
     "zur Freischaltung waren es knapp vier Tage.", 96),
    ("Ich stellte das Ticket am Montag ein, die erste Antwort kam nach ein paar Stunden. Rechnet man vom Ticket "
     "bis zur Lösung, waren das neun Tage.", 216),
    ("Insgesamt also drei Wochen ohne Heizung, ab dem Anruf gerechnet.", 504),
])
def test_whole_case_span_wins(text, hours):
    r = extract_post(text, strict=True)
    assert r.duration_hours == pytest.approx(hours, rel=0.01)


def test_day_count_of_an_open_case():
    r = extract_post("Mein Anschluss bei Netcologne ist tot, die Hotline vertröstet mich. Heute ist Tag 12.",
                     strict=True)
    assert r.duration_hours == 288 and r.duration_bound == "ongoing"


@pytest.mark.parametrize("text", [
    "Seit sieben Jahren betreibe ich einen Blumenladen. Letzte Woche fiel die Kasse aus.",
    "Der Versorger hat uns 12 Jahre lang beliefert, ohne Probleme. Letzte Woche kam die falsche Rechnung.",
    "Mein Bruder hat vor drei Jahren schon mal ein Paket aus Japan bestellt, damals ging alles glatt.",
])
def test_business_age_and_background_are_not_case_time(text):
    r = extract_post(text, strict=True)
    assert r.duration_hours is None or r.duration_hours < 8760


def test_partial_span_dropped_when_the_end_is_unknown():
    r = extract_post("Ich habe bei der Airline eine Erstattung beantragt. Nach sechs Wochen habe ich angerufen. "
                     "Ob das Geld je kam? Ich weiß es nicht mehr genau.", strict=True)
    assert r.outcome == "unclear" and r.duration_hours is None


def test_partial_span_kept_when_the_end_is_known():
    r = extract_post("Ich habe bei der Airline eine Erstattung beantragt. Nach sechs Wochen wurde das Geld "
                     "überwiesen.", strict=True)
    assert r.duration_hours == 1008
