"""The hand codes: ``data/annotations/cases.csv`` (one row per post) and ``events.csv`` (one row per step).

The coding scheme is ``docs/codebook.md``. Both files are checked line by line before they are used; every
problem raises an :class:`~servicestories.errors.AnnotationError` subclass whose message starts with
``file:line:`` (the line as a text editor shows it, header = line 1) and says what is wrong and what is allowed.

Public functions: :func:`load_cases`, :func:`load_events`, :func:`validate_annotations`, :func:`split_channels`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from . import paths, vocab
from .caseids import case_ids
from .errors import AnnotationError
from .quotes import VERBATIM_LIST_COLUMNS, is_quote_column, occurs, post_texts, preview
from .safecsv import FORMULA_PREFIXES


# -- errors -----------------------------------------------------------------------------------------
class AnnotationFormatError(AnnotationError):
    """The CSV itself is malformed: missing/unknown columns, wrong number of cells, empty required cell."""


class UnknownLabelError(AnnotationError):
    """A label outside its controlled vocabulary."""


class QuoteNotFoundError(AnnotationError):
    """A quote (or other verbatim cell) does not occur in its post."""


class UnknownPostError(AnnotationError):
    """A ``post_id`` that is not in the corpus."""


class MissingCaseError(AnnotationError):
    """A post without a case row (or a case without steps), or a post coded twice."""


class StepOrderError(AnnotationError):
    """Steps of a post are not numbered 1..n in file order."""


class NumberError(AnnotationError):
    """A count or duration that is not a number, or negative."""


class DurationError(NumberError):
    """A negative, non-numeric or incomplete duration."""


class InconsistentCodesError(AnnotationError):
    """Codes that contradict each other (e.g. ``channels`` vs the steps, outcome vs resolution channel)."""


# -- columns and vocabularies -----------------------------------------------------------------------
CASE_COLUMNS: list[str] = [
    "post_id", "narrator", "narrator_quote", "company", "company_aliases", "company_quote",
    "sector", "sector_quote", "channels", "resolution_channel", "resolution_quote",
    "outcome", "outcome_quote", "caveat_quote", "n_contacts", "n_contacts_bound", "n_contacts_quote",
    "duration_text", "duration_hours", "duration_bound", "duration_quote",
    "intervened_by", "intervened_quote", "public_escalation", "public_where", "public_quote", "notes",
]
EVENT_COLUMNS: list[str] = [
    "post_id", "step", "channel", "actor", "initiated_by", "result", "time_text", "quote", "notes",
]

#: Contact counts are exact or a lower bound ("unzählige weitere Telefonate").
CONTACT_BOUNDS: tuple[str, ...] = ("exact", "at_least")

CASE_VOCAB: dict[str, tuple[str, ...]] = {
    "narrator": vocab.NARRATORS,
    "sector": vocab.SECTORS,
    "resolution_channel": vocab.RESOLUTION_CHANNELS,
    "outcome": vocab.OUTCOMES,
    "n_contacts_bound": CONTACT_BOUNDS,
    "duration_bound": vocab.DURATION_BOUNDS,
    "intervened_by": vocab.ACTORS,
    "public_escalation": vocab.PUBLIC_ESCALATION,
    "public_where": tuple(c for c in vocab.CHANNELS if c in vocab.PUBLIC_CHANNELS),
}
EVENT_VOCAB: dict[str, tuple[str, ...]] = {
    "channel": vocab.CHANNELS,
    "actor": vocab.ACTORS,
    "initiated_by": vocab.INITIATORS,
}
CASE_REQUIRED = ("post_id", "narrator", "narrator_quote", "company", "company_quote", "sector", "sector_quote",
                 "resolution_channel", "outcome", "outcome_quote", "public_escalation")
EVENT_REQUIRED = ("post_id", "step", "actor", "result", "quote")
#: A code in the key column needs a quote in the value column (unless the code is in the exempt set).
CASE_EVIDENCE = {"resolution_channel": ("resolution_quote", {"none"}), "intervened_by": ("intervened_quote", set()),
                 "public_escalation": ("public_quote", {"no"}), "duration_hours": ("duration_quote", set())}


def split_channels(value: str | list | tuple | None) -> list[str]:
    """``"blog;email;phone"`` → ``["blog", "email", "phone"]`` (lists pass through, empty → ``[]``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [p.strip() for p in str(value).split(";") if p.strip()]


# -- reading ----------------------------------------------------------------------------------------
@dataclass
class _Table:
    path: Path
    rows: list[dict[str, str]]
    lines: list[int]  # line of each row in the file (header = 1)
    n_lines: int


def _decode_csv(path: Path) -> str:
    """The annotation file as text: UTF-8 (a byte-order mark is allowed), else a one-line error naming the line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AnnotationFormatError(f"cannot read annotation file ({exc.strerror})", path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AnnotationFormatError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02X}); save the file as UTF-8 (spreadsheet: 'CSV UTF-8')",
            path, line) from None


def _unmark(cell: str) -> str:
    """Drop the spreadsheet text mark ``'`` that CSVs written by this project put before ``=``, ``+``, ``-``,
    ``@`` (see :mod:`servicestories.safecsv`), so drafted rows can be pasted as they are."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell


def _read(path: Path, columns: list[str]) -> _Table:
    text = _decode_csv(path)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise AnnotationFormatError("NUL byte in the file (not a text CSV)", path, line)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _read_rows(reader, path, columns)
    except csv.Error as exc:
        raise AnnotationFormatError(f"malformed CSV ({exc})", path, reader.line_num) from None


def _read_rows(reader, path: Path, columns: list[str]) -> _Table:
    header = next(reader, None)
    if header is None:
        raise AnnotationFormatError("empty file; expected a header line", path, 1)
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        raise AnnotationFormatError(f"{'; '.join(parts)}; expected: {', '.join(columns)}", path, 1)
    rows, lines, prev = [], [], reader.line_num
    for cells in reader:
        start, prev = prev + 1, reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise AnnotationFormatError(
                f"{len(cells)} cells, header has {len(header)} (a comma inside a cell needs \"quotes\")",
                path, start)
        rows.append(dict(zip(header, map(_unmark, cells))))
        lines.append(start)
    return _Table(path, rows, lines, prev)


def _posts_frame(posts: pd.DataFrame | None, corpus: str | Path | None = None) -> pd.DataFrame:
    if posts is not None:
        return posts
    from .corpus import load_posts

    return load_posts(corpus)


# -- row checks -------------------------------------------------------------------------------------
def _label(value: str, column: str, allowed: tuple[str, ...], path: Path, line: int) -> None:
    if value not in allowed:
        raise UnknownLabelError(
            f"column {column!r}: {value!r} is not an allowed label; allowed: {', '.join(allowed)}", path, line)


def _number(value: str, column: str, path: Path, line: int, *, integer: bool, error=NumberError) -> float:
    try:
        number = int(value) if integer else float(value)
    except ValueError:
        kind = "a whole number" if integer else "a number (hours, e.g. 60 or 1.5)"
        raise error(f"column {column!r}: {value!r} is not {kind}", path, line) from None
    if isinstance(number, float) and not math.isfinite(number):
        raise error(f"column {column!r}: {value!r} is not a finite number", path, line)
    if number < 0:
        raise error(f"column {column!r}: {value!r} is negative; must be 0 or more", path, line)
    return number


def _common_checks(table: _Table, required: tuple[str, ...], vocabulary: dict[str, tuple[str, ...]],
                   texts: dict[str, str]) -> None:
    """Required cells, post_id, labels and verbatim quotes: the checks cases and events share."""
    for row, line in zip(table.rows, table.lines):
        for col in required:
            if not row[col].strip():
                raise AnnotationFormatError(f"column {col!r} is empty; it is required", table.path, line)
        pid = row["post_id"].strip()
        if pid not in texts:
            known = ", ".join(sorted(texts)[:10]) + (" …" if len(texts) > 10 else "") if texts else "none"
            raise UnknownPostError(f"unknown post_id {pid!r}; posts in the corpus: {known}", table.path, line)
        for col, allowed in vocabulary.items():
            if row[col].strip():
                _label(row[col].strip(), col, allowed, table.path, line)
        for col, value in row.items():
            if not value.strip():
                continue
            if is_quote_column(col):
                pieces = [value]
            elif col in VERBATIM_LIST_COLUMNS:
                pieces = [p for p in value.split(";") if p.strip()]
            else:
                continue
            for piece in pieces:
                if not occurs(piece, texts[pid]):
                    raise QuoteNotFoundError(
                        f"column {col!r}: quote not found in post {pid}: \"{preview(piece)}\" "
                        "(copy it verbatim; only whitespace may differ)", table.path, line)


def _check_cases(table: _Table, texts: dict[str, str]) -> None:
    _common_checks(table, CASE_REQUIRED, CASE_VOCAB, texts)
    seen: dict[str, int] = {}
    for row, line in zip(table.rows, table.lines):
        p = table.path
        pid = row["post_id"].strip()
        if pid in seen:
            raise MissingCaseError(f"post {pid} has a second case row (first on line {seen[pid]})", p, line)
        seen[pid] = line
        for ch in split_channels(row["channels"]):
            _label(ch, "channels", vocab.CHANNELS, p, line)
        count, bound = row["n_contacts"].strip(), row["n_contacts_bound"].strip()
        if count:
            _number(count, "n_contacts", p, line, integer=True)
        if bool(count) != bool(bound):
            raise NumberError("n_contacts and n_contacts_bound go together: fill both, or leave both empty when "
                              "the contacts cannot be counted", p, line)
        duration = [row[c].strip() for c in ("duration_text", "duration_hours", "duration_bound")]
        if duration[1]:
            _number(duration[1], "duration_hours", p, line, integer=False, error=DurationError)
        if any(duration) and not all(duration):
            raise DurationError("duration_text, duration_hours and duration_bound go together: fill all three "
                                "or none", p, line)
        for code_col, (quote_col, exempt) in CASE_EVIDENCE.items():
            code = row[code_col].strip()
            if code and code not in exempt and not row[quote_col].strip():
                raise AnnotationFormatError(f"column {quote_col!r} is empty but {code_col} is {code!r}: every "
                                            "code needs its quote", p, line)
        public, where = row["public_escalation"].strip(), row["public_where"].strip()
        if (public == "yes") != bool(where):
            raise InconsistentCodesError("public_where must be filled exactly when public_escalation is 'yes'",
                                         p, line)
        outcome, resolution = row["outcome"].strip(), row["resolution_channel"].strip()
        if outcome in ("resolved", "partially_resolved") and resolution == "none":
            raise InconsistentCodesError(f"outcome {outcome!r} needs a resolution_channel other than 'none'",
                                         p, line)
        if outcome == "unresolved" and resolution != "none":
            raise InconsistentCodesError("outcome 'unresolved' needs resolution_channel 'none'", p, line)
    missing = [pid for pid in texts if pid not in seen]
    if missing:
        raise MissingCaseError(f"no case row for post(s) {', '.join(missing)}; every post needs one row "
                               "(line given: after the last row)",
                               table.path, table.n_lines + 1)


def _check_events(table: _Table, texts: dict[str, str]) -> None:
    _common_checks(table, EVENT_REQUIRED, EVENT_VOCAB, texts)
    last: dict[str, int] = {}
    for row, line in zip(table.rows, table.lines):
        pid = row["post_id"].strip()
        raw = row["step"].strip()
        try:
            step = int(raw)
        except ValueError:
            raise StepOrderError(f"column 'step': {raw!r} is not a whole number", table.path, line) from None
        expected = last.get(pid, 0) + 1
        if step != expected:
            raise StepOrderError(f"post {pid}: step {step} where step {expected} is expected (steps run 1..n per "
                                 "post, in story order, in file order)", table.path, line)
        last[pid] = step


def _cross_check(cases: _Table, events: _Table) -> None:
    by_post: dict[str, list[str]] = {}
    for row in events.rows:
        by_post.setdefault(row["post_id"].strip(), [])
        if row["channel"].strip():
            by_post[row["post_id"].strip()].append(row["channel"].strip())
    for row, line in zip(cases.rows, cases.lines):
        pid = row["post_id"].strip()
        if pid not in by_post:
            raise MissingCaseError(f"post {pid} has no steps in {events.path.name}; every case needs at least one",
                                   events.path, events.n_lines + 1)
        coded, used = split_channels(row["channels"]), by_post[pid]
        if set(coded) != set(used):
            raise InconsistentCodesError(
                f"channels {row['channels']!r} differ from the channels of its steps "
                f"({';'.join(dict.fromkeys(used))})", cases.path, line)
        resolution = row["resolution_channel"].strip()
        if resolution != "none" and resolution not in coded:
            raise InconsistentCodesError(f"resolution_channel {resolution!r} is not among channels", cases.path, line)


# -- typed frames -----------------------------------------------------------------------------------
def _c(dtype, description: str, nullable: bool = False, checks=None) -> pa.Column:
    return pa.Column(dtype, checks=checks, nullable=nullable, description=description)


_isin = pa.Check.isin
CASES_SCHEMA = pa.DataFrameSchema(
    {
        "post_id": _c(str, "Post the case belongs to (file stem).", checks=pa.Check(lambda s: s.is_unique)),
        "narrator": _c(str, "Who tells the story.", checks=_isin(vocab.NARRATORS)),
        "company": _c(str, "Canonical company name; `unnamed` if the post names none."),
        "sector": _c(str, "Sector of the company.", checks=_isin(vocab.SECTORS)),
        "channels": _c(object, "All channels of the case's steps (list).",
                       checks=pa.Check(lambda s: s.map(
                           lambda v: isinstance(v, list) and set(v) <= set(vocab.CHANNELS)))),
        "resolution_channel": _c(str, "Channel of the resolving step or `none`.",
                                 checks=_isin(vocab.RESOLUTION_CHANNELS)),
        "outcome": _c(str, "How the case ended.", checks=_isin(vocab.OUTCOMES)),
        "n_contacts": _c("Int64", "Contacts the customer initiated (lower bound if at_least); missing when "
                         "uncountable.", nullable=True, checks=pa.Check.ge(0)),
        "n_contacts_bound": _c(str, "`exact` or `at_least`; missing with n_contacts.", nullable=True,
                               checks=_isin(CONTACT_BOUNDS)),
        "duration_hours": _c(float, "Escalation duration in hours.", nullable=True, checks=pa.Check.ge(0)),
        "duration_bound": _c(str, "How the duration is bounded.", nullable=True, checks=_isin(vocab.DURATION_BOUNDS)),
        "intervened_by": _c(str, "Actor whose step turned the case.", nullable=True, checks=_isin(vocab.ACTORS)),
        "public_escalation": _c(str, "`yes`/`no`.", checks=_isin(vocab.PUBLIC_ESCALATION)),
        "n_steps": _c("int64", "Derived: number of steps in events.csv.", checks=pa.Check.ge(1)),
        "first_channel": _c(str, "Derived: channel of the first step with a channel.", nullable=True),
        "last_channel": _c(str, "Derived: channel of the last step with a channel.", nullable=True),
    },
    strict=False,
    name="cases",
)
EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "post_id": _c(str, "Post the step belongs to."),
        "step": _c("int64", "Position in story order, 1..n per post.", checks=pa.Check.ge(1)),
        "channel": _c(str, "Channel of the step; missing if the post does not say.", nullable=True,
                      checks=_isin(vocab.CHANNELS)),
        "actor": _c(str, "Who acted in the step.", checks=_isin(vocab.ACTORS)),
        "initiated_by": _c(str, "Who started the step; missing if the post does not say.", nullable=True,
                           checks=_isin(vocab.INITIATORS)),
        "result": _c(str, "Short label of what the step achieved."),
        "quote": _c(str, "Verbatim evidence."),
    },
    strict=False,
    name="events",
)


def _typed(table: _Table) -> pd.DataFrame:
    frame = pd.DataFrame(table.rows, columns=list(table.rows[0]) if table.rows else None)
    frame = frame.apply(lambda s: s.str.strip().replace("", None) if s.name not in ("notes",) else s)
    frame.index = pd.Index(table.lines, name="line")
    return frame


def _validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, path: Path) -> pd.DataFrame:
    """pandera validation; the first failure becomes an AnnotationError naming the CSV line."""
    try:
        return schema.validate(frame, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        cases = getattr(exc, "failure_cases", None)
        if cases is not None and len(cases):
            first = cases.iloc[0]
            idx = first.get("index")
            line = int(idx) if idx is not None and not pd.isna(idx) else None
            raise AnnotationError(f"column {first.get('column')!r}: value {first.get('failure_case')!r} fails "
                                  f"check {first.get('check')}", path, line) from exc
        raise AnnotationError(str(exc), path) from exc


def _case_frame(table: _Table, events: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    cases = _typed(table)
    cases["channels"] = cases["channels"].map(split_channels)
    cases["n_contacts"] = pd.to_numeric(cases["n_contacts"]).astype("Int64")
    cases["duration_hours"] = pd.to_numeric(cases["duration_hours"]).astype(float)
    g = events.groupby("post_id", sort=False)
    chans = events.dropna(subset=["channel"]).groupby("post_id", sort=False)["channel"]
    cases["n_steps"] = cases["post_id"].map(g.size()).astype("int64")
    cases["first_channel"] = cases["post_id"].map(chans.first())
    cases["last_channel"] = cases["post_id"].map(chans.last())
    cases = _validate(cases, CASES_SCHEMA, table.path)
    cases.insert(1, "case_id", cases["post_id"].map(case_ids(posts["post_id"])))
    return _join_posts(cases, posts)


def _event_frame(table: _Table, posts: pd.DataFrame) -> pd.DataFrame:
    events = _typed(table)
    events["step"] = events["step"].astype("int64")
    events = _validate(events, EVENTS_SCHEMA, table.path)
    events.insert(1, "case_id", events["post_id"].map(case_ids(posts["post_id"])))
    return _join_posts(events, posts)


def _join_posts(frame: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    keep = [c for c in ("post_id", "title", "source_file") if c in posts.columns]
    out = frame.reset_index().merge(posts[keep], on="post_id", how="left", validate="many_to_one")
    return out.rename(columns={"line": "csv_line"})


# -- public API ------------------------------------------------------------------------------------
def validate_annotations(
    cases_path: str | Path | None = None, events_path: str | Path | None = None,
    posts: pd.DataFrame | None = None, corpus: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every check on cases.csv and events.csv; return ``(cases, events)``.

    ``events_path`` defaults to ``events.csv`` beside ``cases_path``; ``posts`` to ``load_posts(corpus)``.
    """
    cpath = Path(cases_path) if cases_path is not None else paths.CASES_CSV
    epath = Path(events_path) if events_path is not None else cpath.with_name(paths.EVENTS_CSV.name)
    posts = _posts_frame(posts, corpus)
    texts = post_texts(posts)
    ctable, etable = _read(cpath, CASE_COLUMNS), _read(epath, EVENT_COLUMNS)
    _check_cases(ctable, texts)
    _check_events(etable, texts)
    _cross_check(ctable, etable)
    events = _event_frame(etable, posts)
    return _case_frame(ctable, events, posts), events


def load_cases(path: str | Path | None = None, posts: pd.DataFrame | None = None, *,
               events_path: str | Path | None = None, corpus: str | Path | None = None) -> pd.DataFrame:
    """One validated row per post, joined to the posts (title, source_file), with derived columns.

    Derived: ``case_id`` (``000``…), ``n_steps``, ``first_channel``, ``last_channel`` (from events.csv),
    ``duration_hours`` as float (with ``duration_bound``), ``channels`` as a list, ``csv_line``.
    """
    return validate_annotations(path, events_path, posts, corpus)[0]


def load_events(path: str | Path | None = None, posts: pd.DataFrame | None = None, *,
                corpus: str | Path | None = None) -> pd.DataFrame:
    """One validated row per contact step in story order, joined to the posts (title, source_file).

    Runs the event checks only (labels, quotes, post_ids, step order); :func:`validate_annotations` also
    checks the events against cases.csv.
    """
    epath = Path(path) if path is not None else paths.EVENTS_CSV
    posts = _posts_frame(posts, corpus)
    table = _read(epath, EVENT_COLUMNS)
    _check_events(table, post_texts(posts))
    return _event_frame(table, posts)
