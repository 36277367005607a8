"""Top level: :func:`extract_post` codes one text, :func:`extract_corpus` a posts frame."""

from __future__ import annotations

import re
import warnings
from dataclasses import asdict, dataclass, field

import pandas as pd

from ..vocab import PUBLIC_CHANNELS
from . import actors, channels as ch, duration as du, gazetteer, outcome as oc
from .doc import Doc, Sentence

#: The columns of ``python -m servicestories extract`` (issue 5), in order.
CSV_COLUMNS: tuple[str, ...] = (
    "post_id", "company", "sector", "channels", "resolution_channel", "outcome", "n_contacts", "duration_text",
    "duration_hours", "duration_bound", "public_escalation", "intervened_by", "evidence",
)
CONTACT_CHANNELS = frozenset({"phone", "email", "letter", "in_person", "chat", "web_form", "technician_visit",
                              "courier", "app"})
_SERIES = re.compile(r"(?:telefonate|anrufe|gespräche|e-?mails|mails|briefe|schreiben|besuche|termine|rückrufe|"
                     r"chats|nachrichten)n?$", re.I)
_FAILED = re.compile(r"\b(?:erreichen|erreicht|erreichte|durchzukommen|durchgekommen|durchkommen)\b", re.I)
_FAILED_NEG = re.compile(r"\b(?:fehl|vergeblich\w*|erfolglos\w*|nicht|niemand|keine[n]?|versuch\w*)\b", re.I)
_WS = re.compile(r"\s+")
_DELIVERY = re.compile(r"\b(?:geliefert|lieferte|zugestellt|stellte\s+\w+\s+zu|abgeholt|holte|fahrer\w*|zusteller\w*|"
                       r"paketbote\w*|bote|an\s+der\s+(?:haus|wohnungs)?tür)\b", re.I)


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
        return Extraction(post_id=post_id, text=full, error=f"{type(exc).__name__}: {exc}")


def _extract(full: str, title_chars: int, post_id: str) -> Extraction:
    doc = Doc(full, title_chars)
    res = Extraction(post_id=post_id, text=full, truncated=doc.truncated)
    if not doc.sentences:
        return res
    evidence: list[Evidence | None] = []

    # company and sector
    comp = gazetteer.find_company(doc)
    res.company, res.sector = comp.company, comp.sector
    if comp.company != "unnamed" and comp.candidates:
        best = comp.candidates[0]
        res.company_aliases = list(dict.fromkeys(_WS.sub(" ", full[m.start:m.end]) for m in best.mentions))
    if comp.mention is not None:
        m = comp.mention
        evidence.append(_ev("company", comp.company, doc.sentences[m.sentence], m.start, m.end))

    # channels (parcel services named in the post count as courier)
    couriers = []
    for cand in comp.candidates:
        for m in cand.mentions:
            if m.alias is not None and m.alias.courier and (
                    cand.name != comp.company or _DELIVERY.search(doc.sentences[m.sentence].text)):
                # another parcel service named; or the story's parcel service delivering ("UPS hat geliefert,
                # der Fahrer wollte …"): the delivery is a courier step
                couriers.append((m.sentence, m.start, m.end))
    mentions = ch.find_channels(doc, couriers)
    order: list[str] = []
    for m in mentions:
        if m.channel not in order:
            order.append(m.channel)
            evidence.append(_ev(f"channel:{m.channel}", m.channel, doc.sentences[m.sentence], m.start, m.end))

    # outcome and resolution channel
    out = oc.decide(doc, mentions)
    res.outcome, res.resolution_channel = out.outcome, out.resolution_channel
    if out.evidence is not None:
        evidence.append(_ev("outcome", out.outcome, out.evidence))
    if out.resolution_mention is not None:
        rm = out.resolution_mention
        evidence.append(_ev("resolution_channel", rm.channel, doc.sentences[rm.sentence], rm.start, rm.end))

    # narrator, public escalation
    res.narrator = actors.narrator(doc, {m.sentence for m in mentions})
    public = [m for m in mentions if m.channel in PUBLIC_CHANNELS and not _self_reference(doc, m)]
    if public:
        res.public_escalation, res.public_where = "yes", public[0].channel
        evidence.append(_ev("public_escalation", "yes", doc.sentences[public[0].sentence], public[0].start,
                            public[0].end))
    # drop mentions of the post itself ("in diesem Blogbeitrag"): the post is a step only by rule 5 below
    self_refs = {(m.sentence, m.start) for m in mentions if m.channel in PUBLIC_CHANNELS and _self_reference(doc, m)}
    if self_refs:
        mentions = [m for m in mentions if (m.sentence, m.start) not in self_refs]
        order = [c for c in order if any(m.channel == c for m in mentions)]
    if res.narrator == "customer" and res.company != "unnamed" and _open_at_writing(doc, res.outcome):
        # codebook step rule 5: a post written while the case is open and naming the company is itself public
        if not public:
            res.public_escalation, res.public_where = "yes", "blog"
            evidence.append(_ev("public_escalation", "yes (the post itself, case still open)", out.evidence))
        if "blog" not in order:
            order.append("blog")
    res.channels = order

    # contacts
    res.n_contacts = _count_contacts(doc, mentions)

    # duration
    open_n, closed_n = oc.writing_state(doc)
    durations = du.classify(doc, outcome_sentences={c.sentence for c in out.cues if c.kind in ("fixed", "unresolved")},
                            retrospective=closed_n > open_n)
    best = du.choose(durations, "unclear" if out.unknown_end else "")
    if best is not None:
        res.duration_text = _WS.sub(" ", best.text).strip()
        res.duration_hours = round(best.hours, 2)
        bound = best.bound
        if bound == "ongoing" and res.outcome in ("resolved", "partially_resolved"):
            bound = "at_least"
        res.duration_bound = bound
        evidence.append(_ev("duration", res.duration_text, doc.sentences[best.sentence], best.start, best.end))

    # who turned the case
    actor, s = actors.intervened_by(doc, res.outcome, out.resolution_sentence)
    res.intervened_by = actor
    if s is not None:
        evidence.append(_ev("intervened_by", actor, s))
    res.evidence = [e for e in evidence if e is not None]
    return res


_SELF_REF = re.compile(r"\b(?:diese[rnms]?|dieses|hier\s+(?:im|in\s+meinem|auf\s+meinem))\s+(?:\w+\s+)?$"
                       r"|\b(?:geschrieben|schreibe|schreiben|verfasst)\s+(?:für|in|auf)\s+(?:den|das|die|diesen|dieses|"
                       r"unseren|unser|meinen|mein)\s+$", re.I)


def _self_reference(doc: Doc, m: ch.ChannelMention) -> bool:
    """A blog word that names the post itself ("in diesem Blogbeitrag", "hier im Blog")."""
    if m.channel != "blog":
        return False
    s = doc.sentences[m.sentence]
    return bool(_SELF_REF.search(s.text[max(0, m.start - s.start - 30):m.start - s.start]))


def _open_at_writing(doc: Doc, outcome: str) -> bool:
    """Is the case still open when the post is written (codebook step rule 5)? An unresolved case is, unless
    the post looks back on it ("mit einigen Monaten Abstand", "nicht mehr bei X", switched, gave up) more than
    it says it is still open; a partly resolved or unclear case only with explicit signs that it is still open
    ("Stand heute", "immer noch", "Vielleicht liest ja jemand bei X mit"); a resolved case never."""
    if outcome == "resolved":
        return False
    open_n, closed_n = oc.writing_state(doc)
    if outcome == "unresolved":
        return not closed_n or open_n > closed_n
    return open_n > closed_n


def _count_contacts(doc: Doc, mentions: list[ch.ChannelMention]) -> int:
    """Contacts with the company: one per (sentence, contact channel), two for a plural series
    ("Telefonate", "E-Mails"), none for failed attempts ("versuchte, die Hotline zu erreichen – vergeblich")."""
    seen: dict[tuple[int, str], int] = {}
    for m in mentions:
        if m.channel not in CONTACT_CHANNELS:
            continue
        s = doc.sentences[m.sentence]
        if _failed_attempt(s, m):
            continue
        k = (m.sentence, m.channel)
        seen[k] = max(seen.get(k, 0), 2 if _SERIES.search(m.word) else 1)
    return sum(seen.values())


_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s")


def _failed_attempt(s: Sentence, m: ch.ChannelMention) -> bool:
    """The mention's clause tries to reach the company and the sentence says it failed."""
    a, b = m.start - s.start, m.end - s.start
    left = max((x.end() for x in _CLAUSE.finditer(s.text, 0, a)), default=0)
    right = next((x.start() for x in _CLAUSE.finditer(s.text, b)), len(s.text))
    return bool(_FAILED.search(s.text, left, right)) and bool(_FAILED_NEG.search(s.text))


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
