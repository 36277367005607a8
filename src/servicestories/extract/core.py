"""Top level: :func:`extract_post` codes one text, :func:`extract_corpus` a posts frame."""

from __future__ import annotations

import re
import warnings
from dataclasses import asdict, dataclass, field, replace

import pandas as pd

from . import actors, gazetteer
from . import channels as ch
from . import duration as du
from . import outcome as oc
from .doc import Doc, Sentence
from .tables import NOT_DURATION, VENUE

#: The columns of ``python -m servicestories extract`` (issue 5), in order.
CSV_COLUMNS: tuple[str, ...] = (
    "post_id", "company", "sector", "channels", "resolution_channel", "outcome", "n_contacts", "duration_text",
    "duration_hours", "duration_bound", "public_escalation", "intervened_by", "evidence",
)
#: The fields that carry a confidence, in this order (``Extraction.confidence``, ``needs_review``, CSV columns).
CONFIDENCE_KEYS: tuple[str, ...] = (
    "company", "sector", "channels", "resolution_channel", "outcome", "n_contacts", "duration", "public_escalation",
    "intervened_by",
)
#: A field whose confidence is below this is listed in ``needs_review``.
REVIEW_THRESHOLD = 0.5
CSV_COLUMNS = CSV_COLUMNS + ("needs_review",) + tuple(f"{k}_confidence" for k in CONFIDENCE_KEYS)
CONTACT_CHANNELS = frozenset({"phone", "email", "letter", "in_person", "chat", "web_form", "technician_visit",
                              "courier", "app"})
_SERIES = re.compile(r"(?:telefonate|anrufe|gespräche|e-?mails|mails|briefe|schreiben|besuche|termine|rückrufe|"
                     r"chats|nachrichten)n?$", re.IGNORECASE)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Evidence:
    """Where a field's value comes from: the sentence and the matched words, as offsets into the text."""

    field: str
    value: str
    sentence: str
    start: int        # sentence start (character offset into Extraction.text)
    end: int          # sentence end
    match_start: int  # the words that triggered the rule
    match_end: int


@dataclass(frozen=True)
class Step:
    """One contact step (a sentence naming a channel), for draft event rows and journey charts."""

    channel: str
    sentence: str
    start: int
    end: int
    match_start: int
    match_end: int
    actor: str
    initiated_by: str


@dataclass
class Extraction:
    """The automatic codes of one post. Offsets in ``evidence`` refer to ``text``."""

    post_id: str = ""
    company: str = "unnamed"
    company_aliases: list[str] = field(default_factory=list)
    sector: str = "other"
    channels: list[str] = field(default_factory=list)
    resolution_channel: str = "none"
    outcome: str = "unclear"
    n_contacts: int | None = None
    duration_text: str = ""
    duration_hours: float | None = None
    duration_bound: str = ""
    public_escalation: str = "no"
    public_where: str = ""
    intervened_by: str = ""
    narrator: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    text: str = field(default="", repr=False)
    truncated: bool = False
    error: str = ""
    confidence: dict[str, float] = field(default_factory=dict)
    needs_review: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    def evidence_for(self, name: str) -> Evidence | None:
        return next((e for e in self.evidence if e.field == name), None)

    @property
    def outcome_sentence(self) -> str:
        e = self.evidence_for("outcome")
        return e.sentence if e else ""

    def to_row(self) -> dict:
        """One CSV row (issue 5 columns, plus a few extras used by validation and draft-codes)."""
        return {
            "post_id": self.post_id,
            "company": self.company,
            "sector": self.sector,
            "channels": ";".join(self.channels),
            "resolution_channel": self.resolution_channel,
            "outcome": self.outcome,
            "n_contacts": self.n_contacts,
            "duration_text": self.duration_text,
            "duration_hours": self.duration_hours,
            "duration_bound": self.duration_bound,
            "public_escalation": self.public_escalation,
            "intervened_by": self.intervened_by,
            "evidence": self.outcome_sentence,
            "needs_review": ";".join(self.needs_review),
            **{f"{k}_confidence": round(float(self.confidence.get(k, 0.0)), 2) for k in CONFIDENCE_KEYS},
            "public_where": self.public_where,
            "narrator": self.narrator,
            "truncated": self.truncated,
            "error": self.error,
        }


def story_text(title: str | None, body: str | None) -> str:
    """The text a corpus post is coded on (and that evidence offsets refer to): title, blank line, body."""
    title = (title or "").strip()
    body = body or ""
    return f"{title}\n\n{body}" if title else body


def _ev(name: str, value: str, s: Sentence | None, a: int | None = None, b: int | None = None) -> Evidence | None:
    if s is None:
        return None
    return Evidence(name, value, _WS.sub(" ", s.text).strip(), s.start, s.end,
                    s.start if a is None else a, s.end if b is None else b)


def extract_post(text: str, *, title: str | None = None, post_id: str = "", strict: bool = False) -> Extraction:
    """Code one post. ``text`` is the story (body); with ``title`` the coded text is :func:`story_text`.

    Never raises on odd input (empty, English, megabytes, punctuation only): the result then has empty or
    ``unclear`` fields. An unexpected internal error is reported in ``Extraction.error`` (and as a warning)
    unless ``strict=True``, which re-raises it (the tests use this).
    """
    if not isinstance(text, str):
        text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    if title is not None and not isinstance(title, str):
        title = "" if title != title else str(title)
    full = story_text(title, text) if title else text
    title_chars = len(title.strip()) if title else 0
    try:
        return _extract(full, title_chars, post_id)
    except Exception as exc:  # pragma: no cover - a safety net; the property tests run with strict=True
        if strict:
            raise
        warnings.warn(f"{post_id or 'post'}: extraction failed ({type(exc).__name__}: {exc})", RuntimeWarning,
                      stacklevel=2)
        return Extraction(post_id=post_id, text=full, error=f"{type(exc).__name__}: {exc}",
                          confidence=dict.fromkeys(CONFIDENCE_KEYS, 0.0), needs_review=list(CONFIDENCE_KEYS))


def _extract(full: str, title_chars: int, post_id: str) -> Extraction:
    doc = Doc(full, title_chars)
    res = Extraction(post_id=post_id, text=full, truncated=doc.truncated)
    if not doc.sentences:
        res.confidence = dict.fromkeys(CONFIDENCE_KEYS, 0.0)
        res.needs_review = list(CONFIDENCE_KEYS)
        return res
    evidence: list[Evidence | None] = []
    conf: dict[str, float] = {}

    # contacts first: the company named in a contact sentence is the one the author deals with
    mentions = ch.find_channels(doc)
    contact_sentences = {m.sentence for m in mentions if m.channel != "courier"}

    # company and sector
    comp = gazetteer.find_company(doc, contact_sentences)
    res.company, res.sector = comp.company, comp.sector
    if comp.company != "unnamed" and comp.candidates:
        best = comp.candidates[0]
        res.company_aliases = list(dict.fromkeys(_WS.sub(" ", full[m.start:m.end]) for m in best.mentions))
    if comp.mention is not None:
        m = comp.mention
        evidence.append(_ev("company", comp.company, doc.sentences[m.sentence], m.start, m.end))
    conf["company"], conf["sector"] = comp.confidence, comp.sector_confidence

    # channels: contacts between the author and the company, public venues only as a lever
    order: list[str] = []
    for cm in mentions:
        if cm.channel not in order:
            order.append(cm.channel)
            evidence.append(_ev(f"channel:{cm.channel}", cm.channel, doc.sentences[cm.sentence], cm.start, cm.end))
    res.channels = order
    # the more channels, the likelier one of them is wrong (a set must match as a whole)
    conf["channels"] = {0: 0.5, 1: 0.8, 2: 0.65, 3: 0.5}.get(len(order), 0.4)
    res.steps = _steps(doc, mentions)

    # public escalation: a lever toward the company
    levers = [m for m in mentions if m.lever]
    if levers:
        res.public_escalation, res.public_where = "yes", levers[0].channel
        evidence.append(_ev("public_escalation", "yes", doc.sentences[levers[0].sentence], levers[0].start,
                            levers[0].end))
        conf["public_escalation"] = 0.75
    else:
        conf["public_escalation"] = 0.6 if VENUE.occurs(doc.text) else 0.9  # a venue named, no lever found

    # outcome and resolution channel
    out = oc.decide(doc, mentions)
    res.outcome, res.resolution_channel = out.outcome, out.resolution_channel
    conf["resolution_channel"], conf["outcome"] = out.resolution_confidence, out.confidence
    if out.evidence is not None:
        evidence.append(_ev("outcome", out.outcome, out.evidence))
    if out.resolution_mention is not None:
        rm = out.resolution_mention
        evidence.append(_ev("resolution_channel", rm.channel, doc.sentences[rm.sentence], rm.start, rm.end))

    res.narrator = actors.narrator(doc, {m.sentence for m in mentions})

    # contacts the author initiated
    res.n_contacts = _count_contacts(doc, mentions)
    conf["n_contacts"] = 0.4 if res.n_contacts else 0.5

    # duration
    durations = [d for d in du.classify(doc, outcome_sentences={c.sentence for c in out.cues
                                                                if c.kind in ("fixed", "unresolved")})]
    durations = [_screen_duration(doc, d) for d in durations]
    best_d = du.choose(durations, "unclear" if out.unknown_end else "")
    if best_d is not None:
        res.duration_text = _WS.sub(" ", best_d.text).strip()
        res.duration_hours = round(best_d.hours, 2)
        bound = best_d.bound
        if bound == "ongoing" and res.outcome in ("resolved", "partially_resolved"):
            bound = "at_least"
        res.duration_bound = bound
        evidence.append(_ev("duration", res.duration_text, doc.sentences[best_d.sentence], best_d.start,
                            best_d.end))
        n_ok = sum(1 for d in durations if not d.excluded)
        conf["duration"] = 0.6 if n_ok == 1 else 0.55
    else:
        conf["duration"] = 0.8 if not durations else 0.6

    # who turned the case
    actor, s = actors.intervened_by(doc, res.outcome, out.resolution_sentence)
    res.intervened_by = actor
    conf["intervened_by"] = 0.4 if actor else 0.6
    if s is not None:
        evidence.append(_ev("intervened_by", actor, s))
    res.evidence = [e for e in evidence if e is not None]
    res.confidence = {k: round(float(conf.get(k, 0.5)), 2) for k in CONFIDENCE_KEYS}
    res.needs_review = [k for k in CONFIDENCE_KEYS if res.confidence[k] < REVIEW_THRESHOLD]
    return res


#: durations of two years and more are almost always tenure, age or history, not the span of one problem
_MAX_PROBLEM_HOURS = 2 * 8760


def _screen_duration(doc: Doc, d: du.Duration) -> du.Duration:
    """Apply the :data:`.tables.NOT_DURATION` rows to the clause of a duration phrase, and the general limits:
    a start date ("vor drei Wochen") is no span, minutes measure one call, two years and more are history."""
    if d.excluded:
        return d
    s = doc.sentences[d.sentence]
    a = d.start - s.start
    clause = s.analysis.clause_at(a)
    reason = ""
    hits = NOT_DURATION.find(clause.text)
    if hits:
        reason = hits[0].rule.value
    elif d.prep == "vor":
        reason = "start_date"
    elif d.unit == "minute":
        reason = "call"
    elif d.hours >= _MAX_PROBLEM_HOURS:
        reason = "history"
    elif not clause.factual or clause.actor in ("third", "generic"):
        reason = "generic"
    return replace(d, excluded=reason) if reason else d


_COMPANY_INIT = re.compile(
    r"\b(?:meldete(?:n)?\s+sich|rief(?:en)?\s+mich|erreicht(?:e)?\s+mich|schickte(?:n)?\s+mir|schrieb(?:en)?\s+mir|"
    r"bekam\s+ich|erhielt\s+ich|kam\s+(?:der|die|ein|eine)|zurückgerufen)\b", re.IGNORECASE)


def _steps(doc: Doc, mentions: list[ch.ChannelMention]) -> list[Step]:
    """One step per (sentence, channel) in text order; the actor is the most senior actor word of the sentence,
    the initiator the author when the author acts in the clause, the company on a company-initiated phrase."""
    out: list[Step] = []
    seen: set[tuple[int, str]] = set()
    for m in mentions:
        if (m.sentence, m.channel) in seen:
            continue
        seen.add((m.sentence, m.channel))
        s = doc.sentences[m.sentence]
        clause = s.analysis.clause_at(m.start - s.start)
        if m.lever:
            actor, init = "customer", "customer"
        elif m.channel == "courier":
            actor, init = "other", "company"
        else:
            acts = actors.sentence_actors(s)
            actor = min((a for a, _, _ in acts), key=actors.RANK.index) if acts else "frontline_agent"
            init = "company" if _COMPANY_INIT.search(s.text) else ("customer" if clause.actor == "author" else "")
        out.append(Step(m.channel, _WS.sub(" ", s.text).strip(), s.start, s.end, m.start, m.end, actor, init))
    return out


def _count_contacts(doc: Doc, mentions: list[ch.ChannelMention]) -> int | None:
    """Contacts the author initiated: one per (sentence, contact channel) in a clause where the author acts,
    two for a plural series ("Telefonate", "E-Mails"); ``None`` (uncountable) for vague quantities ("mehrere
    E-Mails", "zig Telefonate")."""
    seen: dict[tuple[int, str], int] = {}
    for m in mentions:
        if m.channel not in CONTACT_CHANNELS or m.channel in ("technician_visit", "courier"):
            continue
        s = doc.sentences[m.sentence]
        clause = s.analysis.clause_at(m.start - s.start)
        if clause.actor != "author":
            continue
        if _UNCOUNTABLE.search(s.text):
            return None
        k = (m.sentence, m.channel)
        seen[k] = max(seen.get(k, 0), 2 if _SERIES.search(m.word) else 1)
    return sum(seen.values()) or None


_UNCOUNTABLE = re.compile(r"\b(?:mehrere|etliche|zig|unzählige|diverse|weitere|viele|einige)\s+(?:\w+\s+)?"
                          r"(?:telefonate|anrufe|e-?mails|mails|briefe|schreiben|versuche)\b|\bhin\s+und\s+her\b",
                          re.IGNORECASE)


def extract_corpus(posts: pd.DataFrame, *, progress: bool | None = None) -> list[Extraction]:
    """Code every row of a posts frame (columns ``post_id``, ``title``, ``body`` as from ``load_posts``)."""
    rows = list(posts.itertuples(index=False))
    iterator = rows
    if progress is None:
        import sys

        progress = sys.stderr.isatty() and len(rows) >= 20
    if progress:
        from tqdm import tqdm

        iterator = tqdm(rows, desc="coding posts", unit="post", file=__import__("sys").stderr)
    out = []
    for r in iterator:
        out.append(extract_post(getattr(r, "body", "") or "", title=getattr(r, "title", "") or "",
                                post_id=str(getattr(r, "post_id", ""))))
    return out


def to_frame(results: list[Extraction], columns: tuple[str, ...] | None = CSV_COLUMNS) -> pd.DataFrame:
    """Many :class:`Extraction` results as a frame, one row per post (sorted by ``post_id``)."""
    rows = [r.to_row() for r in results]
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else list(CSV_COLUMNS) + ["public_where", "narrator",
                                                                                     "truncated", "error"])
    frame = frame.sort_values("post_id", kind="stable").reset_index(drop=True)
    frame["n_contacts"] = frame["n_contacts"].astype("Int64")
    frame["duration_hours"] = pd.to_numeric(frame["duration_hours"], errors="coerce").astype("float64")
    return frame[list(columns)] if columns else frame


def evidence_frame(results: list[Extraction]) -> pd.DataFrame:
    """Every evidence record of every post (long format): post_id, field, value, sentence, offsets."""
    rows = [{"post_id": r.post_id, **asdict(e)} for r in results for e in r.evidence]
    cols = ["post_id", "field", "value", "sentence", "start", "end", "match_start", "match_end"]
    return pd.DataFrame(rows, columns=cols)
