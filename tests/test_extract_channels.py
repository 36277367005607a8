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


# -- counters and desks, places that are not the company, tickets by mail (held-out review, rule 6) ----------
@pytest.mark.parametrize("text", [
    "Am Gepäckschalter im Terminal gab ich meine Daten ab.",
    "Am Check-in-Schalter erklärte man mir, der Flug sei überbucht.",
    "Die Frau am Info-Schalter im Hauptbahnhof druckte mir eine neue Fahrkarte aus.",
    "Am Servicepoint im Möbelhaus wurde ich zweimal weitergeschickt.",
    "Ich bin ins Kundencenter vor Ort gegangen.",
])
def test_counters_are_in_person(text):
    assert "in_person" in channels(text)


@pytest.mark.parametrize("text", [
    "Nach dem Umbau war der Lichtschalter im Flur kaputt, und der Kippschalter am Herd auch.",
    "Im Copyshop nebenan habe ich das Kündigungsschreiben gefaxt.",
])
def test_places_that_are_not_a_visit_to_the_company(text):
    assert "in_person" not in channels(text)


def test_ticket_opened_by_mail_is_email():
    assert channels("Ich habe per E-Mail ein Ticket aufgemacht.") == {"email"}
    assert "web_form" in channels("Ich habe im Kundenportal ein Ticket eröffnet.")


def test_technician_working_in_the_home_is_a_visit():
    assert "technician_visit" in channels("Der Techniker ging in den Keller und tauschte den Verteiler.")
    assert "technician_visit" in channels("Ein Techniker wechselte die Anschlussdose im Arbeitszimmer.")


# -- messages never sent, only considered ----------------------------------------------------------------------
@pytest.mark.parametrize("text, absent", [
    ("Ich hatte schon einen wütenden Tweet an die Telekom geschrieben, ihn dann aber nicht abgeschickt.",
     "social_media"),
    ("Den Beschwerdebrief habe ich nie abgeschickt.", "letter"),
    ("Ich überlegte, der Lokalzeitung zu schreiben, rief dann aber noch einmal bei der Hotline an.", "press"),
    ("Ich hätte natürlich auch auf Facebook posten können.", "social_media"),
    ("Ich war kurz davor, auf Twitter zu schimpfen, aber dann meldete sich die Bank.", "social_media"),
])
def test_unsent_or_considered_messages_are_not_steps(text, absent):
    assert absent not in channels(text)


def test_sent_messages_still_count():
    assert "social_media" in channels("Ich habe den Tweet dann doch abgeschickt, und zwar an die Telekom.")
    assert "phone" in channels("Ich überlegte, der Lokalzeitung zu schreiben, rief dann aber noch einmal bei der "
                               "Hotline an.")
    r = extract_post("Ich hatte einen Tweet formuliert, ihn aber nicht abgeschickt. Am nächsten Tag rief ich bei "
                     "Vodafone an, und das Problem wurde gelöst.", strict=True)
    assert r.public_escalation == "no" and "social_media" not in r.channels


def test_the_post_itself_is_not_a_blog_mention():
    r = extract_post("In diesem Blogbeitrag erzähle ich, wie mir die Sparkasse geholfen hat. In der Filiale wurde "
                     "alles gelöst.", strict=True)
    assert r.public_escalation == "no" and "blog" not in r.channels
    r = extract_post("Über meinen Blogartikel von letzter Woche wurde die Sparkasse aufmerksam. Danach wurde alles "
                     "gelöst.", strict=True)
    assert r.public_escalation == "yes" and "blog" in r.channels


# -- heldout2 rules: mentions that are no contact step --------------------------------------------------------
@pytest.mark.parametrize("text, absent", [
    ("Einen Telefon-Support gibt es bei Revolut nicht wirklich, also schrieb ich im Chat.", "phone"),
    ("Bei einem Anbieter mit Laden könnte ich jetzt in den Shop gehen und warten. Ich schrieb eine E-Mail.",
     "in_person"),
    ("Die Dame am Telefon sagte, sie habe ein Ticket erstellt.", "web_form"),
    ("Im Kundenportal steht immer noch der falsche Tarif. Ich rief die Hotline an.", "web_form"),
    ("Laut Shop dauert die Lieferung drei Tage. Ich schrieb eine E-Mail.", "in_person"),
    ("Der Fehler liegt an einer App, die nach dem Update abstürzt. Ich rief Huawei an.", "app"),
    ("Der Streik war in allen Zeitungen. Ich rief bei der Lufthansa an.", "press"),
])
def test_mentions_that_are_not_contacts(text, absent):
    assert absent not in channels(text)


@pytest.mark.parametrize("text, present", [
    ("Ich habe über das Kundenportal eine Reklamation eingereicht.", "web_form"),
    ("Ich habe ein Ticket erstellt und eine Woche gewartet.", "web_form"),
    ("Ich habe die Rückerstattung in der App beantragt.", "app"),
    ("Ich bin mit der Rechnung in den Shop gegangen.", "in_person"),
])
def test_real_contacts_still_count(text, present):
    assert present in channels(text)
