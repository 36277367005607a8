"""Outcome (resolved / partially_resolved / unresolved / unclear) and the channel that resolved the case.

Every case sentence (not generic, not hypothetical) is scanned for cues:

* **fixed** (strength 2): a fix or remedy happened – ``gelöst``, ``behoben``, ``repariert``, ``erstattet``,
  ``gutgeschrieben``, ``freigeschaltet``, ``ausgetauscht``, ``korrigiert``, ``funktioniert wieder/einwandfrei``,
  ``läuft wieder/stabil``, ``habe wieder Internet``, ``das Geld war … da``, ``stand … vor der Tür, mit meinem
  Koffer``, ``die fehlenden Teile kamen``, ``erhielt … neu/Ersatz/Gutschrift``, ``… traf … ein``, ``kam … an``;
  not a promise (``werde/würde/solle`` in the clause); ``ohne Diskussion``, ``nicht lange``, ``keine zwei
  Tage`` do not negate it;
* **satisfied** (strength 1): ``zufrieden``, ``dankbar``, ``Dank``, ``Dankeschön``, ``erleichtert``, ``Ende
  gut``, ``Kriegsbeil begraben``, ``kulant``, ``unbürokratisch``; not a request (``für jeden Tipp dankbar``,
  ``wäre dankbar``), a bare ``Danke.``, sarcasm (``Danke auch`` counts as unresolved), ``sich zufriedengeben``;
* **unresolved** (strength 2): a fix cue negated in its clause (``nicht gelöst``, ``konnte nicht geklärt
  werden``), ``funktioniert (immer noch) nicht``, ``nichts funktioniert``, ``keine Lösung/Hilfe/Antwort/
  Reaktion/Erklärung/Termin``, ``ungelöst``, ``ergebnislos``, ``vergeblich``, ``warte (immer noch) auf``,
  ``warte noch``, silence (``antwortet niemand mehr``, ``niemand meldet sich``, ``antwortete nie``); strength 1: ``immer
  noch``/``bis heute``/``nach wie vor`` with a negation, ``nicht erreichbar/lieferbar``, a refusal, switching
  or cancelling (``wechsle``, ``gekündigt``, ``nie wieder``), lawyers and arbitration;
* **partial** (strength 1): ``teilweise``, ``zum Teil``, ``nur einen Teil``, ``Teilerstattung``, the open part
  set against the fixed one (``X dagegen:``, ``X hingegen``, ``bis auf``, ``steht noch aus``, ``fehlt noch``,
  ``noch offen``); ``immerhin``/``zumindest``/``wenigstens`` only in a sentence with a fix or an open problem
  (or as a short remark right after one).

* **ongoing** (unresolved, strength 2): the open state told as the present ("Seitdem: nichts.", "Danach:
  Stille.", "geht das jetzt so", "Heute ist Tag 12", "Liefertermin unbekannt", "Antwort: keine.", "Das Problem
  besteht", "Ich überlege, zu kündigen/zurückzutreten");
* **remaining** (strength 1): what stays lost or refused ("habe ich nicht wieder", "ist weg", "leider nicht
  möglich"): partial after a fix, a weak unresolved cue before one; ``Teilerfolg`` is a partial cue (2).

Not fixes: a quoted status or claim (``"zugestellt"``, the problem sei "inzwischen behoben"), a modal or
promised fix (``muss … repariert werden``, ``wird geliefert``, ``in Aussicht gestellt``), a fix in an indirect
question ("ob ich eine neue bekomme"), a fix referred back to in the pluperfect ("X hatte es da schon gelöst"),
a remedy refused in its clause ("Gutschrift … leider nicht möglich"); ``hoffentlich … Happy End`` is no
satisfaction.

**Unknown ending**: in the second half of the post (questions included), "Ich weiß es nicht.", "Was danach
passiert ist, weiß ich nicht", "Ob …, weiß ich erst, wenn …", "erzähle ich ein anderes Mal", "Fortsetzung
folgt", "Teil 3 folgt", "wird sich zeigen", "Und dann?" make a resolved case ``unclear`` when they come at or
after the last fix, and an unresolved one when they come at or after the last open-problem cue (the last
narrated state decides); a partial outcome stays. The duration of such a case uses only whole-case and
``seit`` spans.

Cues later in the post weigh more (weight ``1 + 2·position``; the end of a story tells how it ended). The
outcome is ``partially_resolved`` when there are partial cues and a fix up to the first partial sentence that
earlier cues do not outweigh (the unresolved cues from there on describe the open part), or when there are
partial cues and resolved cues outweigh unresolved ones (the unresolved cues before the last fix are its
history and do not count against it),
``resolved``/``unresolved`` by the sign of the weighted balance, ``unclear`` when the post has no cue or the
balance is zero. A return or refund *offer* (``bot … an``, ``angeboten``) is not a resolution.

Round 3 (structural): the narrator lacking the knowledge of the end state ("weiß ich … nicht", "wissen wir
nicht", "Keine Ahnung.", "keine Erinnerung mehr"; not "immer noch keine Ahnung, wo …") is an unknown ending;
blog meta lines ("Tags:", "Kategorie:") give no cue; a quotation left open runs to the end of its sentence; a
fix after ``wenn/falls/sofern`` in its clause is not a fix; the open part of a partial resolution is looked
for at or after the first fix (a title's summary does not anchor it).

**Resolution channel**: for ``resolved``/``partially_resolved``, the *resolving sentence* is the last
sentence with a ``fixed`` cue (else the last ``satisfied`` one); its channel is the channel mentioned in that
sentence nearest to the cue, else the channel of the nearest earlier case sentence that names one (the step
that led to the fix, e.g. a technician's visit before "Die Einrichtung funktionierte einwandfrei"). A run of
remedy sentences at most two apart with no strong open-problem cue between is one step: the first of the run
is the resolving sentence ("… am Schalter freigeschaltet. … sogar die Gebühren gutgeschrieben."). Public
channels (blog, social media, press; a forum only in the same sentence) are skipped when a contact channel is
available, and so are mentions that only date
the fix ("Drei Tage nach meiner ersten Mail war die Sache erledigt") or stand in a negated or hypothetical
clause ("wofür die Hotline nicht einmal eine Idee hatte", "Hermes würde abholen"). ``none`` otherwise.

**Time of writing** (:func:`writing_state`, used by the post-as-public-step rule in ``core``): sentences that
look back on a closed case (``mit einigen Monaten Abstand``, ``rückblickend``, ``nicht mehr bei X``, switched to
another provider, ``ich lasse es``) versus present-tense signs that it is open (``Stand heute``, ``immer noch``,
``warte noch``, ``Vielleicht liest ja jemand bei X mit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..parse import META_LINE  # a blog's meta line ("Tags: …") tells no event
from ..vocab import PUBLIC_CHANNELS
from .channels import ChannelMention
from .context import is_case_sentence
from .doc import Doc, Sentence

_FIX = re.compile(
    r"\b(?:gelöst|behoben|beseitigt|repariert|erledigt|geklärt|aufgeklärt|ausgetauscht|ersetzt|erstattet|"
    r"zurückerstattet|rückerstattet|zurücküberwiesen|gutgeschrieben|storniert|freigeschaltet|entsperrt|"
    r"eingerichtet|nachgeliefert|zugestellt|angekommen|eingetroffen|geliefert|umgetauscht|gutschrift|"
    r"rückerstattung|erstattung|ersatzgerät|austauschgerät|wiederhergestellt|reaktiviert|korrigiert|"
    r"berichtigt|zurückgenommen|überwiesen|ausgezahlt|zurückgezahlt|zurückbezahlt|getauscht)\b"
    # the thing works again / the fix reported without an adverb: "dann lief das Internet", "Hat funktioniert."
    r"|\b(?:dann|da|danach|seitdem|seither|endlich)\s+(?:lief|läuft|funktionierte|funktioniert|ging|geht|klappte|klappt)"
    r"\b(?!\s+(?:\w+\s+){0,3}?(?:nicht|nichts|kein\w*)\b)"
    r"|^\W*(?:es\s+)?(?:hat|hats|hat\'s)\s+(?:\w+\s+)?(?:funktioniert|geklappt)\W*$"
    r"|\bwieder\s+(?:online|erreichbar|verfügbar|nutzbar|freigeschaltet)\b"
    # the problem is gone: "Seitdem kein einziger Absturz mehr"
    r"|^\W*(?:seitdem|seither)\s+(?:kein|keine|keinen)\s+(?:\w+\s+){0,2}?mehr\b"
    r"|\b(?:geld|betrag|kaufpreis|ersatz\w*|gutschrift|erstattung|rückzahlung|nachlieferung)\s+(?:ist|war|kam|sind|waren|kamen)\s+(?:\w+\s+){0,4}?(?:da|an|auf\s+(?:dem|meinem|unserem)\s+"
    r"(?:\w+)?konto|zurück)\b"
    r"|\b(?:ist|war|kam|sind|waren|kamen)\s+(?:\w+\s+){0,3}?(?:das|die|der|mein|meine|unser|unsere)\s+(?:geld|betrag|"
    r"kaufpreis|ersatz\w*|gutschrift|erstattung|rückzahlung|nachlieferung)\s+(?:\w+\s+){0,2}?(?:da|an|zurück|"
    r"auf\s+(?:dem|meinem|unserem)\s+(?:\w+)?konto)\b"
    r"|\b(?:funktioniert|funktionierte|funktionieren|funktionierten|läuft|lief|laufen|liefen|klappt|klappte|geht|ging)"
    r"\b(?:\s+\w+){0,3}?\s+(?:wieder|einwandfrei|problemlos|tadellos|reibungslos|perfekt|endlich|stabil|"
    r"störungsfrei|fehlerfrei)\b"
    # state change: "ich habe wieder (stabiles) Internet", "wieder Strom"
    r"|\b(?:habe|haben|hab|hatte|hatten)\s+(?:\w+\s+){0,3}?wieder\s+(?:\w+e[snm]?\s+)?(?:internet|strom|netz|"
    r"empfang|zugriff|zugang|wasser|warmwasser|heizung|telefon|festnetz|verbindung|geld|netzempfang)\b"
    # the lost or missing thing arrives: "stand … vor der Tür, mit meinem Koffer", "die fehlenden Teile kamen"
    r"|\bvor\s+der\s+(?:haus|wohnungs)?tür\b[^.;]*?\bmit\s+(?:meinem|meiner|meinen|unserem|unserer|unseren)\s+\w+"
    r"|\bmit\s+(?:meinem|meiner|meinen|unserem|unserer|unseren)\s+\w+\s+(?:\w+\s+){0,2}?vor\s+der\s+(?:haus|wohnungs)?tür\b"
    r"|\b(?:die|der|das)\s+fehlende[n]?\s+\w+\s+(?:\w+\s+)?(?:kam|kamen|kommt|kommen|wurde|wurden|ist|sind)\b"
    r"|\b(?:wieder\s+)?aufgetaucht\b|\bwiedergefunden\b|\bist\s+wieder\s+da\b"
    r"|\b(?:alles|inhalt)\s+(?:\w+\s+)?(?:komplett|vollständig)\b"
    r"|\b(?:erhielt|erhielten|bekam|bekamen|erhalten|bekommen)\b[^.;]*?\b(?:neue[nmrs]?|ersatz\w*|gutschrift\w*|"
    r"gutschein\w*|erstattung|entschädigung|geld\s+zurück|lösung|kostenlos\w*|austausch\w*|"
    r"(?:product\s+|lizenz)?key|lizenz\w*|freischaltung|zugang\w*)\b"
    r"|\b(?:neue[nmrs]?|ersatz\w*|gutschrift\w*|gutschein\w*|erstattung|entschädigung|lösung|austausch\w*|"
    r"(?:product\s+|lizenz)?key|lizenz\w*|freischaltung|zugangsdaten)\b[^.;,]*?\b(?:erhielt|erhielten|bekam|bekamen|"
    r"erhalten|bekommen)\b"
    r"|\btrafe?n?\b[^.;,]*?\bein\b|\b(?:kam|kamen)\b[^.;,:]*?\ban\b(?<!darauf an)(?!\s+(?:die|den|das|der|dem|eine[nm]?|mich|uns)\b)",
    re.I,
)
_SATISFIED = re.compile(
    r"(?-i:\bDank\b)|\b(?:zufrieden(?!geg|geb|gab)\w*|dankbar|dankeschön|danke|bedanke|bedanken|erleichtert|ende gut|happy end|"
    r"kriegsbeil|friedenspfeife|kulant\w*|kulanz\w*|unbürokratisch\w*|vorbildlich\w*|hervorragend\w*|"
    r"positiv\w*|gelungen)\b",
    re.I,
)
_UNRESOLVED = re.compile(
    r"\b(?:funktioniert|funktionierte|funktionieren|geht|ging|läuft|lief|klappt|klappte)\b(?:\s+\w+){0,3}?\s+"
    r"(?:nicht|nichts)\b"
    r"|\b(?:nichts|kaum\s+etwas)\s+(?:funktioniert|geht|läuft|klappt|passiert)"
    r"|\bkeine[n]?\s+(?:lösung|antwort|reaktion|rückmeldung|hilfe|besserung|entschädigung|erstattung|"
    r"rückruf|abhilfe|information|auskunft|termin|erklärung)\b"
    # silence: "antwortet niemand mehr", "niemand meldet sich", "es meldet sich keiner"
    r"|\b(?:antwortet|antworten|antwortete|meldet|meldete|reagiert|reagierte|rührt|rührte)\b(?:\s+sich)?"
    r"(?:\s+\w+){0,4}?\s+(?:niemand|keiner|keine\s+seele)\b"
    r"|\b(?:niemand|keiner)\s+(?:\w+\s+){0,2}?(?:antwortet|antwortete|meldet|meldete|reagiert|reagierte|ruft|rief)\b"
    r"|\b(?:antwortet|antwortete|antworteten|reagiert|reagierte|reagierten|meldet\s+sich|meldete\s+sich|"
    r"meldeten\s+sich)(?:\s+\w+){0,2}?\s+(?:nie|niemals|nicht\s+mehr|gar\s+nicht|überhaupt\s+nicht)\b"
    r"|\bwarte[nt]?\s+(?:\w+\s+){0,2}?(?:immer\s+)?noch\b"
    r"|\b(?:ungelöst|ergebnislos\w*|vergeblich\w*|erfolglos\w*|ignoriert|abgewimmelt|vertröstet|hingehalten|"
    r"im\s+stich\s+gelassen|abgeschnitten|ausgesperrt)\b"
    r"|\bwarte[nt]?\b(?:\s+\w+){0,3}?\s+(?:auf|seit)\b"
    r"|\b(?:lösung|antwort|reaktion|hilfe|rückmeldung)\s+(?:gibt|gab)\s+es\s+(?:\w+\s+){0,2}?(?:nicht|keine)\b",
    re.I,
)
#: the case is still open, told as the present state (strength 2): "Seitdem: nichts.", "Danach: Stille.", "Seit
#: drei Wochen geht das jetzt so", "Heute ist Tag 12", "Liefertermin unbekannt", "Ich überlege, zu kündigen",
#: "Antwort: keine."
_ONGOING = re.compile(
    r"^\W*(?:seitdem|seither|danach|dann|bis\s+heute|bislang|seit\s+\w+(?:\s+\w+)?)\s*[:–—-]?\s*(?:gar\s+)?(?:nichts|nix|"
    r"stille|funkstille|schweigen|totenstille|ruhe|keine\s+reaktion|kein\s+wort)\b"
    r"|\b(?:geht|läuft)\s+das\s+(?:\w+\s+)?(?:jetzt|nun|schon|so)\s+(?:\w+\s+)?so\b|\bgeht\s+das\s+jetzt\s+so\b"
    r"|\bheute\s+ist\s+tag\s+(?:\d+|\w+)\b"
    r"|\b(?:liefertermin|termin|ende|lösung|ausgang|rückmeldung)\s*[:,]?\s*(?:weiterhin\s+|noch\s+|bis\s+heute\s+)?"
    r"(?:unbekannt|offen|ungewiss|nicht\s+in\s+sicht)\b"
    r"|\b(?:überlege|überlegen|erwäge|erwägen|denke|denken)\b[^.;]*?\b(?:zurückzutreten|rücktritt|zu\s+kündigen|kündigung|"
    r"zu\s+wechseln|wechsel|zu\s+klagen|klage)\b"
    r"|\b(?:problem|fehler|störung|mangel|schaden)\s+(?:besteht|bestehen|bleibt|bleiben)\b(?!\s+(?:\w+\s+)?nicht)"
    r"|\b(?:antwort|reaktion|rückmeldung|rückruf)(?:\s+(?:auf|von)(?:\s+\w+){1,2})?\s*:\s*(?:bisher\s+|bis\s+heute\s+)?(?:keine|keiner|nichts|nix)\b",
    re.I,
)
#: the narrator does not know how it ended or withholds it ("Ob …? Ich weiß es nicht.", "Was danach passiert ist,
#: weiß ich nicht", "erzähle ich ein anderes Mal", "Fortsetzung folgt", "wird sich zeigen", "Und dann? …")
_UNKNOWN_END = re.compile(
    r"^\W*(?:ich\s+)?(?:weiß|wüsste)\s+(?:ich\s+)?(?:es\s+)?(?:leider\s+)?nicht(?:\s+mehr)?(?:\s+genau)?\W*$"
    r"|\b(?:ehrlich|offen)\s+gesagt\s+weiß\s+ich\s+(?:es\s+|das\s+)?(?:\w+\s+)?nicht\b"
    r"|\b(?:ob|was|wie)\b[^.;?]*?,\s*(?:das\s+)?weiß\s+ich\s+(?:es\s+|das\s+)?(?:\w+\s+)?(?:nicht|erst)\b"
    r"|\bweiß\s+ich\s+erst\s*,?\s+wenn\b"
    r"|\berzähle?\s+ich\s+(?:\w+\s+){0,2}?(?:ein\s+anderes\s+mal|ein\s+andermal|später|demnächst|"
    r"im\s+nächsten\s+(?:beitrag|post|teil|artikel))\b"
    r"|\bfortsetzung\s+folgt\b|\bteil\s+(?:\d+|zwei|drei|vier|ii|iii)\s+(?:folgt|kommt)\b"
    r"|\b(?:wird|muss)\s+sich\s+(?:noch\s+)?zeigen\b|\bbleibt\s+abzuwarten\b"
    r"|^\W*und\s+dann\s*\?"
    # the narrator states they lack the knowledge of the end state: "weiß ich ehrlich gesagt nicht", "wissen wir
    # nicht", "Keine Ahnung.", "Wissen tu ich's nicht.", "keine Erinnerung mehr daran"
    r"|\b(?:weiß|wüsste)\s+ich\s+(?:es\s+|das\s+)?(?:\w+\s+){0,3}?nicht\b(?!\s+mehr\s+weiter)"
    r"|\b(?:wissen|wüssten)\s+wir\s+(?:es\s+|das\s+)?(?:\w+\s+){0,2}?nicht\b"
    r"|^\W*wissen\s+(?:tu|tue|tun)\s+(?:ich|wir)\w*(?:'s)?\s+(?:es\s+|das\s+)?nicht\b"
    r"|^\W*keine\s+ahnung\b|\b(?:(?:habe|hab|haben)\s+(?:ich|wir)|(?:ich|wir)\s+(?:habe|hab|haben))\s+(?:(?!noch\b)\w+\s+){0,2}?"
    r"keine\s+(?:ahnung|erinnerung)\b(?!\s*,?\s*(?:wo|wann)\b)",
    re.I,
)
#: what stays lost or refused after a fix: "Aber meine Unterlagen habe ich nicht wieder.", "Die Urkunde ist weg",
#: "Eine Kulanzgutschrift ist … leider nicht möglich" – partial after a fix, a weak unresolved cue before one
_REMAINING = re.compile(
    r"\b(?:habe|hab|haben|bekam|bekamen|bekomme|bekommen|sehe|sah)\s+(?:ich|wir)\s+(?:\w+\s+)?nicht\s+"
    r"(?:wieder|zurück)(?:bekommen|gesehen)?\b|\bnicht\s+(?:wieder|zurück)(?:bekommen|gesehen)\b"
    r"|\b(?:ist|sind|bleibt|bleiben)\s+(?:und\s+bleib(?:t|en)\s+)?(?:für\s+immer\s+|endgültig\s+)?weg\b"
    r"|\b(?:leider\s+)?nicht\s+möglich\b",
    re.I,
)
#: a condition before the cue in its clause: "wenn sie ausgezahlt werden", "falls das Geld ankommt"
_CONDITION = re.compile(r"\b(?:wenn|falls|sofern|solange)\b", re.I)
#: a fix referred back to in the pluperfect ("… hatte es da schon gelöst")
_EARLIER_FIX = re.compile(r"\b(?:hatte|hatten)\b[^,;:]*?\b(?:schon|bereits|längst)\b", re.I)
#: an indirect question before the cue: "ich fragte, ob ich einen neuen bekomme"
_INDIRECT_Q = re.compile(r"^\W*ob\b|\bob\s+(?:ich|wir|man|er|sie|es|das|die|der)\b", re.I)
#: an explicit part success: "Also: Teilerfolg."
_PART_WIN = re.compile(r"\b(?:teilerfolg\w*|teilsieg\w*|halber\s+erfolg|halbe[rn]?\s+sieg)\b", re.I)
#: a quoted status or claim ("Zugestellt an Nachbarn", das Problem sei "inzwischen behoben") is not a narrated fix
_QUOTED = re.compile(r"„[^„“”\"]*[“”\"]|\"[^\"„“”]*\"|“[^“”\"]*”|»[^»«]*«|«[^«»]*»")
#: the problem is still there (strength 1): "nicht erreichbar", "offline", "ausgefallen"
_PROBLEM_STATE = re.compile(
    r"\bnicht\s+(?:mehr\s+)?(?:erreichbar|verfügbar|online|nutzbar|zu\s+erreichen|lieferbar)\b|\b(?:offline|ausgefallen|"
    r"lahmgelegt|gesperrt)\b|\b(?:ziehe|ziehen)\b[^.;]*\bum\b",
    re.I,
)
_UNRESOLVED_WEAK = re.compile(
    r"\b(?:wechsle|wechseln|wechsel|anbieterwechsel|kündige|kündigen|gekündigt|kündigung|nie\s+wieder|anwalt|anwältin|"
    r"anwälte|verbraucherzentrale|schlichtungsstelle|schlichtung|bundesnetzagentur|klage|verklagen|inkasso|"
    r"mahnverfahren|störung|ausfall|defekt|kaputt|abgelehnt|ablehnung|lehnt|lehnte|lehnten)\b",
    re.I,
)
_STILL = re.compile(r"\b(?:immer\s+noch|noch\s+immer|bis\s+heute|bis\s+jetzt|nach\s+wie\s+vor|weiterhin|bislang|"
                    r"bisher)\b", re.I)
_STILL_BAD = re.compile(r"\b(?:falsch|kaputt|defekt|offen|ungelöst|gesperrt|weg|verschwunden|tot|da)\b", re.I)
_PARTIAL = re.compile(
    r"\b(?:teilweise|zum\s+teil|nur\s+(?:einen|ein)\s+teil|teilerstattung|halbwegs|teilweise\s+gelöst|"
    r"nicht\s+vollständig|nicht\s+ganz)\b"
    # the other part is still open: "X dagegen: nicht lieferbar", "bis auf", "steht noch aus", "fehlt noch"
    r"|\b\w+\s+(?:dagegen|hingegen)\s*(?:[:,]|(?:\w+\s+)?(?:nicht|nichts|kein\w*)\b)|^\W*(?:dagegen|hingegen)\b|\bbis\s+auf\s+(?:die|den|das|der|eine[nm]?)\b|"
    r"\b(?:steht|stehen)\s+(?:\w+\s+)?noch\s+aus\b|\bnoch\s+offen\b|\b(?:fehlt|fehlen)\s+(?:\w+\s+)?noch\b",
    re.I,
)
#: consolation words are partial cues only next to a fix or an open problem ("Immerhin: 50 % erstattet")
_PARTIAL_WEAK = re.compile(r"\b(?:immerhin|zumindest|wenigstens)\b", re.I)
#: thanks that do not report satisfaction: a request ("für jeden Hinweis dankbar", "wäre dankbar"), sarcasm
#: a request for help ("für jeden Tipp dankbar"): thanks in advance, not for what happened
TIPS_REQUEST = re.compile(r"\bfür\s+(?:jeden|jede|jedes|alle|einen|eure|ihre)\s+(?:\w+\s+)?"
                          r"(?:hinweis|tipp|rat|ratschlag|hilfe|idee|erfahrung)\w*", re.I)
_THANKS_REQUEST = re.compile(rf"\bhoffentlich\b|{TIPS_REQUEST.pattern}|\b(?:wäre|wären|würde)\b", re.I)
SARCASM = re.compile(r"\b(?:danke|dank)\s+(?:auch|schön\s+auch|für\s+nichts)\b|\bna\s+danke\b|"
                      r"\bvielen\s+dank\s+auch\b", re.I)
_BARE_THANKS = re.compile(r"^\W*danke\W*$", re.I)
#: a fix promised in reported speech or future ("werde … nachgeliefert", "solle erstattet werden") is not a fix
_PROMISE = re.compile(r"\b(?:werde|würde|würden|solle|sollte|sollten|soll|könne|möge|muss|müsse|müsste|müssen|wird|"
                      r"in\s+aussicht|versprochen|zugesagt|hoffentlich)\b", re.I)
_NOT_A_NEGATION = re.compile(r"\w+\s+(?:lange|nur)\b|\w+\s+(?:\d+|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|"
                             r"zwanzig|dreißig|fünfzig|hundert)\b", re.I)
#: "ohne (weitere) Diskussion erstattet": ``ohne`` + noun does not negate the fix
_OHNE_NOUN = re.compile(r"\bohne\s+(?:(?:große[ns]?|weitere[ns]?|lange[ns]?|viel|jede[ns]?|irgendwelche)\s+)?"
                        r"[A-ZÄÖÜ]\w*")
_OFFER = re.compile(r"\b(?:bot|boten|angeboten|anbieten|bietet|bieten)\b", re.I)
_NEG = re.compile(r"\b(?:nicht|nie|niemals|kein|keine|keinen|keinem|keiner|nichts|ohne|weder)\b", re.I)
_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s|\b(?:aber|doch|jedoch|sondern|trotzdem|obwohl)\b", re.I)


@dataclass(frozen=True)
class Cue:
    sentence: int
    kind: str          # fixed | satisfied | unresolved | partial
    strength: float
    start: int         # absolute offsets of the cue
    end: int


@dataclass
class OutcomeResult:
    outcome: str
    resolution_channel: str
    evidence: Sentence | None          # the sentence behind the outcome
    resolution_sentence: Sentence | None
    resolution_mention: ChannelMention | None
    cues: list[Cue]
    unknown_end: bool = False          # the narrator says they do not know how it ended


def _clause_of(text: str, a: int, b: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, a)), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(text, b)), len(text))
    return left, right


def _negated(text: str, a: int, b: int) -> bool:
    """A negator in the same clause, before the cue or within the cue's own span (``ohne`` + a noun, as in
    "ohne Diskussion erstattet", does not negate the cue)."""
    left, _ = _clause_of(text, a, b)
    for m in _NEG.finditer(text, left, b):
        if _NOT_A_NEGATION.match(text, m.start()):
            continue  # "nicht lange gefackelt", "nicht nur", "keine zwei Tage später"
        if m.group(0).lower() == "ohne":
            o = _OHNE_NOUN.match(text, m.start())
            if o and o.end() <= a:
                continue
        return True
    return False


def sentence_cues(s: Sentence) -> list[Cue]:
    t = s.text
    cues: list[Cue] = []
    quoted = quoted_spans(t)
    refused = [(m.start(), m.end()) for m in _REMAINING.finditer(t) if "möglich" in m.group(0).lower()]
    for m in _FIX.finditer(t):
        left, right = _clause_of(t, m.start(), m.end())
        if _OFFER.search(t[left:m.end()]):
            continue  # an offer to take back or refund is not a resolution
        if any(a <= m.start() and m.end() <= b for a, b in quoted):
            continue  # a quoted status or claim ("Zugestellt an Nachbarn") is not a narrated fix
        if _INDIRECT_Q.search(t, left, m.start()):
            continue  # "ich fragte, ob ich eine neue bekomme": asked, not got
        if _CONDITION.search(t, left, m.start()):
            continue  # "Boni sind toll, wenn sie ausgezahlt werden": a condition, not a narrated fix
        if _EARLIER_FIX.search(t, left, right) and not _EARLIER_FIX.search(t, 0, left):
            continue  # "aber X hatte es da schon gelöst": the fix told before, not a new one
        if any(left <= a < right for a, _ in refused):
            continue  # "Eine Gutschrift ist leider nicht möglich": the refusal is coded below
        negated = _negated(t, m.start(), m.end())
        if not negated and _PROMISE.search(t, left, right):
            continue  # "der Koffer werde nachgeliefert": a promise, not yet a fix
        kind = "unresolved" if negated else "fixed"
        cues.append(Cue(s.index, kind, 2.0, s.start + m.start(), s.start + m.end()))
    for m in SARCASM.finditer(t):
        cues.append(Cue(s.index, "unresolved", 1.0, s.start + m.start(), s.start + m.end()))
    for m in _SATISFIED.finditer(t):
        left, right = _clause_of(t, m.start(), m.end())
        if SARCASM.search(t, max(0, m.start() - 6), min(len(t), m.end() + 20)) or _BARE_THANKS.match(t) \
                or _THANKS_REQUEST.search(t, left, right) or any(left <= a < right for a, _ in refused):
            continue  # "Danke auch.", a bare "Danke.", "für jeden Hinweis dankbar": not satisfaction
        if _negated(t, m.start(), m.end()):
            cues.append(Cue(s.index, "unresolved", 1.0, s.start + m.start(), s.start + m.end()))
        else:
            cues.append(Cue(s.index, "satisfied", 1.0, s.start + m.start(), s.start + m.end()))
    def plain(*table: tuple[re.Pattern, str, float]) -> None:  # cues that need no check of their clause
        for rx, kind, weight in table:
            cues.extend(Cue(s.index, kind, weight, s.start + m.start(), s.start + m.end()) for m in rx.finditer(t))

    plain((_UNRESOLVED, "unresolved", 2.0), (_PROBLEM_STATE, "unresolved", 1.0), (_UNRESOLVED_WEAK, "unresolved", 1.0))
    for m in _STILL.finditer(t):
        left, right = _clause_of(t, m.start(), m.end())
        if _NEG.search(t, left, right) or _STILL_BAD.search(t, left, right):
            cues.append(Cue(s.index, "unresolved", 1.0, s.start + m.start(), s.start + m.end()))
    plain((_ONGOING, "unresolved", 2.0), (_REMAINING, "remaining", 1.0), (_PART_WIN, "partial", 2.0),
          (_PARTIAL, "partial", 1.0), (_PARTIAL_WEAK, "partial_weak", 1.0))
    # one cue per span: a negated fix already counted as unresolved must not count twice
    uniq: dict[tuple[int, int], Cue] = {}
    for c in cues:
        key = (c.start, c.end)
        if key not in uniq or c.strength > uniq[key].strength:
            uniq[key] = c
    return sorted(uniq.values(), key=lambda c: c.start)


def decide(doc: Doc, mentions: list[ChannelMention]) -> OutcomeResult:
    cues: list[Cue] = []
    n = max(1, len(doc.sentences) - 1)
    for s in doc.sentences:
        if is_case_sentence(s) and not META_LINE.search(s.text):
            cues.extend(sentence_cues(s))
    # "immerhin"/"zumindest" is a partial cue only in a sentence with a fix or an open problem, or as a short
    # remark right after one ("Immerhin etwas."); "Aber immerhin: Bei X gibt es jemanden, der …" is not
    decisive = {c.sentence for c in cues if c.kind in ("fixed", "unresolved")}
    cues = [c if c.kind != "partial_weak" else Cue(c.sentence, "partial", c.strength, c.start, c.end)
            for c in cues if c.kind != "partial_weak" or c.sentence in decisive
            or (c.sentence - 1 in decisive and len(doc.sentences[c.sentence].tokens) <= 5)]
    # what stays lost or refused: the open part of a partial resolution after a fix, else a weak unresolved cue
    fix_sentences = [c.sentence for c in cues if c.kind == "fixed"]
    cues = [c if c.kind != "remaining" else
            Cue(c.sentence, "partial" if fix_sentences and min(fix_sentences) <= c.sentence else "unresolved",
                1.0, c.start, c.end) for c in cues]
    # the narrator does not know (or withholds) how it ended: scanned in every sentence of the second half of
    # the post, questions included ("Und dann? …")
    unknown = [s for s in doc.sentences if s.index >= 0.4 * n and _UNKNOWN_END.search(s.text)
               and not _quoted_only(s.text, _UNKNOWN_END)]
    if not cues:
        if unknown:
            return OutcomeResult("unclear", "none", unknown[-1], None, None, [], True)
        return OutcomeResult("unclear", "none", None, None, None, [])
    pos = lambda c: 1.0 + 2.0 * (c.sentence / n)  # noqa: E731
    good = sum(c.strength * pos(c) for c in cues if c.kind in ("fixed", "satisfied"))
    bad = sum(c.strength * pos(c) for c in cues if c.kind == "unresolved")
    part = sum(c.strength * pos(c) for c in cues if c.kind == "partial")
    has_fix = any(c.kind == "fixed" for c in cues)
    if part and has_fix and (_part_fixed_before_open(cues, pos) or good > bad):
        outcome = "partially_resolved"
    elif good > bad:
        outcome = "resolved"
    elif bad > good:
        outcome = "unresolved"
    else:
        outcome = "unclear"
    if unknown and outcome in ("resolved", "unresolved"):
        # the last narrated state decides: an unknown ending after the last fix (resolved) or after the last
        # open-problem cue (unresolved) leaves the case unclear
        u = unknown[-1].index
        if outcome == "resolved":
            last = max((c.sentence for c in cues if c.kind == "fixed"), default=-1)
        else:
            last = max((c.sentence for c in cues if c.kind == "unresolved"), default=-1)
        if u >= last:
            return OutcomeResult("unclear", "none", unknown[-1], None, None, cues, True)

    # evidence: the latest, strongest cue of the winning direction
    want = {"resolved": ("fixed", "satisfied"), "partially_resolved": ("partial", "fixed"),
            "unresolved": ("unresolved",), "unclear": ()}[outcome]
    pool = [c for c in cues if c.kind in want]
    ev = max(pool, key=lambda c: (c.strength * pos(c), c.start)) if pool else None
    evidence = doc.sentences[ev.sentence] if ev else None

    res_sentence, res_mention, channel = None, None, "none"
    if outcome in ("resolved", "partially_resolved"):
        fixes = [c for c in cues if c.kind == "fixed"] or [c for c in cues if c.kind == "satisfied"]
        anchor = fixes[-1]
        # a run of remedy sentences close together ("… die Karte freigeschaltet. … Sie hat mir sogar die Gebühren
        # gutgeschrieben.") was one step: the resolving sentence is the first of the run
        fix_s = sorted({c.sentence for c in fixes})
        bad_s = {c.sentence for c in cues if c.kind == "unresolved" and c.strength >= 2}
        i = fix_s.index(anchor.sentence)
        while i > 0 and anchor.sentence - fix_s[i - 1] <= 2 and not any(fix_s[i - 1] < b <= anchor.sentence
                                                                        for b in bad_s):
            i -= 1
            anchor = next(c for c in fixes if c.sentence == fix_s[i])
        # the last remedy sentence; within it, the first remedy cue
        first_in_sentence = min((c for c in fixes if c.sentence == anchor.sentence), key=lambda c: c.start)
        res_sentence = doc.sentences[anchor.sentence]
        usable = [m for m in mentions if _usable(doc, m)]
        res_mention = _resolving_mention(usable, first_in_sentence) or _resolving_mention(mentions, first_in_sentence)
        channel = res_mention.channel if res_mention else "none"
    return OutcomeResult(outcome, channel, evidence, res_sentence, res_mention, cues)


_TIME_ANCHOR = re.compile(r"\b(?:nach|seit|vor|ab|bis\s+zu)\s+(?:meiner|meinem|meinen|der|dem|den|unserer|unserem|"
                          r"unseren|ihrer|ihrem|seiner|seinem)\s+(?:\w+\s+){0,2}$", re.I)
_NOT_THE_STEP = re.compile(r"\b(?:nicht|nie|niemals|kein|keine|keinen|keiner|würde|würden|könnte|könnten|hätte|hätten|"
                           r"wäre|wären)\b", re.I)
_MENTION_CLAUSE = re.compile(r"[,;:()]|\s[-–—]\s|\b(?:aber|doch|jedoch|sondern|obwohl|wofür|während)\b", re.I)


def _usable(doc: Doc, m: ChannelMention) -> bool:
    """Can this mention be the resolving step? Not when it only dates another event ("Drei Tage nach meiner
    ersten Mail war die Sache erledigt"), nor in a clause that says the channel failed or is hypothetical
    ("wofür die Hotline … nicht einmal eine Idee hatte", "Hermes würde abholen")."""
    s = doc.sentences[m.sentence]
    a, b = m.start - s.start, m.end - s.start
    if _TIME_ANCHOR.search(s.text[max(0, a - 40):a]):
        return False
    left = max((x.end() for x in _MENTION_CLAUSE.finditer(s.text, 0, a)), default=0)
    right = next((x.start() for x in _MENTION_CLAUSE.finditer(s.text, b)), len(s.text))
    return not _NOT_THE_STEP.search(s.text, left, right)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans in quotation marks. A sentence that opens with the closing quote of the previous sentence's quote
    (an odd number of ``"``) is searched from after that mark."""
    start = 0
    stripped = text.lstrip()
    if stripped[:1] in ('"', "“") and text.count('"') % 2 == 1:
        start = len(text) - len(stripped) + 1
    spans = [(q.start(), q.end()) for q in _QUOTED.finditer(text, start)]
    # a quotation that opens and is not closed in this sentence runs to its end ("Ist erledigt, die Erstattung
    # ist angestoßen. | Sorry!"): the rest of the sentence is someone else's words
    last = spans[-1][1] if spans else start
    opener = re.search(r"[„“»]|(?<![\w.,!?])\"", text[last:])
    if opener and not re.search(r"[“”\"«]", text[last + opener.end():]):
        spans.append((last + opener.start(), len(text)))
    return spans


def _quoted_only(text: str, rx: re.Pattern) -> bool:
    """Every match of ``rx`` lies inside quotation marks (someone else's words)."""
    spans = quoted_spans(text)
    return all(any(a <= m.start() and m.end() <= b for a, b in spans) for m in rx.finditer(text))


def _part_fixed_before_open(cues: list[Cue], pos) -> bool:
    """One part fixed, another still open: a fix up to the first partial cue ("Die Schubladen kamen. Die
    Arbeitsplatte dagegen: nicht lieferbar") that the cues before that sentence do not contradict. The
    unresolved cues from the partial cue on describe the open part, not a failed fix."""
    fixes = [c.sentence for c in cues if c.kind == "fixed"]
    if not fixes:
        return False
    # the open part is told at or after the fix; a partial word before any fix (a title "Ein halber Sieg")
    # sums the story up and does not mark where the open part starts
    later = [c.sentence for c in cues if c.kind == "partial" and c.sentence >= min(fixes)]
    if not later:
        return False
    first = min(later)
    fixed = [c for c in cues if c.kind == "fixed" and c.sentence <= first]
    # the problems before the fix are its history, not a failed fix: count those from the last fix on
    since = max(c.sentence for c in fixed)
    good = sum(c.strength * pos(c) for c in cues if c.kind in ("fixed", "satisfied") and c.sentence <= first)
    bad = sum(c.strength * pos(c) for c in cues if c.kind == "unresolved" and since <= c.sentence < first)
    return good > bad


def _resolving_mention(mentions: list[ChannelMention], cue: Cue) -> ChannelMention | None:
    same = [m for m in mentions if m.sentence == cue.sentence]
    private = [m for m in same if m.channel not in PUBLIC_CHANNELS]
    pool = private or same
    if pool:
        return min(pool, key=lambda m: (abs(m.start - cue.start), m.start))
    earlier = [m for m in mentions if m.sentence < cue.sentence]
    if not earlier:
        later = [m for m in mentions if m.channel not in PUBLIC_CHANNELS]
        return later[0] if later else None
    last_sentence = max(m.sentence for m in earlier)
    # the nearest earlier sentence with a channel; inside it, prefer contact channels, then the last mention
    for si in sorted({m.sentence for m in earlier}, reverse=True):
        group = [m for m in earlier if m.sentence == si]
        # a forum is where the tip that fixed it came from; blog, social media and press are only skipped
        private = [m for m in group if m.channel not in PUBLIC_CHANNELS or m.channel == "forum"]
        if private:
            return private[-1]
        if si == last_sentence and len({m.sentence for m in earlier}) == 1:
            return group[-1]
    return [m for m in earlier if m.sentence == last_sentence][-1]


# -- time of writing: is the case still open when the post is written? ---------------------------------
#: the post looks back on a closed case: "mit einigen Monaten Abstand", "rückblickend", "nicht mehr bei X",
#: switched to another provider, gave up ("ich lasse es", "abgehakt", "die Sache ist für mich erledigt")
_CLOSED_AT_WRITING = re.compile(
    r"\bmit\s+(?:\w+\s+){0,3}?abstand\b|\b(?:rückblickend|im\s+rückblick|im\s+nachhinein)\b"
    r"|\bnicht\s+mehr\s+(?:kunde\s+|kundin\s+)?(?:bei|von)\s+[A-ZÄÖÜ\d]"
    r"|\b(?:zu|bei|von)\s+(?:einem|einer|einen)\s+anderen\s+(?:\w+\s+)?(?:anbieter|hoster|webhoster|provider|händler|"
    r"bank|versicherung|versicherer|versorger|dienstleister|shop|netzbetreiber)\b"
    r"|\bein\s+rückblick\b|^\W*(?:letzte[nr]?|vorige[nr]?)\s+(?:herbst|winter|sommer|frühling|frühjahr|jahr|monat)\b"
    r"|\b(?:das|so)\s+ist\s+(?:es\s+)?(?:eben|halt|nun\s+mal|nun\s+einmal)\s+so\b"
    r"|\bich\s+lasse\s+es\b|\b(?:habe|hab|haben)\s+(?:es\s+|dann\s+)?aufgegeben\b|\babgehakt\b"
    r"|\b(?:die\s+sache|der\s+fall|das\s+thema|die\s+geschichte)\s+(?:ist|war)\s+(?:für\s+(?:mich|uns)\s+)?"
    r"(?:\w+\s+)?(?:erledigt|abgeschlossen|gegessen|durch|vorbei)\b",
    re.I)
#: the case is open as the post is written: "Stand heute", "immer noch", "warte noch", "Vielleicht liest ja
#: jemand bei X mit", "falls jemand einen Tipp hat", an ongoing "seit …" in the present tense
_OPEN_AT_WRITING = re.compile(
    r"\bstand\s+(?:heute|jetzt|gestern)\b|\bheute\s+ist\s+tag\s+\w+|\b(?:fortsetzung|teil\s+\w+)\s+folgt\b"
    r"|\bwenn\s+(?:hier\s+)?(?:jemand|einer)\s+(?:\w+\s+){0,3}?(?:mitliest|mitlest|liest)\b"
    r"|\bmal\s+ehrlich\s*,\s*[A-ZÄÖÜ\d]|\b(?:geht|läuft)\s+das\s+(?:jetzt|nun)\s+so\b|\b(?:immer\s+noch|noch\s+immer|bis\s+heute|bis\s+jetzt|nach\s+wie\s+vor)\b"
    r"|\bwarte\w*\s+(?:\w+\s+){0,3}?noch\b|\bvielleicht\s+(?:\w+\s+){0,2}?(?:liest|findet|sieht|erreicht|hilft|"
    r"meldet)\b|\bfalls\s+(?:\w+\s+)?jemand\b|\b(?:ich|wir)\s+hoffe[n]?\b|\bliebe[rs]?\s+(?:\w+\s+)?(?:bei|von)\s+"
    r"[A-ZÄÖÜ\d]|\bseit\s+(?:\w+\s+){0,3}?(?:tagen|wochen|monaten|jahren|stunden)\s+(?:\w+\s+){0,2}?"
    r"(?:warte|warten|wohne|wohnen|streite|streiten|habe|haben|bin|sind|kämpfe|kämpfen|zahle|zahlen|sitze|sitzen)\b",
    re.I)


def writing_state(doc: Doc) -> tuple[int, int]:
    """(open, closed): how many sentences say the case is still open when the post is written (present tense:
    not in a sentence with a simple past such as ``war``/``kam``), and how many look back on a closed case
    (not in a condition: "Wenn das so weitergeht, wechsle ich"). Questions are skipped."""
    open_n = closed_n = 0
    for s in doc.sentences:
        if s.is_question:
            continue
        if _CLOSED_AT_WRITING.search(s.text) and not s.lowset & _CONDITIONAL:
            closed_n += 1  # not a threat: "Wenn das so weitergeht, ziehe ich zu einem anderen Hoster um."
        if _OPEN_AT_WRITING.search(s.text) and not (s.lowset & _SIMPLE_PAST and not _STAND_HEUTE.search(s.text)):
            open_n += 1    # not a past state: "Nach sechs Wochen war immer noch kein Geld da."
    return open_n, closed_n


_CONDITIONAL = frozenset({"wenn", "falls", "sofern", "sonst", "notfalls"})
_STAND_HEUTE = re.compile(r"\bstand\s+(?:heute|jetzt)\b", re.I)
_SIMPLE_PAST = frozenset({"war", "waren", "hatte", "hatten", "wurde", "wurden", "kam", "kamen", "gab", "stand",
                          "standen", "lag", "lagen", "ging", "gingen", "blieb", "blieben", "meldete", "rief"})
