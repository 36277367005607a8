"""Outcome (resolved / partially_resolved / unresolved / unclear) and the channel that resolved the case.

Cues come from the table :data:`.tables.OUTCOME` and count only in clauses that report an event of this case
(:mod:`.lang`): not in questions, conditions, wishes, plans, quotations or reported claims; not when a third
party or people in general act. A fix cue in a **promise** clause (``wird … repariert``, ``soll …``,
``versprach``) is no fix: a case is unresolved even if promises were made. A fix or satisfaction cue in a
**negated** clause is an open-problem cue (weight 1).

Decision: cues later in the text weigh more (``weight · (1 + 2·position)``), a title cue counts double (a
title states how it ended). Partial cues with a fix give ``partially_resolved``; otherwise the sign of
fixed+satisfied minus open decides; no cue, a tie, or an ``unknown ending`` row (:data:`.tables.UNKNOWN_END`)
after the last decisive cue give ``unclear``.

**Cut texts.** A text that stops mid-sentence (:func:`cut_off`) has no ending; its outcome is ``unclear``
unless earlier sentences settle it: at least one strong cue (weight 2) and a clear balance.

**Resolution channel**: for a (partially) resolved case, the contact channel named in the resolving sentence
(the first of the last run of fix sentences) or in one of the two sentences before it. A technician sent after
a call or an e-mail credits that earlier contact. ``none`` when no contact is named there: a fault repaired
area-wide or a parcel that turned up by itself cannot be credited to a contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..parse import META_LINE  # a blog's meta line ("Tags: …") tells no event
from .channels import ChannelMention
from .doc import Doc, Sentence
from .lang import QUOTED_SPAN
from .tables import OUTCOME, UNKNOWN_END

TIPS_REQUEST = re.compile(r"\bfür\s+(?:jeden|jede|jedes|alle|einen|eure|ihre)\s+(?:\w+\s+)?"
                          r"(?:hinweis|tipp|rat|ratschlag|hilfe|idee|erfahrung)\w*", re.IGNORECASE)
SARCASM = re.compile(r"\b(?:danke|dank)\s+(?:auch|schön\s+auch|für\s+nichts)\b|\bna\s+danke\b|"
                     r"\bvielen\s+dank\s+auch\b", re.IGNORECASE)
_AT_LAST = re.compile(r"\b(?:endlich|schließlich|letztendlich|am\s+ende)\b", re.IGNORECASE)
_END_PUNCT = re.compile(r"[.!?…)\"“”»«:]\s*$")
_CONTACT = frozenset({"phone", "email", "letter", "in_person", "chat", "web_form", "app", "social_media", "forum"})


@dataclass(frozen=True)
class Cue:
    sentence: int
    kind: str        # fixed | satisfied | unresolved | partial
    strength: float
    start: int
    end: int
    rule: str = ""


@dataclass
class OutcomeResult:
    outcome: str
    resolution_channel: str
    evidence: Sentence | None
    resolution_sentence: Sentence | None
    resolution_mention: ChannelMention | None
    cues: list[Cue] = field(default_factory=list)
    unknown_end: bool = False
    cut: bool = False
    confidence: float = 0.5
    resolution_confidence: float = 0.5


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans in quotation marks (someone else's words)."""
    return [(q.start(), q.end()) for q in QUOTED_SPAN.finditer(text)]


def cut_off(doc: Doc) -> bool:
    """Does the text stop mid-sentence (a stored copy cut at a byte limit)? The last sentence has no closing
    punctuation, is not a blog's meta line and is long (eight words or more: headings and form labels are
    shorter)."""
    if not doc.sentences:
        return False
    last = doc.sentences[-1].text.strip()
    if _END_PUNCT.search(last) or META_LINE.search(last):
        return False
    return len(last.split()) >= 8  # a long unfinished sentence; a short line is a heading or site furniture


def sentence_cues(s: Sentence) -> list[Cue]:
    hits = OUTCOME.find(s.text)
    if not hits or META_LINE.search(s.text):
        return []
    an = s.analysis  # computed only for sentences with a candidate cue
    out: list[Cue] = []
    for h in hits:
        c = an.clause_at(h.start)
        plan = h.rule.name.startswith("open.plan.")  # a plan to leave tells the case is open
        if not (c.factual or (plan and not an.question)) or c.actor in ("third", "generic") or c.background:
            continue
        kind, w = h.rule.value, h.rule.weight
        if kind in ("fixed", "satisfied"):
            if kind == "satisfied" and (SARCASM.search(s.text) or TIPS_REQUEST.search(s.text)):
                continue
            if c.promise and kind == "fixed":
                kind, w = "unresolved", 1.0  # only promised: still open
                out.append(Cue(s.index, kind, w, s.start + h.start, s.start + h.end, h.rule.name + ":promise"))
                continue
            if c.negated:
                kind, w = "unresolved", 1.0
            elif kind == "fixed" and _AT_LAST.search(c.text):
                w *= 2.0  # "endlich", "schließlich": the end of the ordeal
        out.append(Cue(s.index, kind, w, s.start + h.start, s.start + h.end, h.rule.name))
    return out


def decide(doc: Doc, mentions: list[ChannelMention]) -> OutcomeResult:
    n = max(1, len(doc.sentences) - 1)
    cut = cut_off(doc)
    cues: list[Cue] = []
    for s in doc.sentences:
        cues.extend(sentence_cues(s))
    unknown = []
    for s in doc.sentences:
        if s.index >= 0.4 * n:
            for h in UNKNOWN_END.find(s.text):
                c = s.analysis.clause_at(h.start)
                if not c.quoted:
                    unknown.append(s)
                    break

    def pos(c: Cue) -> float:
        w = 1.0 + 2.0 * (c.sentence / n)
        return w * 2.0 if doc.sentences[c.sentence].in_title else w

    good = sum(c.strength * pos(c) for c in cues if c.kind in ("fixed", "satisfied"))
    bad = sum(c.strength * pos(c) for c in cues if c.kind == "unresolved")
    part = sum(c.strength * pos(c) for c in cues if c.kind == "partial")
    has_fix = any(c.kind == "fixed" for c in cues)
    part_strong = any(c.kind == "partial" for c in cues)
    if not cues:
        outcome = "unclear"
    elif part_strong and has_fix and (good >= bad * 0.5 or _open_part_after_fix(cues)):
        outcome = "partially_resolved"
    elif good > bad and (has_fix or good >= 2):
        outcome = "resolved"
    elif bad > good:
        outcome = "unresolved"
    else:
        outcome = "unclear"
    total = good + bad + part
    margin = abs(good - bad) / total if total else 0.0
    strong = any(c.strength >= 2 for c in cues)
    unknown_end = False
    if unknown and outcome in ("resolved", "unresolved"):
        u = unknown[-1].index
        want = ("fixed",) if outcome == "resolved" else ("unresolved",)
        last = max((c.sentence for c in cues if c.kind in want), default=-1)
        if u >= last:
            outcome, unknown_end = "unclear", True
    if unknown and outcome == "unclear":
        unknown_end = True
    if cut and outcome != "unclear" and (margin < 0.3 or not strong):
        outcome = "unclear"
    confidence = 0.35 if outcome == "unclear" and not unknown_end else min(0.95, 0.45 + 0.5 * margin)
    if cut and outcome != "unclear":
        confidence *= 0.8
    want_kind = {"resolved": ("fixed", "satisfied"), "partially_resolved": ("partial", "fixed"),
                 "unresolved": ("unresolved",), "unclear": ()}[outcome]
    pool = [c for c in cues if c.kind in want_kind]
    ev = max(pool, key=lambda c: (c.strength * pos(c), c.start)) if pool else None
    evidence = doc.sentences[ev.sentence] if ev else (unknown[-1] if unknown_end else None)

    res_sentence, res_mention, channel, rconf = None, None, "none", 0.6
    if outcome in ("resolved", "partially_resolved"):
        fixes = [c for c in cues if c.kind == "fixed"] or [c for c in cues if c.kind == "satisfied"]
        fix_s = sorted({c.sentence for c in fixes})
        bad_s = {c.sentence for c in cues if c.kind == "unresolved" and c.strength >= 2}
        i = len(fix_s) - 1
        while i > 0 and fix_s[i] - fix_s[i - 1] <= 2 and not any(fix_s[i - 1] < b <= fix_s[i] for b in bad_s):
            i -= 1
        anchor = fix_s[i]
        res_sentence = doc.sentences[anchor]
        delivery = all(c.rule in _DELIVERY_RULES for c in fixes if c.sentence == anchor)
        res_mention = _resolving_mention(mentions, anchor, window=0 if delivery else 2)
        if res_mention is not None:
            channel = res_mention.channel
            rconf = 0.6 if res_mention.sentence == anchor else 0.5
        else:
            rconf = 0.45  # resolved without a contact in reach: creditable to none, or a contact told elsewhere
    else:
        rconf = 0.5 + 0.4 * confidence  # "none" follows from an open or unclear case
    return OutcomeResult(outcome, channel, evidence, res_sentence, res_mention, cues, unknown_end, cut,
                         round(confidence, 2), round(rconf, 2))


def _open_part_after_fix(cues: list[Cue]) -> bool:
    """A part named open at or after the first fix ("Die Jacke wurde ersetzt. Die Hose hingegen: …"): the open
    cues from there on describe the open part, not a failed fix."""
    first_fix = min(c.sentence for c in cues if c.kind == "fixed")
    return any(c.kind == "partial" and c.sentence >= first_fix for c in cues)


#: goods that arrive are credited to a contact only when the same sentence names it (a parcel can turn up by itself)
_DELIVERY_RULES = frozenset({"fix.arrived", "fix.delivered"})


def _resolving_mention(mentions: list[ChannelMention], anchor: int, window: int = 2) -> ChannelMention | None:
    """The contact credited with the fix: in the resolving sentence, else in one of the two before it.
    A technician's visit credits the contact that sent the technician (an earlier call, e-mail, letter)."""
    near = [m for m in mentions if anchor - window <= m.sentence <= anchor and
            (m.channel in _CONTACT or m.channel == "technician_visit") and (m.lever or m.channel not in
                                                                            ("social_media", "forum"))]
    if not near:
        return None
    same = [m for m in near if m.sentence == anchor]
    best = (same or near)[-1]
    if best.channel == "technician_visit":
        earlier = [m for m in mentions if m.start < best.start and m.channel in _CONTACT]
        return earlier[-1] if earlier else best  # no contact sent the technician: the visit is the contact
    return best
