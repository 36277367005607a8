"""Outcome (resolved / partially_resolved / unresolved / unclear) and the channel that resolved the case.

Every case sentence (not generic, not hypothetical) is scanned for cues:

* **fixed** (strength 2): a fix or remedy happened – ``gelöst``, ``behoben``, ``repariert``, ``erstattet``,
  ``gutgeschrieben``, ``freigeschaltet``, ``ausgetauscht``, ``funktioniert wieder/einwandfrei``, ``läuft
  wieder``, ``erhielt … neu/Ersatz/Gutschrift``, ``… traf … ein``, ``kam … an``;
* **satisfied** (strength 1): ``zufrieden``, ``dankbar``, ``Dankeschön``, ``erleichtert``, ``Ende gut``,
  ``Kriegsbeil begraben``, ``kulant``, ``unbürokratisch``;
* **unresolved** (strength 2): a fix cue negated in its clause (``nicht gelöst``, ``konnte nicht geklärt
  werden``), ``funktioniert (immer noch) nicht``, ``nichts funktioniert``, ``keine Lösung/Hilfe/Antwort/
  Reaktion``, ``ungelöst``, ``ergebnislos``, ``vergeblich``, ``warte (immer noch) auf``; strength 1:
  ``immer noch``/``bis heute``/``nach wie vor`` with a negation, switching or cancelling (``wechsle``,
  ``gekündigt``, ``nie wieder``), lawyers and arbitration;
* **partial** (strength 1): ``teilweise``, ``zum Teil``, ``immerhin``, ``zumindest``, ``wenigstens``,
  ``nur einen Teil``, ``Teilerstattung``.

Cues later in the post weigh more (weight ``1 + 2·position``; the end of a story tells how it ended). The
outcome is ``partially_resolved`` when there are partial cues and resolved cues outweigh unresolved ones,
``resolved``/``unresolved`` by the sign of the weighted balance, ``unclear`` when the post has no cue or the
balance is zero. A return or refund *offer* (``bot … an``, ``angeboten``) is not a resolution.

**Resolution channel**: for ``resolved``/``partially_resolved``, the *resolving sentence* is the last
sentence with a ``fixed`` cue (else the last ``satisfied`` one); its channel is the channel mentioned in that
sentence nearest to the cue, else the channel of the nearest earlier case sentence that names one (the step
that led to the fix, e.g. a technician's visit before "Die Einrichtung funktionierte einwandfrei"). Public
channels (blog, forum …) are skipped when a contact channel is available. ``none`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import PUBLIC_CHANNELS
from .channels import ChannelMention
from .context import is_case_sentence
from .doc import Doc, Sentence

_FIX = re.compile(
    r"\b(?:gelöst|behoben|beseitigt|repariert|erledigt|geklärt|aufgeklärt|ausgetauscht|ersetzt|erstattet|"
    r"zurückerstattet|rückerstattet|zurücküberwiesen|gutgeschrieben|storniert|freigeschaltet|entsperrt|"
    r"eingerichtet|nachgeliefert|zugestellt|angekommen|eingetroffen|geliefert|umgetauscht|gutschrift|"
    r"rückerstattung|erstattung|ersatzgerät|austauschgerät|wiederhergestellt|reaktiviert|korrigiert|"
    r"berichtigt|zurückgenommen|überwiesen|ausgezahlt|zurückgezahlt|zurückbezahlt)\b"
    r"|\bgeld\s+(?:ist|war|kam)\s+(?:\w+\s+){0,2}?(?:da|an|auf\s+meine[mn]?\s+konto|zurück)\b"
    r"|\b(?:funktioniert|funktionierte|funktionieren|funktionierten|läuft|lief|laufen|liefen|klappt|klappte|geht|ging)"
    r"\b(?:\s+\w+){0,3}?\s+(?:wieder|einwandfrei|problemlos|tadellos|reibungslos|perfekt|endlich)\b"
    r"|\b(?:erhielt|erhielten|bekam|bekamen|erhalten|bekommen)\b[^.;]*?\b(?:neue[nmrs]?|ersatz\w*|gutschrift\w*|"
    r"gutschein\w*|erstattung|entschädigung|geld\s+zurück|lösung|kostenlos\w*|austausch\w*|"
    r"(?:product\s+|lizenz)?key|lizenz\w*|freischaltung|zugang\w*)\b"
    r"|\b(?:neue[nmrs]?|ersatz\w*|gutschrift\w*|gutschein\w*|erstattung|entschädigung|lösung|austausch\w*|"
    r"(?:product\s+|lizenz)?key|lizenz\w*|freischaltung|zugangsdaten)\b[^.;]*?\b(?:erhielt|erhielten|bekam|bekamen|"
    r"erhalten|bekommen)\b"
    r"|\btrafe?n?\b[^.;]*?\bein\b|\b(?:kam|kamen)\b[^.;]*?\ban\b(?<!darauf an)",
    re.I,
)
_SATISFIED = re.compile(
    r"\b(?:zufrieden\w*|dankbar|dankeschön|danke|bedanke|bedanken|erleichtert|ende gut|happy end|"
    r"kriegsbeil|friedenspfeife|kulant\w*|kulanz\w*|unbürokratisch\w*|vorbildlich\w*|hervorragend\w*|"
    r"positiv\w*|gelungen)\b",
    re.I,
)
_UNRESOLVED = re.compile(
    r"\b(?:funktioniert|funktionierte|funktionieren|geht|ging|läuft|lief|klappt|klappte)\b(?:\s+\w+){0,3}?\s+"
    r"(?:nicht|nichts)\b"
    r"|\b(?:nichts|kaum\s+etwas)\s+(?:funktioniert|geht|läuft|klappt|passiert)"
    r"|\bkeine[n]?\s+(?:lösung|antwort|reaktion|rückmeldung|hilfe|besserung|entschädigung|erstattung|"
    r"rückruf|abhilfe|information|auskunft)\b"
    r"|\b(?:ungelöst|ergebnislos\w*|vergeblich\w*|erfolglos\w*|ignoriert|abgewimmelt|vertröstet|hingehalten|"
    r"im\s+stich\s+gelassen|abgeschnitten|ausgesperrt)\b"
    r"|\bwarte[nt]?\b(?:\s+\w+){0,3}?\s+(?:auf|seit)\b"
    r"|\b(?:lösung|antwort|reaktion|hilfe|rückmeldung)\s+(?:gibt|gab)\s+es\s+(?:\w+\s+){0,2}?(?:nicht|keine)\b",
    re.I,
)
#: the problem is still there (strength 1): "nicht erreichbar", "offline", "ausgefallen"
_PROBLEM_STATE = re.compile(
    r"\bnicht\s+(?:mehr\s+)?(?:erreichbar|verfügbar|online|nutzbar|zu\s+erreichen)\b|\b(?:offline|ausgefallen|"
    r"lahmgelegt|gesperrt)\b|\b(?:ziehe|ziehen)\b[^.;]*\bum\b",
    re.I,
)
_UNRESOLVED_WEAK = re.compile(
    r"\b(?:wechsle|wechseln|wechsel|anbieterwechsel|kündige|kündigen|gekündigt|kündigung|nie\s+wieder|anwalt|anwältin|"
    r"anwälte|verbraucherzentrale|schlichtungsstelle|schlichtung|bundesnetzagentur|klage|verklagen|inkasso|"
    r"mahnverfahren|störung|ausfall|defekt|kaputt)\b",
    re.I,
)
_STILL = re.compile(r"\b(?:immer\s+noch|noch\s+immer|bis\s+heute|bis\s+jetzt|nach\s+wie\s+vor|weiterhin|bislang|"
                    r"bisher)\b", re.I)
_STILL_BAD = re.compile(r"\b(?:falsch|kaputt|defekt|offen|ungelöst|gesperrt|weg|verschwunden|tot|da)\b", re.I)
_PARTIAL = re.compile(
    r"\b(?:teilweise|zum\s+teil|immerhin|zumindest|wenigstens|nur\s+(?:einen|ein)\s+teil|teilerstattung|"
    r"halbwegs|teilweise\s+gelöst|nicht\s+vollständig|nicht\s+ganz)\b",
    re.I,
)
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


def _clause_of(text: str, a: int, b: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, a)), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(text, b)), len(text))
    return left, right


def _negated(text: str, a: int, b: int) -> bool:
    """A negator in the same clause, before the cue or within the cue's own span."""
    left, right = _clause_of(text, a, b)
    return bool(_NEG.search(text, left, b))


def sentence_cues(s: Sentence) -> list[Cue]:
    t = s.text
    cues: list[Cue] = []
    for m in _FIX.finditer(t):
        if _OFFER.search(t[_clause_of(t, m.start(), m.end())[0]:m.end()]):
            continue  # an offer to take back or refund is not a resolution
        kind = "unresolved" if _negated(t, m.start(), m.end()) else "fixed"
        cues.append(Cue(s.index, kind, 2.0, s.start + m.start(), s.start + m.end()))
    for m in _SATISFIED.finditer(t):
        if _negated(t, m.start(), m.end()):
            cues.append(Cue(s.index, "unresolved", 1.0, s.start + m.start(), s.start + m.end()))
        else:
            cues.append(Cue(s.index, "satisfied", 1.0, s.start + m.start(), s.start + m.end()))
    for m in _UNRESOLVED.finditer(t):
        cues.append(Cue(s.index, "unresolved", 2.0, s.start + m.start(), s.start + m.end()))
    for m in _PROBLEM_STATE.finditer(t):
        cues.append(Cue(s.index, "unresolved", 1.0, s.start + m.start(), s.start + m.end()))
    for m in _UNRESOLVED_WEAK.finditer(t):
        cues.append(Cue(s.index, "unresolved", 1.0, s.start + m.start(), s.start + m.end()))
    for m in _STILL.finditer(t):
        left, right = _clause_of(t, m.start(), m.end())
        if _NEG.search(t, left, right) or _STILL_BAD.search(t, left, right):
            cues.append(Cue(s.index, "unresolved", 1.0, s.start + m.start(), s.start + m.end()))
    for m in _PARTIAL.finditer(t):
        cues.append(Cue(s.index, "partial", 1.0, s.start + m.start(), s.start + m.end()))
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
        if is_case_sentence(s):
            cues.extend(sentence_cues(s))
    if not cues:
        return OutcomeResult("unclear", "none", None, None, None, [])
    pos = lambda c: 1.0 + 2.0 * (c.sentence / n)  # noqa: E731
    good = sum(c.strength * pos(c) for c in cues if c.kind in ("fixed", "satisfied"))
    bad = sum(c.strength * pos(c) for c in cues if c.kind == "unresolved")
    part = sum(c.strength * pos(c) for c in cues if c.kind == "partial")
    has_fix = any(c.kind == "fixed" for c in cues)
    if good > bad and part and has_fix:
        outcome = "partially_resolved"
    elif good > bad:
        outcome = "resolved"
    elif bad > good:
        outcome = "unresolved"
    else:
        outcome = "unclear"

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
        # the last remedy sentence; within it, the first remedy cue
        first_in_sentence = min((c for c in fixes if c.sentence == anchor.sentence), key=lambda c: c.start)
        res_sentence = doc.sentences[anchor.sentence]
        res_mention = _resolving_mention(mentions, first_in_sentence)
        channel = res_mention.channel if res_mention else "none"
    return OutcomeResult(outcome, channel, evidence, res_sentence, res_mention, cues)


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
        private = [m for m in group if m.channel not in PUBLIC_CHANNELS]
        if private:
            return private[-1]
        if si == last_sentence and len({m.sentence for m in earlier}) == 1:
            return group[-1]
    return [m for m in earlier if m.sentence == last_sentence][-1]
