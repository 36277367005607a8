"""Negative controls: German sentences (written for this test) that must NOT trigger a code.

Negated and hypothetical contacts and outcomes, third parties' experiences, tenure and other spans that are no
problem duration, platforms and companies named in passing, advice to readers. Each sentence is coded alone by
``extract_post``; the field named with it must keep its "nothing found" value.
"""

import pytest

from servicestories.extract import extract_post

NO_CHANNEL = [
    "Ich habe dort nie angerufen.",
    "Eine E-Mail habe ich ihnen bewusst nicht geschrieben.",
    "Wenn ich morgen anrufen würde, wäre vermutlich wieder besetzt.",
    "Soll ich jetzt noch einen Brief schreiben?",
    "Man sollte bei solchen Firmen immer zuerst die Hotline anrufen.",
    "Mein Nachbar hat letzte Woche bei der Hotline angerufen.",
    "Eine Kollegin schrieb dem Kundendienst eine lange E-Mail.",
    "Ich versuchte die Hotline zu erreichen, aber es war stundenlang besetzt.",
    "Die Filiale war geschlossen, als ich dort ankam.",
    "Der Sprachcomputer fragte dreimal nach meiner Kundennummer.",
    "Der Chatbot verstand kein einziges Wort.",
    "Meine E-Mail-Adresse steht im Kundenkonto.",
    "Die Telefonnummer der Firma fand ich nirgends.",
    "Ich überlege, ob ich ihnen einen Brief schreiben soll.",
    "Ich hoffe, dass sich bald ein Techniker meldet.",
    "Vielleicht werde ich nächste Woche in der Filiale vorbeigehen.",
    "Im Flur klemmte der Lichtschalter.",
    "Der Briefkasten quoll über vor Werbung.",
    "Die App stürzt nach jedem Update ab.",
    "Ruft am besten gleich morgens an, dann geht es schneller.",
]
NOT_PUBLIC = [
    "Über den Ärger habe ich einen langen Blogartikel geschrieben.",
    "In meinem Blog geht es sonst um Gartenarbeit.",
    "In einem Forum für Hobbygärtner fand ich ähnliche Berichte.",
    "Auf Twitter las ich, dass andere das gleiche Problem haben.",
    "Ich drohte damit, mich an die Presse zu wenden.",
    "Wenn das so weitergeht, schreibe ich bei Facebook darüber.",
    "Ich werde das wohl bald twittern.",
    "Meine Schwester postet ständig Fotos auf Instagram.",
    "Die Zeitung berichtete damals über den Stromausfall im Viertel.",
    "Hätte ich doch bloß gleich einen Tweet geschrieben.",
]
NOT_RESOLVED = [
    "Das Problem wurde bis heute nicht gelöst.",
    "Eine Erstattung gab es nicht.",
    "Der Techniker versprach, dass alles bis Freitag repariert wird.",
    "Man sagte mir, der Fehler sei längst behoben.",
    "Wenn sie den Router tauschen würden, wäre alles gut.",
    "Ob das Geld jemals erstattet wird?",
    "Ich hoffe, dass der Schaden bald behoben wird.",
    "Meinem Kollegen wurde das Geld sofort erstattet.",
    "Die Leitung soll nächste Woche wieder funktionieren.",
    "Die Reparatur ist noch nicht erledigt.",
    "Vor meiner Tür stand ich mit dem kaputten Gerät, der Laden hatte zu.",
    "Dass niemand antwortet, finde ich unmöglich.",
    "Irgendwann war ich mit meinen Nerven am Ende.",
    "Angeblich wurde die Gutschrift schon veranlasst.",
]
NO_OUTCOME = [
    "Viele Kunden warten immer noch auf ihr Geld.",
    "Normalerweise funktioniert das Internet hier einwandfrei.",
    "Meine Freundin hat ihr Geld zurückbekommen.",
    "Wie lange dauert es wohl, bis das Problem gelöst ist?",
    "Man sollte sich nicht alles gefallen lassen.",
    "Falls es jemand wissen möchte: Das Formular liegt online.",
]
UNNAMED = [
    "Ich habe mich per E-Mail beschwert.",
    "Mein VDSL-Anschluss ist seit gestern tot.",
    "Die Stromversorgung im Haus fiel aus.",
    "Ich habe das Problem auf Twitter beschrieben.",
    "Das habe ich bei Facebook gelesen.",
    "Die Krankenkasse lehnte den Antrag ab.",
    "Der Stromlieferant schickte eine neue Rechnung.",
    "Die Hausverwaltung meldete sich nicht.",
]
NO_DURATION = [
    "Kunde dieses Anbieters bin ich seit zwölf Jahren.",
    "Das Gerät ist erst drei Jahre alt.",
    "Ich hing 45 Minuten in der Warteschleife.",
    "Man versprach eine Antwort innerhalb von drei Tagen.",
    "Vor zwei Wochen habe ich den Vertrag abgeschlossen.",
    "Wir wohnen seit zwanzig Jahren in diesem Haus.",
    "Die Reparatur soll etwa zwei Wochen dauern.",
    "Der Router lief vierundzwanzig Stunden am Tag.",
    "Mit dreißig Jahren habe ich meinen ersten Vertrag unterschrieben.",
    "Die Garantie läuft zwei Jahre.",
]
CASES = ([("channels", s) for s in NO_CHANNEL] + [("public", s) for s in NOT_PUBLIC]
         + [("not_resolved", s) for s in NOT_RESOLVED] + [("no_outcome", s) for s in NO_OUTCOME]
         + [("unnamed", s) for s in UNNAMED] + [("duration", s) for s in NO_DURATION])


def test_enough_controls():
    assert len(CASES) >= 60


@pytest.mark.parametrize("kind, sentence", CASES, ids=[f"{k}:{s[:40]}" for k, s in CASES])
def test_control_triggers_nothing(kind, sentence):
    r = extract_post(sentence, strict=True)
    if kind == "channels":
        assert r.channels == [], r.evidence
    elif kind == "public":
        assert r.public_escalation == "no" and not {"blog", "forum", "social_media", "press"} & set(r.channels)
    elif kind == "not_resolved":
        assert r.outcome not in ("resolved", "partially_resolved"), r.outcome_sentence
        assert r.resolution_channel == "none"
    elif kind == "no_outcome":
        assert r.outcome == "unclear", r.evidence
    elif kind == "unnamed":
        assert r.company == "unnamed"
    else:
        assert r.duration_hours is None, r.duration_text
