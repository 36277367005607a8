"""Rules added after the second blind held-out set (heldout2), on invented sentences: other companies, sectors
and wording than the held-out posts. Positive and negative cases per rule."""

import pytest

from servicestories.extract import extract_post


def run(text, title=None):
    return extract_post(text, title=title, strict=True)


# -- outcome: unknown ending -> unclear -------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Ich schrieb Vattenfall eine E-Mail wegen der Nachzahlung. Eine Woche später kam die Zusage, die Rechnung "
    "wurde korrigiert. Ob das Geld je auf meinem Konto landet? Ich weiß es nicht.",
    "Meine Nachbarin rief bei der Allianz an und bekam eine Gutschrift angekündigt. Was danach passiert ist, "
    "weiß ich nicht.",
    "Die Hotline von Sky hat den Fehler angeblich behoben. Wie es ausging, erzähle ich ein anderes Mal.",
    "Der Techniker von Unitymedia tauschte den Verstärker. Ob das Signal jetzt stabil bleibt, weiß ich erst, "
    "wenn das nächste Gewitter kommt.",
    "Zalando hat den Betrag zurücküberwiesen, heißt es. Ob er ankommt, wird sich zeigen.",
    "Ich habe bei Lidl angerufen und niemand meldet sich. Fortsetzung folgt.",
])
def test_unknown_ending_is_unclear(text):
    r = run(text)
    assert r.outcome == "unclear"
    assert r.resolution_channel == "none"


def test_no_cue_is_unclear_not_resolved():
    r = run("Ich habe bei Tchibo angerufen und mein Anliegen geschildert. Die Dame notierte alles.")
    assert r.outcome == "unclear"


def test_known_ending_is_not_unclear():
    # "weiß ich nicht" about something else, before the fix
    r = run("Warum die Karte gesperrt war, weiß ich nicht. Am Telefon wurde sie aber sofort entsperrt. "
            "Seitdem funktioniert sie wieder.")
    assert r.outcome == "resolved"


# -- outcome: silence and ongoing state -> unresolved ------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Ich habe Hermes über das Kontaktformular geschrieben. Seitdem: nichts.",
    "Die Sparkasse versprach einen Rückruf. Danach: Stille.",
    "Ich habe Eon dreimal angerufen. Seit vier Wochen geht das jetzt so.",
    "Der Küchenbauer hat die Arbeitsplatte neu bestellt, Liefertermin unbekannt.",
    "Heute ist Tag 23 ohne Warmwasser, die Stadtwerke schweigen.",
    "Der Händler reagiert nicht mehr. Ich überlege, vom Vertrag zurückzutreten.",
    "Ich schrieb an Otto. Antwort: keine.",
])
def test_ongoing_silence_is_unresolved(text):
    assert run(text).outcome == "unresolved"


def test_modal_fix_is_not_a_fix():
    r = run("Irgendwer bei Vodafone muss doch mal veranlassen, dass der Mast repariert wird. Seitdem: nichts.")
    assert r.outcome == "unresolved"


def test_quoted_status_is_not_a_fix():
    r = run('Laut Sendungsverfolgung von DPD "erfolgreich zugestellt". Ich habe kein Paket. Antwort auf '
            'meine Mail: keine.')
    assert r.outcome == "unresolved"


# -- outcome: partial ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Nach drei Mahnungen kam ein Brief der HUK: Die Reparatur des Autos wird bezahlt, das Geld ist da. "
    "Der Mietwagen dagegen nicht.",
    "Die Bahn hat mir den Fahrpreis erstattet. Aber meinen Koffer habe ich nicht wieder.",
    "Der Techniker kam, dann lief der Fernseher. Eine Entschädigung für die drei Wochen ist laut Mail "
    "leider nicht möglich.",
    "Keine Reaktion auf zwei Mails. Dann wurde die Kaution doch überwiesen. Die Zinsen dagegen nicht. "
    "Also: Teilerfolg.",
])
def test_remaining_loss_after_fix_is_partial(text):
    assert run(text).outcome == "partially_resolved"


def test_loss_without_fix_is_not_partial():
    r = run("Der Paketdienst hat das Paket verloren. Meine Unterlagen habe ich nicht wieder.")
    assert r.outcome == "unresolved"


# -- resolution channel --------------------------------------------------------------------------------------
def test_resolution_channel_from_noun_phrase_chat():
    r = run("Meine E-Mail an 1&1 blieb ohne Antwort. Am Abend versuchte ich den Chat. Der Mitarbeiter hat den "
            "Tarif während des Chats direkt korrigiert.")
    assert r.outcome == "resolved" and r.resolution_channel == "chat"


def test_resolution_channel_technician_at_the_door():
    r = run("Drei Anrufe bei der Hotline von Pyur brachten nichts. Dann stand ein Techniker vor der Tür. "
            "Er arbeitete eine halbe Stunde im Keller, dann lief das Internet.")
    assert r.resolution_channel == "technician_visit"


def test_resolution_channel_counter_in_a_run_of_fixes():
    r = run("Am Telefon hieß es nur, das Konto sei gesperrt. In der Filiale der Commerzbank hat der Berater am "
            "Schalter das Konto sofort freigeschaltet. Er hat mir sogar die Gebühren für die Anrufe "
            "gutgeschrieben.")
    assert r.resolution_channel == "in_person"
    assert r.intervened_by == "frontline_agent"


def test_resolution_channel_forum_tip():
    r = run("Die Hotline von Sony wusste nichts. Ich habe im offiziellen Forum einen Thread eröffnet. Ein User "
            "schrieb, man müsse den Speicher zurücksetzen. Hat funktioniert.")
    assert r.outcome == "resolved" and r.resolution_channel == "forum"
    assert r.intervened_by == "community"


def test_resolution_channel_letter_with_settlement():
    r = run("Ich habe mehrmals bei der Gothaer angerufen. Drei Wochen später kam die Abrechnung per Post: "
            "der Wasserschaden wird bezahlt, das Geld ist da.")
    assert r.resolution_channel == "letter"


# -- public escalation: open vs retrospective ----------------------------------------------------------------
def test_direct_address_while_open_is_a_public_step():
    r = run("Mein Internet bei Netcologne ist seit zwei Wochen weg. Ich habe dreimal angerufen. Seitdem: "
            "nichts. Wenn hier jemand von Netcologne mitliest: Die Auftragsnummer habe ich.")
    assert r.public_escalation == "yes" and "blog" in r.channels


def test_part_follows_is_open():
    r = run("Der Abschlag bei der EnBW wurde am Telefon angeblich korrigiert. Ob das stimmt, weiß ich erst im "
            "Mai. Teil 3 folgt.")
    assert r.outcome == "unclear" and r.public_escalation == "yes"


def test_retrospective_is_not_a_public_step():
    r = run("Ein Rückblick. Letzten Herbst kam mein Fahrrad beschädigt bei Rose an, ich habe angerufen und "
            "bekam eine Gutschrift für den Lack. Den Kratzer am Rahmen hat niemand bezahlt. Das ist eben so.")
    assert r.public_escalation == "no" and "blog" not in r.channels


def test_post_written_for_a_blog_is_not_a_blog_step():
    r = run("Geschrieben für den Blog unseres Vereins. Die Sparda-Bank hat die Überweisung nach meinem Besuch "
            "in der Filiale korrigiert. Ich bin zufrieden.")
    assert r.public_escalation == "no"


def test_background_press_is_not_a_press_step():
    r = run("Der Ausfall bei Congstar war damals in allen Zeitungen. Ich habe per E-Mail gekündigt.")
    assert "press" not in r.channels
    r = run("Ich habe mich an die Lokalzeitung gewandt, die bei Congstar nachgefragt hat.")
    assert "press" in r.channels


# -- intervened_by ----------------------------------------------------------------------------------------------
def test_supervisor_who_joins_is_credited():
    r = run("Der Verkäufer bei MediaMarkt wollte den Umtausch nicht machen. Da kam der Marktleiter dazu. Er hat "
            "den Kaufpreis sofort erstattet.")
    assert r.intervened_by == "supervisor"


def test_specialist_who_takes_it_in_hand():
    r = run("Auf meinen Beschwerdebrief rief mich eine Frau aus der Kulanzabteilung der Signal Iduna an und hat "
            "die Sache in die Hand genommen. Zwei Wochen später wurde der Schaden erstattet.")
    assert r.intervened_by == "specialist"


def test_quoted_stock_reply_credits_nobody():
    r = run('Ich schrieb Ikea eine Mail. Antwort: "Ihr Anliegen wurde an die zuständige Abteilung '
            'weitergeleitet." Danach: Stille.')
    assert r.intervened_by == "" and r.outcome == "unresolved"


def test_technician_reporting_the_fix_by_mail():
    r = run("Ich meldete den Ausfall über das Formular bei Strato. Eine Stunde später die Mail von einem "
            "Techniker: Netzteil getauscht, Server wieder online.")
    assert r.outcome == "resolved" and r.intervened_by == "technician" and r.resolution_channel == "email"


def test_asking_for_a_replacement_is_not_getting_one():
    r = run("Ich fragte bei Tchibo an, ob ich eine neue Kanne haben kann, und bekam die Auskunft: nur gegen "
            "Aufpreis.")
    assert r.outcome != "resolved"


# -- courier: the story's own parcel service delivering -------------------------------------------------------
def test_delivery_by_the_storys_parcel_service_is_courier():
    r = run("DPD hat das Paket geliefert, der Fahrer verlangte 40 Euro Zollgebühr. Ich rief bei DPD an, "
            "niemand konnte helfen.")
    assert r.company == "DPD" and "courier" in r.channels


def test_parcel_service_only_named_is_not_courier():
    r = run("Ich rief bei DPD an, weil die Rechnung falsch war. Niemand konnte helfen.")
    assert "courier" not in r.channels
