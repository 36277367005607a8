"""Channel lexicon and context rules (servicestories.extract.channels), on invented German sentences."""

import pytest

from servicestories.extract import extract_post
from servicestories.extract.channels import token_channel


def channels(text):
    return set(extract_post(text, strict=True).channels)


@pytest.mark.parametrize("token, channel", [
    ("Kundenhotline", "phone"), ("Service-Hotline", "phone"), ("Warteschleife", "phone"), ("Rückruf", "phone"),
    ("angerufen", "phone"), ("telefonisch", "phone"), ("Telefonaten", "phone"), ("Callcenter", "phone"),
    ("Telefon-Support", "phone"), ("E-Mail", "email"), ("Mails", "email"), ("Antwortmail", "email"),
    ("E-Mail-Verkehr", "email"), ("Brief", "letter"), ("Einschreiben", "letter"), ("Beschwerdebrief", "letter"),
    ("Fax", "letter"), ("Filiale", "in_person"), ("Service-Center", "in_person"), ("Telekom-Shop", "in_person"),
    ("Live-Chat", "chat"), ("Kontaktformular", "web_form"), ("Twitter", "social_media"), ("Tweet", "social_media"),
    ("Facebook-Seite", "social_media"), ("Shitstorm", "social_media"), ("Blogartikel", "blog"),
    ("gebloggt", "blog"), ("Forum", "forum"), ("Forenbeitrag", "forum"), ("Journalist", "press"),
    ("Redaktion", "press"), ("Paketdienst", "courier"), ("Kurier", "courier"), ("App", "app"),
    ("Banking-App", "app"),
])
def test_lexicon(token, channel):
    assert token_channel(token.lower()) == channel


@pytest.mark.parametrize("token", [
    "mailserver", "e-mail-adresse", "telefonnummer", "telefonanbieter", "briefkasten", "onlineshop",
    "online-shop", "facebooker", "twitterer", "apple", "appstore", "pressesprecher",
])
def test_things_that_are_not_contacts(token):
    assert token_channel(token) is None


def test_separable_verb_call():
    assert "phone" in channels("Ich rief am Montag bei der Versicherung an.")
    assert "phone" in channels("Die Sachbearbeiterin rief mich am Dienstag zurück.")


def test_negated_mention_does_not_count():
    assert "email" not in channels("Ich habe nie eine E-Mail bekommen, keine Mail, nichts.")
    assert "email" in channels("Ich bekam keine Antwort auf meine E-Mail.")


def test_generic_and_hypothetical_sentences_do_not_count():
    assert channels("Man kennt es ja von Twitter, dass sich Beschwerden schnell verbreiten.") == set()
    assert channels("Wenn ich twittern würde, hätte ich vielleicht schneller eine Antwort.") == set()
    assert channels("Soll ich jetzt etwa einen Brief schreiben?") == set()


def test_technician_needs_a_visit():
    assert "technician_visit" in channels("Am Freitag kam endlich der Techniker zu uns.")
    assert "technician_visit" in channels("Wir bekamen einen Technikertermin für Montag.")
    assert "technician_visit" not in channels("Die Techniker arbeiten seit Tagen am Netzknoten.")


def test_courier_from_named_parcel_service():
    assert "courier" in channels("Das Ersatzgerät von Samsung kam zwei Tage später via GLS.")


def test_in_person_requires_a_place():
    assert "in_person" in channels("Ich bin persönlich in der Filiale vorbeigegangen.")
    assert "in_person" not in channels("Das Gespräch war sehr persönlich und freundlich.")


def test_channels_in_order_of_first_mention():
    r = extract_post("Zuerst schrieb ich eine E-Mail. Dann rief ich die Hotline an. Dann ging ich in die Filiale.",
                     strict=True)
    assert r.channels == ["email", "phone", "in_person"]


def test_public_escalation_from_public_channels():
    r = extract_post("Nach drei Wochen ohne Antwort habe ich den Fall in meinem Blog beschrieben. "
                     "Am nächsten Tag rief mich die Pressestelle an und das Problem wurde gelöst.", strict=True)
    assert r.public_escalation == "yes" and "blog" in r.channels and "press" not in r.channels
    r = extract_post("Ich rief an, der Mitarbeiter half mir sofort und alles funktioniert wieder.", strict=True)
    assert r.public_escalation == "no"
