"""The rule tables of the coder (rows: name, field, value, pattern, weight, positive and negative example).

All example sentences are invented for these tables. The rows only find candidate words; whether a hit counts
is decided by the linguistic layer (:mod:`.lang`: negation, irrealis, quotation, who acts) and by the field
logic in :mod:`.fields`.
"""

from __future__ import annotations

from .rules import SENTENCE_GATES, R, Table

_E = r"(?![\w-])"  # end of a word, hyphen compounds included ("E-Mail-Adresse" is no "E-Mail")

# -- contact channels (field "channel") ---------------------------------------------------------------------
CHANNEL = Table("channel", [
    R("phone.hotline", "channel", "phone", r"\b\w*hotline(?!-?nummer)(?:s)?" + _E, 1,
      "Ich rief bei der Hotline an und schilderte alles.", "Die Hotlinenummer stand klein gedruckt im Vertrag."),
    R("phone.call_noun", "channel", "phone",
      r"\b(?:\w*anrufs?|\w*anrufe|telefonat\w*|telefongespräch\w*|\w*rückrufs?|rückrufe)" + _E, 1,
      "Nach meinem Anruf kam endlich Bewegung in die Sache.", "Der Anrufbeantworter meiner Schwester war voll."),
    R("phone.call_verb", "channel", "phone",
      r"\b(?:angerufen|anzurufen|anrief\w*|telefoniert\w*|telefonierte\w*|telefonisch\w*|zurückgerufen|"
      r"zurückrief\w*|zurückzurufen)" + _E, 1,
      "Ich habe dort dreimal angerufen.", "Meine Telefonrechnung war diesmal höher."),
    R("phone.separable", "channel", "phone",
      r"\b(?:rief|riefen|rufe|ruft|rufen)\b[^.;:!?]{0,60}?\b(?:an|zurück)\b(?!\s+(?:die|den|das|der|dem|ein\w*)\b)", 1,
      "Am Montag rief ich dort an.", "Die Kinder rufen laut nach ihrer Mutter."),
    R("phone.callcenter", "channel", "phone", r"\b\w*call-?center\w*" + _E, 1,
      "Das Callcenter verband mich zweimal falsch.", "Sie arbeitet jetzt in einem Büro am Hafen."),
    R("phone.by_phone", "channel", "phone", r"\b(?:am|per|übers|ans)\s+telefon\b", 1,
      "Am Telefon versprach man mir eine Lösung.", "Das Telefon selbst war schon zehn Jahre alt."),
    R("email.noun", "channel", "email", r"\b(?:e-?mails?|mails?|\w+mails?|\w+-mails?)" + _E, 1,
      "Gestern schickte ich dem Versandhaus eine E-Mail.", "Meine E-Mail-Adresse hat sich geändert."),
    R("email.verb", "channel", "email",
      r"\b(?:gemailt|angemailt|e-?mailte\w*|mailte\w*|mailverkehr\w*|mailwechsel\w*)" + _E,
      1, "Ich habe ihnen sofort gemailt.", "Das Mailprogramm stürzte ständig ab."),
    R("letter.brief", "channel", "letter",
      r"\b(?:\w*briefe?n?|einschreiben|postalisch\w*|brieflich\w*|per\s+post|fax(?:e|en)?|gefaxt|faxte\w*)" + _E, 1,
      "Ich schickte einen Brief per Einschreiben.", "Der Briefkasten war schon wieder voll Werbung."),
    R("letter.post_came", "channel", "letter",
      r"\b(?:kam|kamen|bekam|erhielt|erhalten|bekommen|flatterte|lag)\s+(?:\w+\s+){0,4}?(?:post|antwortschreiben)\b(?!-)",
      1, "Gestern kam endlich Post von der Versicherung.", "Die Post hat heute gestreikt."),
    R("letter.in_writing", "channel", "letter",
      r"\bschriftlich\w*|\b(?:lag|lagen|kam|kamen|landete|fand)\b[^.;]{0,50}?\bbriefkasten\b", 1,
      "Die Absage kam schriftlich.", "Der Briefkasten quoll über vor Werbung."),
    R("letter.schreiben_noun", "channel", "letter",
      r"(?-i:\b(?:[A-ZÄÖÜ]\w+schreiben|Schreiben))\b(?!\s+(?:sie|wir|ich|die|den)\b)", 1,
      "Das Kündigungsschreiben ging am Freitag raus.", "Sie wollten schreiben, taten es aber nie."),
    R("in_person.branch", "channel", "in_person",
      r"\b(?:\w*filiale\w*|geschäftsstelle\w*|service-?cent(?:er|re)|kundencent(?:er|re)|kundenzentrum|"
      r"reisezentrum|servicepoint|service-point|kundenbüro|servicetheke|infotheke|infostand|"
      r"(?:fahrkarten|service|ticket|bank|post|info|check-in)-?schalter\w*)" + _E +
      r"|\b(?:am|an\s+den|zum|vom)\s+(?:\w+\s+)?schalter\b", 1,
      "In der Filiale half mir eine freundliche Mitarbeiterin.", "Der Lichtschalter im Flur klemmte."),
    R("in_person.shop_visit", "channel", "in_person",
      r"\b(?:in\s+den|im|zum|in\s+einen|in\s+dem|in\s+die)\s+(?:\w+\s+)?(?!online|web|e-)\w*(?:laden|markt|store|"
      r"geschäft|filiale)\b|"
      r"\bpersönlich\s+(?:\w+\s+){0,3}?(?:vorbei\w*|hin\w*|vorgesprochen|aufgesucht)", 1,
      "Ich ging mit dem Gerät in den Laden zurück.", "Der Laden an der Ecke hat jetzt zu."),
    R("chat.chat", "channel", "chat", r"\b(?:live-?)?chat(?:s|te|ten|tet)?(?!-?bot)" + _E + r"|\bgechattet\b", 1,
      "Im Chat bestätigte man mir den Fehler.", "Der Chatbot verstand meine Frage nicht."),
    R("web_form.form", "channel", "web_form",
      r"\b(?:\w*formular\w*)\b(?=[^.]{0,60}\b(?:ausgefüllt|ausfüllen|abgeschickt|geschickt|eingereicht|gesendet)\b)|"
      r"\b(?:ausgefüllt|eingereicht|abgeschickt)\b[^.]{0,40}?\b\w*formular\w*|"
      r"\bkontaktformular\w*|\bbeschwerdeformular\w*|\bwebformular\w*|\bonline-?formular\w*", 1,
      "Ich habe das Kontaktformular auf der Webseite benutzt.", "Das Formular lag noch ungelesen auf dem Tisch."),
    R("web_form.ticket", "channel", "web_form",
      r"\bticket\s+(?:\w+\s+){0,3}?(?:aufgemacht|eröffnet|angelegt)\b|\bsupport-?ticket\w*", 1,
      "Ich habe online ein Ticket eröffnet.", "Das Ticket für das Konzert war teuer."),
    R("technician.visit", "channel", "technician_visit",
      r"\b(?:\w+-)?(?:techniker|servicetechniker|monteur|installateur)(?:in|s|e|en)?\b(?!-)"
      r"(?!\s+(?:\w+\s+)?(?:am\s+telefon|an\s+der\s+hotline|im\s+call))|\btechniker(?:termin|besuch)\w*", 1,
      "Am Dienstag kam endlich ein Techniker vorbei.", "Der Techniker am Telefon wusste auch nichts."),
    R("courier.person", "channel", "courier",
      r"\b(?:paketbote\w*|paketbotin|postbote\w*|\w*zusteller(?:in|s)?|kurierfahrer\w*|paketfahrer\w*)" + _E, 1,
      "Der Paketbote klingelte gar nicht erst.", "Die Zustellung wurde für Mittwoch angekündigt."),
    R("app.message", "channel", "app",
      r"\b(?:in|über|per|via|mit)\s+(?:der\s+|die\s+|einer\s+)?\w*app\b[^.]{0,40}?\b(?:gemeldet|geschrieben|nachricht|reklamiert|"
      r"angefragt)\b", 1,
      "Ich habe den Schaden über die App gemeldet.", "Die App stürzte nach dem Update ständig ab."),
], group=SENTENCE_GATES)

# -- public venues (words that name a blog, forum or social platform; they count only with a lever) --------
VENUE = Table("venue", [
    R("venue.social", "venue", "social_media",
      r"\b(?:twitter\w*|tweets?|getwittert|twitterte\w*|twittern|facebook\w*|instagram\w*|mastodon\w*|"
      r"social[- ]media\w*|direktnachricht\w*)" + _E, 1,
      "Ich schrieb ihnen auf Twitter.", "Ich habe den Vertrag heute unterschrieben."),
    R("venue.forum", "venue", "forum", r"\b(?:\w*forums?|foren|\w*community)" + _E, 1,
      "Im Forum fand ich den entscheidenden Hinweis.", "Das Formular war unvollständig."),
    R("venue.blog", "venue", "blog", r"\b(?:blog\w*|\w+blog|gebloggt)" + _E, 1,
      "Ich schrieb darüber in meinem Blog.", "Der Block Papier lag auf dem Tisch."),
])

#: Public escalation: the public channel used as a LEVER toward the company (rule: a tweet at the company, a
#: post in its official forum, a blog post the company was told about or reacted to).
LEVER = Table("lever", [
    R("lever.tweet", "public_escalation", "social_media",
      r"\b(?:getwittert|twitterte\w*|tweet(?:e|ete|ete[n]?)?|tweets)\b", 2,
      "Also habe ich meinen Ärger getwittert.", "Ich habe die Rechnung überwiesen."),
    R("lever.handle", "public_escalation", "social_media", r"(?<![\w.])@[a-z]\w{2,}", 2,
      "Ich schrieb an @stromhilfe, dass seit Tagen nichts geht.", "Schreib mir an info@beispiel.de."),
    R("lever.platform_contact", "public_escalation", "social_media",
      r"\b(?:auf|über|via|per|bei)\s+(?:twitter|facebook|instagram|mastodon|x)\b[^.;]{0,60}?\b(?:geschrieben|"
      r"angeschrieben|gemeldet|kontaktiert|gewandt|beschwert|nachricht|gepostet|geantwortet|antwortete\w*|"
      r"meldete\w*|schrieb\w*)\b|"
      r"\b(?:geschrieben|angeschrieben|gemeldet|kontaktiert|gewandt|beschwert|gepostet|schrieb\w*|meldete\w*|"
      r"antwortete\w*)\b[^.;]{0,40}?\b(?:auf|über|via|per|bei)\s+(?:twitter|facebook|instagram|mastodon)\b", 2,
      "Über Facebook habe ich die Firma angeschrieben.", "Auf Facebook sah ich Fotos vom Urlaub."),
    R("lever.company_page", "public_escalation", "social_media",
      r"\b(?:ihre[rnm]?|eure[rnm]?|deren|seine[rnm]?|der|die|auf\s+der)\s+(?:\w+-)?(?:facebook|twitter|instagram)-?"
      r"(?:seite|page|profil|account)\b", 2,
      "Ich schrieb einen Kommentar auf ihrer Facebook-Seite.", "Meine Tante hat ein Facebook-Konto."),
    R("lever.social_team", "public_escalation", "social_media",
      r"\b(?:social[- ]media[- ]team\w*|twitter-?team\w*|facebook-?team\w*)" + _E, 2,
      "Das Social-Media-Team meldete sich nach einer Stunde.", "Das Team im Laden war freundlich."),
    R("lever.company_forum", "public_escalation", "forum",
      r"\b(?:offiziellen?|eigenen?)\s+(?:\w+\s+)?(?:forum|community|hilfeforum|kundenforum)\b|"
      r"\b(?:kundenforum|supportforum|hilfeforum|kunden-?community|hilfe-?community|service-?community)\w*" + _E +
      r"|\b(?:forum|community)\s+(?:von|des|der)\s+(?-i:[A-Z0-9])\w*", 2,
      "Ich stellte die Frage im offiziellen Forum des Anbieters.", "In einem Forum für Gartenfreunde las ich nach."),
    R("lever.blog_told", "public_escalation", "blog",
      r"\b(?:lesen|gelesen|las|lasen|liest)\s+(?:\w+\s+){0,2}?(?:ihren|deinen|euren|seinen|meinen|den)\s+blog\w*|"
      r"\b(?:blog\w*|beitrag|artikel)\b[^.;]{0,60}?\b(?:verlinkt|geschickt|weitergeleitet|hingewiesen|aufmerksam|"
      r"gelesen|reagiert|reagierte|gefunden)\b|"
      r"\b(?:link|hinweis)\s+(?:auf|zu)\s+(?:diesen|meinen|den|diesem|meinem)\s+(?:blog\w*|beitrag|artikel)|"
      r"\b(?:auf|nach)\s+(?:meinen|diesen|den|meinem)\s+(?:blog\w*|beitrag|artikel)\b[^.;]{0,50}?\b(?:meldete\w*|"
      r"reagierte\w*|schrieb\w*|rief\w*)", 2,
      "Nach meinem Blogbeitrag meldete sich die Pressestelle.", "In meinem Blog geht es sonst um Rezepte."),
], group=SENTENCE_GATES)

# -- outcome cues (field "outcome"; value = cue kind) --------------------------------------------------------
OUTCOME = Table("outcome", [
    R("fix.solved", "outcome", "fixed",
      r"\b(?:gelöst|behoben|beseitigt|repariert|geklärt|erledigt|freigeschaltet|entsperrt|wiederhergestellt|"
      r"reaktiviert|korrigiert|berichtigt|nachgeliefert|umgetauscht|ausgetauscht|getauscht|eingetauscht|umgebucht|ersetzt|"
      r"abgewendet|aufgehoben|nachgebessert)\b", 2,
      "Der Fehler wurde am nächsten Tag behoben.", "Die Leitung war kaputt, die Ursache blieb offen."),
    R("fix.refund", "outcome", "fixed",
      r"\b(?:erstattet|zurückerstattet|rückerstattet|gutgeschrieben|zurücküberwiesen|zurückgezahlt|ausgezahlt|"
      r"zurückgebucht)\b|\bbuchte\w*\s+(?:\w+\s+){0,4}?zurück\b|\bwurde\w*\s+(?:\w+\s+){0,4}?überwiesen\b", 2,
      "Das Geld wurde mir vollständig erstattet.", "Ich bat um eine Erstattung meiner Kosten."),
    R("fix.approved", "outcome", "fixed",
      r"\b(?:genehmigt|bewilligt|genehmigung|stattgegeben|anerkannt|kostenübernahme\s+(?:\w+\s+)?zugesagt|"
      r"kosten\s+(?:\w+\s+)?übernommen)\b", 2,
      "Die Kur wurde nach dem Widerspruch doch bewilligt.", "Den Antrag hatte ich im März gestellt."),
    R("fix.works_again", "outcome", "fixed",
      r"\b(?:funktioniert|funktionierte|funktionieren|läuft|lief|laufen|klappt|klappte|geht|ging)\b"
      r"(?:\s+\w+){0,3}?\s+(?:wieder|einwandfrei|problemlos|tadellos|reibungslos|stabil|störungsfrei|endlich)\b|"
      r"\b(?:seitdem|seither)\s+(?:funktioniert|läuft|klappt|geht)\b"
      r"(?!\s+(?:\w+\s+){0,3}?(?:nicht|nichts|kein\w*)\b)", 2,
      "Seit gestern läuft das Internet wieder stabil.", "Das Internet lief schon vorher schlecht."),
    R("fix.back_online", "outcome", "fixed",
      r"\bwieder\s+(?:online|erreichbar|verfügbar|nutzbar|internet|strom|netz|empfang|zugriff|da|dsl|telefon)\b", 2,
      "Am Abend war ich endlich wieder online.", "Online fand ich keine Hilfe."),
    R("fix.has_again", "outcome", "fixed",
      r"\b(?:habe|hat|haben|hatte|hatten)\s+(?:\w+\s+){1,4}?wieder\b(?=\s*(?:[.,;:!?)]|$|und\b|zurück))", 2,
      "Nach drei Tagen hatte sie ihren Koffer wieder.", "Ich habe dort wieder angerufen."),
    R("fix.arrived", "outcome", "fixed",
      r"\b(?:ist|war|sind|waren)\s+(?:\w+\s+){0,4}?(?:angekommen|eingetroffen|zugestellt|geliefert|aufgetaucht)\b|"
      r"\b(?:kam|kamen)\s+(?:\w+\s+){0,4}?an\b(?![\w-])", 2,
      "Drei Tage später ist das Paket doch noch angekommen.", "Ich kam erst spät nach Hause."),
    R("fix.delivered", "outcome", "fixed",
      r"\b(?:liefert|lieferte|lieferten|brachte|brachten|vorbeigebracht|gebracht)\b[^.;]{0,40}?\b(?:paket\w*|"
      r"sendung|koffer|gepäck|ware|teile|gerät|ersatz\w*|päckchen)\b", 2,
      "Am Abend brachte der Bote das Paket doch noch.", "Am Abend brachte ich den Müll raus."),
    R("fix.got_remedy", "outcome", "fixed",
      r"\b(?:erhielt|erhielten|bekam|bekamen|erhalten|bekommen)\b[^.;]{0,50}?\b(?:gutschrift\w*|gutschein\w*|"
      r"erstattung|entschädigung|ersatz\w*|geld\s+zurück|austausch\w*|neue[nms]?\s+(?:gerät|karte|router|handy|"
      r"telefon|modem|teile?|netzteil|ware|koffer|zähler|pass|schlüssel|lizenz\w*))\b|"
      r"\bmit\s+(?:einem|einer)\s+neuen\s+\w+\s+zurück\b|\brepariert\s+zurück\b", 2,
      "Ich bekam eine Gutschrift über zwanzig Euro.", "Ich bekam eine Rechnung über zwanzig Euro."),
    R("fix.money_back", "outcome", "fixed",
      r"\b(?:geld|betrag)\s+(?:ist|war|kam)\s+(?:\w+\s+){0,3}?(?:zurück|da|auf\s+\w+\s+konto)\b|"
      r"\b(?:ist|war|kam)\s+(?:das|mein|meine|der|die|unser|unsere)\s+(?:geld|betrag|ersatz\w*|nachlieferung|lieferung|"
      r"paket|sendung|ware)\s+(?:\w+\s+){0,2}?(?:zurück|da)\b|"
      r"\bwieder\s+auf\s+(?:meinem|unserem|dem)\s+\w*konto\b|"
      r"\b(?:ersatz\w*|nachlieferung|lieferung|paket|sendung|ware)\s+(?:war|ist|kam)\s+(?:\w+\s+){0,2}?da\b", 2,
      "Eine Woche später war das Geld zurück auf dem Konto.", "Das Geld ist knapp in diesem Monat."),
    R("fix.good_end", "outcome", "fixed",
      r"\bgut\s+ausgegangen\b|\bhappy\s*end\b|\bende\s+gut\b|\bproblem\s+(?:ist\s+|war\s+)?(?:gelöst|behoben|"
      r"erledigt|vom\s+tisch)\b|\bgeschaltet\b|\bschaltete\b", 2,
      "Zum Glück ist alles gut ausgegangen.", "Es ist alles anders gekommen als gedacht."),
    R("sat.fast_help", "outcome", "satisfied",
      r"\b(?:schnell|sofort|umgehend|unkompliziert|problemlos|prompt)\s+(?:\w+\s+)?(?:reagiert|geholfen|erledigt|"
      r"gekümmert|gelöst)\b|\bhat\s+(?:mir\s+)?(?:sofort\s+|schnell\s+)?geholfen\b|\bpositiv\s+überrascht\b|"
      r"\bhut\s+ab\b|\b(?:ein|großes)\s+lob\b", 1,
      "Der Händler hat extrem schnell reagiert.", "Der Händler hat gar nicht reagiert."),
    R("sat.thanks", "outcome", "satisfied",
      r"\b(?:zufrieden|dankbar|erleichtert|bedanke|kulant\w*|unbürokratisch\w*|vorbildlich\w*|ende\s+gut)\b", 1,
      "Am Ende war ich mit der Lösung sehr zufrieden.", "Am Ende war ich nur noch genervt."),
    R("open.not_working", "outcome", "unresolved",
      r"\b(?:funktioniert|funktionierte|läuft|lief|klappt|klappte)\b(?:\s+\w+){0,3}?\s+(?:immer\s+noch\s+)?"
      r"(?:nicht|nichts)\b|\b(?:nichts)\s+(?:funktioniert|geht|läuft|passiert)|"
      r"\b(?:geht|ging)\s+(?:\w+\s+){0,3}?(?:nicht|nichts)(?:\s+mehr)?\s*(?=[.,;:!?)]|$)", 2,
      ("Das Telefon funktioniert immer noch nicht.", "Seit Montag geht das Internet nicht mehr."),
      ("Das Telefon funktioniert tadellos.", "Es ging ihm nicht um Geld.")),
    R("open.no_answer", "outcome", "unresolved",
      r"\bkeine[nr]?\s+(?:\w+\s+)?(?:lösung|antwort|reaktion|rückmeldung|hilfe|besserung|entschädigung|erstattung|"
      r"rückruf|abhilfe|anruf|rückschreiben|aufklärung|entschuldigung|internet|strom|netz|verbindung|empfang)\b", 2,
      "Bis heute habe ich keine Antwort bekommen.", "Die Antwort kam noch am selben Tag."),
    R("open.waiting", "outcome", "unresolved",
      r"\bwarte[nt]?\b\s+(?:\w+\s+){0,3}?(?:immer\s+noch|noch\s+immer|weiter|weiterhin|bis\s+heute|seit)\b|"
      r"\b(?:immer\s+noch|noch\s+immer|bis\s+heute|bis\s+jetzt|bislang|bisher|nach\s+wie\s+vor|weiterhin)\b"
      r"[^.;]{0,40}?\b(?:kein\w*|nicht|"
      r"nichts|kaputt|defekt|gestört|offline|ausgefallen)\b", 2,
      "Ich warte immer noch auf mein Geld.", "Ich wartete kurz, dann ging es weiter."),
    R("open.waiting_for", "outcome", "unresolved",
      r"\bwarte[nt]?\s+(?:\w+\s+){0,3}?auf\s+(?:die|eine|ihre|eure|meine|mein|das|den|einen)?\s*(?:antwort|"
      r"rückmeldung|reaktion|lösung|geld|erstattung|rückruf|entscheidung|lieferung|techniker|termin)\w*", 2,
      "Seit Montag warte ich auf eine Rückmeldung der Firma.", "Nun freue ich mich einfach auf die Ferien."),
    R("open.did_not_come", "outcome", "unresolved",
      r"\b(?:antwort|rückmeldung|reaktion|rückruf|geld|lösung|erstattung|lieferung|techniker)\s+(?:kam|kommt)\s+"
      r"(?:\w+\s+){0,3}?(?:nicht|nie)\b", 2,
      "Eine Rückmeldung kam bis heute nicht.", "Eine Rückmeldung kam schon am Dienstag."),
    R("open.silence", "outcome", "unresolved",
      r"\b(?:meldet|meldete|meldeten|rührt|rührte)\s+sich\s+(?:\w+\s+){0,2}?(?:niemand|keiner|nicht|nie)\b|"
      r"\b(?:antwortet|antwortete|antworteten|reagiert|reagierte|reagierten)\s+(?:\w+\s+){0,3}?(?:nie|nicht|niemand|"
      r"keiner|gar\s+nicht|überhaupt\s+nicht)\b|\b(?:niemand|keiner)\s+(?:\w+\s+)?(?:meldet|meldete|antwortet|antwortete|reagiert|"
      r"reagierte|ruft|rief)\b", 2,
      "Auf meinen Brief reagierte die Firma überhaupt nicht.", "Auf meinen Brief reagierte die Firma sofort."),
    R("open.down", "outcome", "unresolved",
      r"\bnicht\s+(?:mehr\s+)?(?:erreichbar|verfügbar|nutzbar)\b|\b(?:offline|ausgefallen|lahmgelegt)\b", 1,
      "Die Seite ist seit Freitag nicht erreichbar.", "Die Seite ist seit Freitag wieder erreichbar."),
    R("open.problem_state", "outcome", "unresolved",
      r"\b(?:ist|sind|war|waren|bleibt|blieb)\s+(?:\w+\s+){0,3}?(?:kaputt|defekt|gestört|unbrauchbar|verschwunden|"
      r"weg|gesperrt|falsch)\b", 0.5,
      "Der Router ist seit Montag wieder kaputt.", "Der Router ist seit Montag wieder heil."),
    R("open.insists", "outcome", "unresolved",
      r"\b(?:beharrt\w*|besteht\s+auf|bestand\s+auf|weigert\w*|weigerte\w*|hält\s+(?:\w+\s+)?fest)\b", 2,
      "Die Firma beharrt auf ihrer Forderung.", "Die Firma hat die Forderung fallen lassen."),
    R("open.no_effect", "outcome", "unresolved",
      r"\b(?:wirkt|wirkte|wirkten|half|halfen|hilft|nützt|nützte|brachte|bringt)\s+(?:\w+\s+){0,2}?"
      r"(?:nichts|nicht)\b", 1,
      "Das neue Kabel half leider auch nichts.", "Das neue Kabel half sofort."),
    R("open.futile", "outcome", "unresolved",
      r"\b(?:ungelöst|ergebnislos\w*|vergeblich\w*|erfolglos\w*|abgewimmelt|vertröstet|hingehalten|"
      r"im\s+stich\s+gelassen|ignoriert)\b", 1,
      "Alle meine Versuche blieben erfolglos.", "Mein zweiter Versuch war ein Erfolg."),
    R("open.refused", "outcome", "unresolved",
      r"\b(?:abgelehnt|lehn(?:t|te|ten|en)\s+(?:\w+\s+){0,4}?ab|verweigert\w*|nicht\s+zuständig)\b", 1,
      "Der Antrag wurde ohne Begründung abgelehnt.", "Der Antrag wurde ohne Rückfrage bewilligt."),
    R("open.gave_up", "outcome", "unresolved",
      r"\b(?:gekündigt|kündige|wechsle|wechseln\s+werde|nie\s+wieder|anwalt|verbraucherzentrale|"
      r"schlichtungsstelle)\b", 1,
      "Ich habe den Vertrag inzwischen gekündigt.", "Ich habe den Vertrag verlängert."),
    R("open.plan.leave", "outcome", "unresolved",
      r"\b(?:überlege|überlegen|erwäge|erwägen|denke)\b[^.;]{0,60}?\b(?:kündigen|kündigung|wechseln|wechsel|anderen\s+"
      r"(?:bank|anbieter|versicherung)|klagen|anwalt)\w*|\bdas\s+überlege\s+ich\b", 1,
      "Ich überlege ernsthaft, den Vertrag zu kündigen.", "Ich überlege, was ich morgen koche."),
    R("partial.part", "outcome", "partial",
      r"\b(?:teilweise|zum\s+teil|nur\s+einen\s+teil|teilerstattung|teilerfolg|halbe[rn]?\s+(?:erfolg|sieg))\b", 1,
      "Die Kosten wurden nur teilweise erstattet.", "Die Kosten wurden vollständig erstattet."),
    R("partial.at_least", "outcome", "partial",
      r"\b(?:immerhin|zumindest|wenigstens)\s+(?:\w+\s+)?ein\s+teil\b|\bein\s+teil(?=\s+(?:\w+\s+){0,3}?(?:zurück|"
      r"erstattet|ersetzt|repariert|geliefert)\b)", 1,
      "Immerhin ein Teil der Kosten kam zurück.", "Immerhin kam der Techniker pünktlich."),
    R("partial.rest_open", "outcome", "partial",
      r"\b(?:steht\s+noch\s+aus|fehlt\s+(?:immer\s+)?noch|noch\s+offen|bis\s+auf|hingegen)\b|\bdagegen\s*:", 1,
      "Die Gutschrift steht noch aus.", "Die Gutschrift kam noch am selben Tag."),
], group=SENTENCE_GATES)

#: The author does not know or withholds the end (the case is ``unclear`` at the end of the text).
UNKNOWN_END = Table("unknown_end", [
    R("end.to_be_continued", "outcome", "unclear",
      r"\bfortsetzung\s+folgt\b|\bteil\s+(?:\d+|zwei|drei|ii|iii)\s+(?:folgt|kommt)\b|"
      r"\bwird\s+sich\s+(?:noch\s+)?zeigen\b|\bbleibt\s+abzuwarten\b|\bmal\s+sehen\b", 2,
      "Wie es ausgeht, wird sich zeigen.", "Es zeigte sich, dass der Router defekt war."),
    R("end.dont_know", "outcome", "unclear",
      r"\b(?:weiß|wissen)\s+(?:ich|wir)\s+(?:es\s+|das\s+)?(?:\w+\s+)?(?:noch\s+)?nicht\b|"
      r"\b(?:ich|wir)\s+(?:weiß|wissen)\s+(?:es|das)\s+(?:\w+\s+)?(?:noch\s+)?nicht\b|^\W*keine\s+ahnung\b", 2,
      "Ob das Geld kommt, weiß ich noch nicht.", "Ich weiß jetzt, wie man einen Router einrichtet."),
], group=SENTENCE_GATES)

# -- durations that are NOT the span of the problem (field "duration", value = reason) -----------------------
#: matched on the clause around a duration phrase
NOT_DURATION = Table("not_duration", [
    R("dur.tenure", "duration", "tenure",
      r"\b(?:kunde|kundin|kunden|mitglied\w*|treue[nr]?|vertragspartner|abonnent\w*|nutzer\w*|"
      r"wohne|wohnen|lebe|leben|arbeite|besitze|habe\s+ich\s+(?:den|das|die|einen|ein|eine))\b", 1,
      "Seit elf Jahren bin ich treuer Kunde dort.", "Seit zwei Wochen warte ich auf eine Antwort."),
    R("dur.age", "duration", "age", r"\b(?:alt|alte[nrs]?|jahre\s+jung|im\s+alter)\b", 1,
      "Das Gerät ist erst drei Jahre alt.", "Das Gerät ist seit drei Wochen kaputt."),
    R("dur.deadline", "duration", "deadline",
      r"\b(?:innerhalb|binnen|spätestens|frühestens|zeitnah|frist\w*|garantie\w*|laufzeit\w*|kündigungsfrist\w*)\b", 1,
      "Man versprach eine Antwort innerhalb von drei Tagen.", "Nach drei Tagen kam die Antwort."),
    R("dur.call", "duration", "call",
      r"\b(?:warteschleife\w*|telefonat\w*|gespräch\w*|am\s+telefon|in\s+der\s+leitung|minuten)\b", 1,
      "Ich hing vierzig Minuten in der Warteschleife.", "Vier Wochen lang hatten wir kein Internet."),
    R("dur.delay", "duration", "delay", r"\b(?:zu\s+spät|verspätung\w*|verspätet\w*)\b", 1,
      "Der Zug war eine halbe Stunde zu spät.", "Eine halbe Stunde später war der Zug da."),
    R("dur.rate", "duration", "rate",
      r"\b(?:am\s+tag|pro\s+(?:tag|woche|monat|jahr)|alle\s+\w+\s+(?:tage|wochen)|im\s+monat|"
      r"jede[ns]?\s+(?:jahr|woche|monat|tag|sommer|winter))\b",
      1, "Das Gerät lief zwanzig Stunden am Tag.", "Das Gerät lief zwanzig Stunden nicht."),
    R("dur.promise", "duration", "promise",
      r"\b(?:dauern\s+(?:werde|würde|wird|soll|könne|kann)|wird\s+(?:\w+\s+)?dauern|soll\w*|versprach\w*|"
      r"versprochen|angekündigt|voraussichtlich)\b", 1,
      "Die Reparatur soll etwa zwei Wochen dauern.", "Die Reparatur dauerte zwei Wochen."),
])

#: Words that look like a company name to the patterns but are not one (field "company").
NOT_COMPANY = Table("not_company", [
    R("co.tech_acronym", "company", "not_company",
      r"^(?:v?dsl|adsl|lte|5g|4g|3g|umts|isdn|wlan|lan|sms|mms|pin|puk|tan|iban|bic|pdf|usb|tv|ip|ftp|http|https|"
      r"www|url|sim|esim|gps|nfc|it|pc|ceo|faq|agb|agbs|kfz|ice|ic|s-bahn|u-bahn)$", 1,
      "VDSL", "Vodafone"),
    R("co.channel_word", "company", "not_company",
      r"^(?:e-?mail|mail|email|telefon|hotline|chat|fax|brief|internet|online|blog|forum|twitter|facebook|"
      r"instagram|youtube|whatsapp|x|google|kundenservice|service|support)$", 1, "E-Mail", "Strato"),
    R("co.common_noun", "company", "not_company",
      r"^[a-zäöüß]*[A-ZÄÖÜa-zäöüß]\w*(?:ung|heit|keit|schaft|ion|tät|ismus|nis|versorgung|leitung|anschluss|"
      r"rechnung|vertrag|kunde|kunden|service|dienst)$", 1, "Stromversorgung", "Lufthansa"),
])
