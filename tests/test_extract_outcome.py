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
    # a social-media care team is a special service unit (specialist), not PR (held-out review, rule 2)
    ("Nach meinem Tweet meldete sich das Social-Media-Team. Das Problem wurde gelöst.", "specialist"),
    ("Nach meinem Tweet meldete sich die Pressestelle. Das Problem wurde gelöst.", "pr_press"),
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


def test_an_open_case_told_in_a_post_is_not_itself_public():
    # rule: a diary-style post is no lever toward the company, however open the case
    r = run("Seit zwei Wochen habe ich bei Telekom kein Internet. Ich rief dreimal an. Es funktioniert immer "
            "noch nicht.")
    assert (r.outcome, r.public_escalation, "blog" in r.channels) == ("unresolved", "no", False)


# -- outcome: state changes, silence, open parts (docs/extraction.md, held-out review) ------------------------
@pytest.mark.parametrize("text, outcome", [
    ("Nach dem Tausch des Verteilerkastens läuft das Netz stabil.", "resolved"),
    ("Zwei Monate ohne Festnetz. Seit gestern haben wir endlich wieder Telefon im Büro.", "resolved"),
    ("Ich schrieb der Krankenkasse dreimal. Das Geld ist seit Freitag wieder auf meinem Girokonto.", "resolved"),
    ("Die doppelte Abbuchung wurde inzwischen korrigiert.", "resolved"),
    ("Die Reparaturkosten wurden ohne weitere Rückfragen erstattet.", "resolved"),
    # negatives of the same cues
    ("Die Leitung läuft immer noch nicht stabil.", "unresolved"),
    ("Der Betrag wurde ohne Begründung nicht erstattet.", "unresolved"),
])
def test_state_change_cues(text, outcome):
    assert run(text).outcome == outcome


def test_courier_without_the_item_is_no_fix():
    assert run("Am Samstag stand ein Bote vor der Tür, aber ohne meinen Rucksack.").outcome != "resolved"


@pytest.mark.parametrize("text", [
    "Ich habe der Versicherung den Schaden gemeldet. Auf meine Nachfrage antwortet dort seit Wochen niemand mehr.",
    "Ich schrieb zwei Briefe an die Hausverwaltung. Seitdem meldet sich keiner.",
    "Zwei Monate lang kam mein Paket nicht. Der Kundenservice antwortete nie.",
    "Ich mahnte die Rückzahlung an. Der Verkäufer reagierte gar nicht.",
    "Die Gutschrift wurde mir am Telefon zugesagt. Ich warte immer noch.",
    # a promise in reported speech is not a fix
    "Die Mitarbeiterin sagte, der Betrag werde erstattet. Passiert ist bis heute nichts.",
])
def test_unresolved_by_silence(text):
    assert run(text).outcome == "unresolved"


def test_thanks_that_are_not_satisfaction():
    # a request for tips, sarcasm, "sich zufriedengeben" (settle for) do not tell a good end
    assert run("Die Werkstatt lehnt die Garantie ab. Falls jemand Erfahrung hat: Ich bin für jeden Tipp dankbar."
               ).outcome == "unresolved"
    assert run("Der Mitarbeiter sagte, ich solle den Router neu starten. Danke auch.").outcome != "resolved"
    assert run("Der Monteur hat sich nicht mit dem Zähler zufriedengegeben.").outcome != "resolved"
    assert run("Die Kosten wurden erstattet. Dem Kundendienst gebührt mein Dank.").outcome == "resolved"


@pytest.mark.parametrize("text", [
    "Die Bettwäsche wurde ersetzt. Das Kopfkissen hingegen: nicht lieferbar, man melde sich.",
    "Der Kühlschrank wurde ausgetauscht. Die Glasplatte dagegen: Liefertermin offen, bis heute nicht da.",
    "Die Lampe wurde ersetzt, bis auf den Schirm, und der fehlt immer noch.",
])
def test_partially_resolved_when_one_part_stays_open(text):
    assert run(text).outcome == "partially_resolved"


@pytest.mark.parametrize("text", [
    "Ich habe Widerspruch dagegen eingelegt. Die Mahngebühr wurde erstattet.",
    # a consolation remark that is not about the case's parts
    "Die Rechnung wurde korrigiert. Aber immerhin: Bei den Wasserwerken gibt es noch Menschen mit Anstand.",
])
def test_contrast_words_that_are_not_partial(text):
    assert run(text).outcome == "resolved"


# -- resolution channel = the step that caused the fix -------------------------------------------------------
def test_channel_that_only_dates_the_fix_is_not_the_resolving_step():
    r = run("Ich schrieb eine E-Mail an den Versandhändler. Am nächsten Tag rief ich die Hotline an, und der "
            "Mitarbeiter buchte den Betrag sofort zurück. Eine Woche nach meiner ersten E-Mail war alles erledigt.")
    assert (r.outcome, r.resolution_channel) == ("resolved", "phone")
    assert run("Ich rief zweimal an. Eine Woche später war per E-Mail alles erledigt.").resolution_channel == "email"


def test_channel_in_a_failed_or_hypothetical_clause_is_not_the_resolving_step():
    r = run("Ich ging in die Geschäftsstelle. Dort war das Problem in fünf Minuten gelöst, wofür die Hotline "
            "zwei Tage lang keine Idee hatte.")
    assert r.resolution_channel == "in_person"
    r = run("Am Telefon einigten wir uns auf einen Nachlass, ein Paketdienst würde sonst alles abholen. "
            "Die Sache ist damit erledigt.")
    assert r.resolution_channel == "phone"


def test_counter_visit_resolves_in_person():
    r = run("Die Hotline wusste nichts. Am Schalter im Reisezentrum hat der Mitarbeiter das Ticket sofort erstattet.")
    assert r.resolution_channel == "in_person"


# -- who turned the case ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, actor", [
    ("Die Verkäuferin wusste nicht weiter und holte ihren Chef. Der hat das Problem dann gelöst.", "supervisor"),
    ("Im Baumarkt wurde ich dreimal weitergeschickt, bis die Schichtleiterin kam. Die hat Dampf gemacht, und "
     "zwei Tage später war die Ersatzlieferung da.", "supervisor"),
    ("Ich schrieb dem Vorstand einen Brief. Eine Woche später rief er mich persönlich an, und die Gebühren "
     "wurden erstattet.", "executive"),
    ("Der Inhaber hat die Sache selbst in die Hand genommen und die Reparatur veranlasst. Seitdem läuft das "
     "Rad wieder.", "executive"),
    ("Eine Reporterin fragte bei der Unternehmenskommunikation nach. Zwei Tage später wurde mir der volle "
     "Betrag überwiesen.", "pr_press"),
    ("Die Kulanzabteilung hat dann die Reparatur ausgelöst, und seitdem funktioniert die Heizung wieder.",
     "specialist"),
    ("Die Frau an der Hotline hat mir die Gebühr sofort erstattet.", "frontline_agent"),
])
def test_intervened_by_who_turned_it(text, actor):
    assert run(text).intervened_by == actor


def test_nobody_turned_an_unresolved_case_even_after_forwarding():
    r = run("Mein Anliegen wurde an die Fachabteilung weitergeleitet. Das Problem ist bis heute nicht gelöst.")
    assert (r.outcome, r.intervened_by) == ("unresolved", "")


def test_routine_frontline_before_a_self_made_fix_is_not_credited():
    r = run("Die Hotline sagte, ich solle neu starten. Danke auch. Nach einem Neustart des Routers funktioniert "
            "es wieder.")
    assert r.intervened_by == ""


# -- public escalation: only a lever toward the company ---------------------------------------------------
def test_threat_to_switch_is_no_public_escalation():
    r = run("Mein Server bei Strato ist seit Sonntag offline. Der Support sagt, man arbeite daran. Wenn das so "
            "weitergeht, ziehe ich zu einem anderen Hoster um.")
    assert (r.outcome, r.public_escalation) == ("unresolved", "no")


def test_partly_resolved_when_one_part_stays_open():
    r = run("Die Waschmaschine von MediaMarkt wurde repariert. Der Trockner dagegen: nicht lieferbar. Stand "
            "heute warte ich immer noch.")
    assert r.outcome == "partially_resolved"
    assert r.public_escalation == "no"


def test_question_in_a_forum_is_no_lever_but_the_official_forum_is():
    r = run("Seit sechs Wochen streite ich mich mit Zalando um eine Gutschrift. Letzte Woche habe ich in einem "
            "Forum gefragt. Bis heute keine Antwort.")
    assert r.public_escalation == "no" and "forum" not in r.channels
    r = run("Seit sechs Wochen streite ich mich mit Zalando um eine Gutschrift. Letzte Woche schrieb ich ins "
            "offizielle Kundenforum. Bis heute keine Antwort.")
    assert r.public_escalation == "yes" and "forum" in r.channels


def test_tweet_at_the_company_is_a_lever():
    r = run("Nach drei Anrufen schrieb ich der Airline auf Twitter. Eine Stunde später meldete sich das "
            "Social-Media-Team, und am Abend war mein Koffer wieder da.")
    assert (r.public_escalation, r.outcome) == ("yes", "resolved")
    assert "social_media" in r.channels


def test_trailing_condition_does_not_make_the_fix_hypothetical():
    r = run("Die Rechnung wurde korrigiert, und er gab mir seine Durchwahl, falls es wieder Probleme gibt.")
    assert r.outcome == "resolved"
    assert run("Wenn die Rechnung korrigiert worden wäre, hätte ich bezahlt.").outcome != "resolved"
