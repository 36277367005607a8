"""Contact channels and public levers, from the tables :data:`.tables.CHANNEL`, :data:`.tables.VENUE` and
:data:`.tables.LEVER`, read through the linguistic layer (:mod:`.lang`).

A channel word counts as a contact between the author and the focal company only when its clause reports an
event (not a question, condition, wish, plan, quotation or reported claim), is not negated, is not about a
third party or people in general, and the sentence is not a failed attempt ("niemanden erreicht", "besetzt",
"geschlossen"). Voice menus, bots and automated messages are not in the table at all.

Public venues (blog, forum, social platforms) are channels **only** through a lever row: a tweet, a message to
the company on a social platform, a post in the company's own forum, a blog post the company was told about
or reacted to. Writing about the case on one's own blog or naming a platform is not a contact. The press is
a third party and never a contact channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import CHANNELS
from .doc import Doc, Sentence
from .tables import CHANNEL, LEVER

_FAILED = re.compile(
    r"\b(?:niemand(?:en)?\s+(?:\w+\s+)?erreicht|nicht\s+(?:\w+\s+)?(?:erreicht|erreichen|durchgekommen|durchzukommen)|"
    r"kein\s+durchkommen|besetzt|geschlossen|vergeblich\w*|erfolglos\w*|aufgelegt|ging\s+(?:\w+\s+)?niemand\s+ran|"
    r"hob\s+(?:\w+\s+)?niemand\s+ab)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ChannelMention:
    channel: str
    sentence: int
    start: int
    end: int
    word: str
    rule: str = ""
    lever: bool = False   # a public lever toward the company (public escalation)


def _eligible(s: Sentence, a: int) -> bool:
    an = s.analysis
    c = an.clause_at(a)
    return c.factual and not c.negated and c.actor not in ("third", "generic")


def sentence_channels(s: Sentence) -> list[ChannelMention]:
    """Contact and lever mentions in one sentence (text order)."""
    out: list[ChannelMention] = []
    failed = None
    for h in CHANNEL.find(s.text):
        if not _eligible(s, h.start):
            continue
        if h.rule.value in ("phone", "in_person", "chat"):
            if failed is None:
                failed = bool(_FAILED.search(s.text))
            if failed:
                continue
        out.append(ChannelMention(h.rule.value, s.index, s.start + h.start, s.start + h.end, s.text[h.start:h.end],
                                  h.rule.name))
    for h in LEVER.find(s.text):
        if not _eligible(s, h.start):
            continue
        out.append(ChannelMention(h.rule.value, s.index, s.start + h.start, s.start + h.end, s.text[h.start:h.end],
                                  h.rule.name, lever=True))
    out.sort(key=lambda m: m.start)
    return out


def find_channels(doc: Doc) -> list[ChannelMention]:
    """All contact and lever mentions of the post, in text order."""
    out: list[ChannelMention] = []
    for s in doc.sentences:
        out.extend(sentence_channels(s))
    return out


def channel_set(mentions: list[ChannelMention]) -> list[str]:
    """Distinct channels in vocabulary order (deterministic, easy to compare)."""
    seen = {m.channel for m in mentions}
    return [c for c in CHANNELS if c in seen]
