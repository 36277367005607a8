"""Outcome, resolution channel and intervention rules, on invented German sentences."""

import pytest

from servicestories.extract import extract_post


def run(text, title=None):
    return extract_post(text, title=title, strict=True)


@pytest.mark.parametrize("text, outcome", [
    ("Ich rief bei Lidl an. Zwei Tage später wurde mir der Betrag erstattet. Ich bin zufrieden.", "resolved"),
    ("Der Router funktioniert seit dem Austausch wieder einwandfrei.", "resolved"),
    ("Ich habe dreimal angerufen. Das Problem ist bis heute nicht gelöst.", "unresolved"),
    ("Die Rechnung ist immer noch falsch, eine Lösung gibt es nicht. Ich werde kündigen.", "unresolved"),
    ("Es gab keine Antwort, keine Reaktion, nichts.", "unresolved"),
    ("Nach vier Wochen wurde ein Teil erstattet, immerhin. Die Versandkosten bekam ich nicht zurück.",
     "partially_resolved"),
    ("Heute war das Wetter schön.", "unclear"),
    ("", "unclear"),
])
def test_outcome(text, outcome):
    assert run(text).outcome == outcome


def test_return_offer_is_not_a_resolution():
    r = run("Die Hilfe beim Einrichten bekam ich nicht. Man bot mir an, das Gerät zurückzunehmen.")
    assert r.outcome != "resolved"


def test_generic_sentences_do_not_decide():
    r = run("Ich warte seit drei Wochen auf mein Geld. Man ist ja normalerweise zufrieden mit Händlern.")
    assert r.outcome == "unresolved"


def test_resolution_channel_is_the_channel_of_the_fix():
    r = run("Ich schrieb zwei E-Mails ohne Antwort. Dann rief ich die Hotline an, und die Mitarbeiterin hat "
            "das Problem sofort behoben.")
    assert (r.outcome, r.resolution_channel) == ("resolved", "phone")


def test_resolution_channel_from_the_step_before_the_fix():
    r = run("Am Montag kam der Techniker zu uns. Seitdem läuft das Internet wieder problemlos.")
    assert r.resolution_channel == "technician_visit"


def test_unresolved_has_no_resolution_channel():
    assert run("Ich rief an, aber es funktioniert immer noch nicht.").resolution_channel == "none"


def test_evidence_is_the_outcome_sentence_with_offsets():
    text = "Ich rief an. Alles wurde schnell repariert."
    r = run(text)
    e = r.evidence_for("outcome")
    assert e.sentence == "Alles wurde schnell repariert."
    assert r.text[e.start:e.end] == e.sentence


@pytest.mark.parametrize("text, actor", [
    ("Nach meinem Tweet meldete sich das Social-Media-Team. Das Problem wurde gelöst.", "pr_press"),
    ("Erst der Teamleiter kümmerte sich darum, dann funktionierte es wieder.", "supervisor"),
    ("Ich schrieb an den Vorstand. Daraufhin kümmerte sich eine Sachbearbeiterin darum und alles wurde "
     "erstattet.", "specialist"),
    ("Die Geschäftsführerin rief mich persönlich an und sorgte dafür, dass der Betrag erstattet wurde.",
     "executive"),
    ("Danke an die Mitarbeiterin, die mir so schnell geholfen hat! Es funktioniert wieder.", "frontline_agent"),
])
def test_intervened_by(text, actor):
    assert run(text).intervened_by == actor


def test_nobody_intervened_in_an_open_case():
    assert run("Ich rief an, der Mitarbeiter wusste nichts. Es funktioniert bis heute nicht.").intervened_by == ""


def test_open_named_case_told_by_the_customer_is_itself_public():
    r = run("Seit zwei Wochen habe ich bei Telekom kein Internet. Ich rief dreimal an. Es funktioniert immer "
            "noch nicht.")
    assert (r.outcome, r.public_escalation, r.channels[-1]) == ("unresolved", "yes", "blog")
