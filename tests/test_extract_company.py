"""Company and sector rules (servicestories.extract.gazetteer), on invented German sentences."""

import pytest

from servicestories.extract import extract_post


def company(text, title=None):
    r = extract_post(text, title=title, strict=True)
    return r.company, r.sector


@pytest.mark.parametrize("text, expected", [
    ("Die Hotline der Commerzbank war drei Tage lang nicht erreichbar. Die Commerzbank entschuldigte sich.",
     "Commerzbank"),
    ("Der Vodafone-Techniker kam zu spät. Auch der Vodafone-Kundenservice wusste nichts.", "Vodafone"),
    ("Zalandos Kundenservice antwortete nicht. Ich habe Zalando dann noch einmal geschrieben.", "Zalando"),
    ("Mein Vertrag bei 1&1 lief aus, und 1&1 schickte trotzdem eine Rechnung.", "1&1"),
    ("Bei der ING-DiBa wurde mein Depot gesperrt. Die ING antwortete erst nach Wochen.", "ING"),
    ("Die HUK-Coburg lehnte den Schaden ab. Der HUK-Sachbearbeiter blieb stur.", "HUK-Coburg"),
    ("E.ON schickte eine falsche Abrechnung. E.ONs Hotline half nicht.", "E.ON"),
])
def test_gazetteer_forms(text, expected):
    assert company(text)[0] == expected


def test_merged_brand_written_with_slash():
    text = ("Der Kabel Deutschland/Vodafone-Techniker kam nicht. Die Kabel Deutschland/Vodafone-Hotline "
            "vertröstete mich. Vodafone meldete sich nie.")
    assert company(text)[0] == "Kabel Deutschland/Vodafone"


def test_one_slash_list_is_not_a_brand():
    text = "Bei Telekom/Vodafone ist das auch so. Mein Problem hatte ich mit Congstar, Congstar half nicht."
    assert company(text)[0] == "Congstar"


def test_courier_only_delivering_is_not_the_company():
    text = ("Ich hatte bei Tchibo eine Kaffeemaschine bestellt. Sie kam kaputt an, per DHL. Tchibo schickte "
            "eine neue, wieder mit DHL geliefert, wieder mit DHL. Danke, Tchibo.")
    assert company(text)[0] == "Tchibo"


def test_parcel_service_as_the_subject_of_the_complaint():
    text = ("DPD hat mein Paket angeblich zugestellt. Der DPD-Kundenservice sagt, das Paket sei abgegeben. "
            "DPD will nicht haften.")
    name, sector = company(text)
    assert (name, sector) == ("DPD", "logistics")


def test_social_platform_used_as_channel_is_not_the_company():
    text = ("Meine Stromrechnung von Yello war doppelt so hoch. Ich habe das auf Facebook gepostet. "
            "Yello meldete sich danach. Yello korrigierte die Rechnung.")
    assert company(text)[0] == "Yello"


def test_former_provider_does_not_win():
    text = "Vor Jahren bin ich von der Telekom zu Congstar gewechselt. Congstar hat jetzt mein Handy gesperrt."
    assert company(text)[0] == "Congstar"


def test_title_weighs_more():
    text = "Otto hatte ich auch mal, aber diesmal ging es um etwas anderes. Lidl war freundlich."
    assert company(text, title="Ärger mit Zalando")[0] == "Zalando"


@pytest.mark.parametrize("text, expected", [
    ("Die Firma Kleinholz Möbel GmbH lieferte den Schrank nicht. Kleinholz reagierte auf keine Mail.",
     "Kleinholz Möbel"),
    ("Beim Versandhändler Wunderkiste bestellte ich ein Regal. Wunderkiste schickte nie etwas.", "Wunderkiste"),
    ("Der Wuppex-Kundenservice ist nicht erreichbar. Die Wuppex-Hotline klingelt ins Leere.", "Wuppex"),
    ("Der Kundenservice von Plexora antwortet nicht. Plexora hat mein Geld.", "Plexora"),
])
def test_names_the_gazetteer_lacks(text, expected):
    assert company(text)[0] == expected


def test_unnamed_with_sector_from_context():
    text = ("Mein Internetanbieter hat den DSL-Anschluss seit Tagen nicht freigeschaltet. Der Router blinkt, "
            "das Internet geht nicht, die Hotline sagt, der Provider habe eine Störung.")
    assert company(text) == ("unnamed", "isp")


def test_multi_sector_company_takes_sector_from_context():
    hosting = "Mein Server bei 1&1 ist down. Die Domain ist weg, der Webspace leer. 1&1 schweigt."
    isp = "Mein DSL-Anschluss bei 1&1 ist tot. Der Router findet kein Internet. 1&1 schweigt."
    assert company(hosting) == ("1&1", "hosting")
    assert company(isp) == ("1&1", "isp")


def test_common_words_are_not_companies():
    # "Post", "Bahn" as common words, "ergo" as adverb
    text = "Ergo habe ich die Post abgeholt und bin mit dem Rad zur Arbeit gefahren."
    assert company(text)[0] == "unnamed"


@pytest.mark.parametrize("text, expected", [
    ("Die Stadtwerke Bad Saulgau schickten eine falsche Rechnung. Die Stadtwerke reagierten nicht.",
     "Stadtwerke Bad Saulgau"),
    ("Die Abrechnung der Stadtwerke Kleinfelden war falsch. Bei den Stadtwerken rief ich zweimal an.",
     "Stadtwerke Kleinfelden"),
    ("Die Stadtwerke Frankfurt am Main sperrten das Gas. Die Stadtwerke blieben stur.", "Stadtwerke Frankfurt am Main"),
    # no place name: the generic entry
    ("Meine Stadtwerke schickten eine falsche Rechnung. Die Stadtwerke reagierten nicht.", "Stadtwerke"),
    ("Die Stadtwerke Hotline war besetzt. Die Stadtwerke schickten nichts.", "Stadtwerke"),
])
def test_municipal_utility_keeps_its_place(text, expected):
    assert company(text) == (expected, "energy")


@pytest.mark.parametrize("text, expected", [
    ("Die Firma Holzwurm e.K. lieferte nicht. Holzwurm meldete sich nie.", "Holzwurm"),
    ("Der Versandhändler Klickmich GmbH & Co. KG lieferte nicht. Klickmich schweigt.", "Klickmich"),
    ("Bei der Firma Zeltmeister GmbH kaufte ich ein Zelt. Die Zeltmeister GmbH antwortet nicht.", "Zeltmeister"),
    ("Die Gartenprofi Nord UG (haftungsbeschränkt) lieferte nicht. Gartenprofi Nord schweigt.", "Gartenprofi Nord"),
])
def test_pattern_names_drop_the_legal_form(text, expected):
    assert company(text)[0] == expected


@pytest.mark.parametrize("text, company, sector", [
    ("Mit der Deutschen Bahn fuhr ich nach Köln, der Zug fiel aus. Die Deutsche Bahn erstattete den Preis.",
     "Deutsche Bahn", "transport"),
    ("Ich habe bei der Deutschen Telekom angerufen, weil das Telefon tot war.", "Telekom", None),
    ("Mein Einschreiben über die Deutsche Post AG kam nie an. Die Filiale der Deutschen Post konnte nicht helfen.",
     "Deutsche Post", "logistics"),
    ("Mein Konto bei der Deutschen Bank wurde gesperrt, in der Filiale half man mir.", "Deutsche Bank", "banking"),
])
def test_inflected_adjective_names(text, company, sector):
    r = extract_post(text, strict=True)
    assert r.company == company
    if sector:
        assert r.sector == sector


# -- focal company: the one the author deals with (real-post rules) ------------------------------------------
def test_open_letter_salutation_names_the_company():
    r = extract_post("Liebe Kleinstadtwerke Nord,\n\nseit Wochen warte ich auf meine Schlussrechnung.", strict=True)
    assert r.company == "Kleinstadtwerke Nord"


def test_company_in_the_contact_sentence_beats_a_brand_named_in_passing():
    r = extract_post("Mein Laptop von Lenovo hatte einen Defekt. Lenovo baut sonst gute Geräte. Ich brachte ihn zu "
                     "MediaMarkt in die Filiale. Dort bei MediaMarkt nahm man ihn an.", strict=True)
    assert r.company == "MediaMarkt"


def test_platform_words_and_common_nouns_are_not_companies():
    assert extract_post("Meine Beschwerde steht jetzt auf Twitter.", strict=True).company == "unnamed"
    assert extract_post("Die Stromversorgung-Hotline war besetzt.", strict=True).company == "unnamed"


def test_name_spelled_as_in_the_text():
    r = extract_post("Die DB hat meinen Zug gestrichen. Am Schalter der DB bekam ich einen Gutschein.", strict=True)
    assert r.company == "DB"
