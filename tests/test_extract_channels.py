"""Contact channels and public levers (servicestories.extract.channels), on German sentences written for
these tests. Channel words count only in clauses that report a contact of the author with the company."""

import pytest

from servicestories.extract import extract_post


def channels(text):
    return set(extract_post(text, strict=True).channels)


@pytest.mark.parametrize("text, channel", [
    ("Ich rief am Montag bei der Kundenhotline an.", "phone"),
    ("Nach zwei Telefonaten mit dem Kundendienst wusste ich mehr.", "phone"),
    ("Ich habe dem Händler eine E-Mail geschrieben.", "email"),
    ("Also schickte ich dem Vermieter einen Brief per Einschreiben.", "letter"),
    ("Mein Beschwerdeschreiben ging am Freitag raus.", "letter"),
    ("Ich faxte den Widerspruch noch am selben Tag.", "letter"),
    ("In der Filiale bekam ich endlich eine Auskunft.", "in_person"),
    ("Am Schalter erklärte ich alles noch einmal.", "in_person"),
    ("Im Live-Chat schilderte ich das Problem.", "chat"),
    ("Ich habe das Kontaktformular auf der Webseite ausgefüllt.", "web_form"),
    ("Am Dienstag kam ein Techniker zu uns.", "technician_visit"),
    ("Der Paketbote klingelte zweimal.", "courier"),
    ("Ich habe den Schaden über die App gemeldet.", "app"),
])
def test_contact_channel(text, channel):
    assert channel in channels(text)


@pytest.mark.parametrize("text", [
    "Ich schrieb ihnen über Twitter, dass seit Tagen nichts geht.",
    "Also habe ich meinen Ärger über die Bank getwittert.",
    "Ich habe einen Kommentar auf ihrer Facebook-Seite hinterlassen.",
])
def test_social_media_lever(text):
    r = extract_post(text, strict=True)
    assert "social_media" in r.channels and r.public_escalation == "yes"


def test_blog_counts_only_when_the_company_was_told():
    assert "blog" not in channels("Über den Ärger mit dem Versicherer schrieb ich in meinem Blog.")
    r = extract_post("Nach meinem Blogbeitrag meldete sich die Pressestelle des Versicherers.", strict=True)
    assert "blog" in r.channels and r.public_escalation == "yes"


def test_press_is_a_third_party_not_a_channel():
    assert channels("Ich habe mich an die Lokalzeitung gewandt.") == set()


@pytest.mark.parametrize("text", [
    "Die Hotline war stundenlang besetzt, ich kam nicht durch.",
    "Ich stand vor der Filiale, aber sie war geschlossen.",
])
def test_failed_attempts_are_not_channels(text):
    assert channels(text) == set()


def test_third_party_contacts_are_not_coded():
    assert channels("Meine Schwester rief für mich beim Anbieter an.") == set()


def test_every_mention_has_evidence_in_the_text():
    r = extract_post("Ich rief an. Danach schrieb ich eine E-Mail. Später kam ein Brief.", strict=True)
    for e in r.evidence:
        if e.field.startswith("channel:"):
            assert r.text[e.match_start:e.match_end]
            assert e.start <= e.match_start < e.match_end <= e.end
