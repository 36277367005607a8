"""Load the posts into the one shared dataframe every notebook uses.

``load_posts()`` reads every ``*.txt`` file of a corpus folder (default ``data/raw/``, never written),
decodes it robustly, splits it with :mod:`servicestories.parse` and returns one row per post. The frame is
cached as ``data/processed/posts.parquet`` and rebuilt whenever a raw file (or the parser) changes.

Every file seen is accounted for: ``seen = loaded + rejected`` (see :class:`LoadReport`).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
import unicodedata
import warnings
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from . import paths, text
from .decoding import Decoded, decode
from .errors import (
    CorpusNotFoundError,
    CorpusWarning,
    DuplicatePostError,
    EmptyPostError,
    NoPostsError,
    PostRejected,
    TitleOnlyError,
    shown_name,
)
from .parse import PARSER_VERSION, parse_post

__all__ = ["Corpus", "Decoded", "LoadReport", "PostChunks", "Scan", "decode", "entry_problem", "load_comments",
           "load_corpus", "load_posts", "post_chunks", "read_post", "scan_corpus", "shown_name"]

OnError = Literal["raise", "skip"]
#: Bump when decoding or folder scanning changes: cached frames built by an older loader are rebuilt.
LOADER_VERSION = "2"
#: A post file larger than this is rejected unread (a blog post is a few kB; this is a database dump or worse).
MAX_BYTES = 50_000_000


@dataclass
class LoadReport:
    """What happened to every entry of a corpus folder that looks like a post (name ending in ``.txt``).

    ``seen = loaded + rejected`` always; ``ignored`` lists the other entries (not ``.txt``, subfolders).
    """

    corpus: Path
    seen: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        """``files seen: 8  loaded: 4  rejected: 4`` (the one line every command prints)."""
        return f"files seen: {len(self.seen)}  loaded: {len(self.loaded)}  rejected: {len(self.rejected)}"

    def __str__(self) -> str:
        lines = [f"corpus: {_shown(self.corpus)}", self.summary()]
        lines += [f"  rejected {shown_name(name)}: {reason}" for name, reason in self.rejected]
        lines += [f"  warning  {shown_name(name)}: {msg}" for name, msg in self.warnings]
        lines += [f"  note     {shown_name(name)}: {msg}" for name, msg in self.notes]
        if self.ignored:
            lines.append(f"  ignored (not .txt): {', '.join(map(shown_name, self.ignored))}")
        return "\n".join(lines)


def _shown(path: Path) -> str:
    """A corpus path relative to the repository when inside it (no machine-specific paths in notebooks)."""
    try:
        return shown_name(str(path.relative_to(paths.ROOT)))
    except ValueError:
        return shown_name(str(path))


@dataclass
class Corpus:
    posts: pd.DataFrame
    comments: pd.DataFrame
    report: LoadReport


# -- one file --------------------------------------------------------------------------------------
def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, never blocking: a named pipe, device or folder is rejected unopened
    (``O_NONBLOCK`` + ``fstat``, so even a pipe swapped in after the check cannot block the loader)."""
    problem = entry_problem(path)
    if problem:
        raise PostRejected(problem, path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise PostRejected(f"cannot read file ({exc.strerror})", path) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise PostRejected(f"not a regular file ({_kind(st.st_mode)})", path)
        if st.st_size > MAX_BYTES:
            raise PostRejected(f"file too large ({st.st_size / 1e6:.0f} MB, limit {MAX_BYTES / 1e6:.0f} MB)", path)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PostRejected(f"cannot read file ({exc.strerror})", path) from None
    finally:
        os.close(fd)


def read_post(path: str | Path) -> tuple[dict, list[dict], Decoded]:
    """Read and split one post file: (post row, comment rows, decoded text). Raises :class:`PostRejected`
    (naming the file, and the line where it applies) for anything that is not a readable text post."""
    path = Path(path)
    raw = _read_regular(path)
    dec = decode(raw, path)
    parsed = parse_post(dec.text)
    if not parsed.title:
        raise EmptyPostError("no text in file", path)
    body_words = text.lower_words(parsed.body)  # tokenised once: the check, n_words and the language
    if not body_words:
        raise TitleOnlyError(f"only a title ({parsed.title[:60]!r}), no story text", path)
    post_id = path.stem
    row = {
        "post_id": post_id,
        "source_file": path.name,
        "title": parsed.title,
        "author": parsed.author,
        "published": pd.Timestamp(parsed.published) if parsed.published else pd.NaT,
        "published_text": parsed.published_text,
        "body": parsed.body,
        "boilerplate": "\n".join(parsed.boilerplate),
        "n_comments": len(parsed.comments),
        "n_words": len(body_words),
        "n_sentences": len(text.sentence_spans(parsed.body)),
        "language": text.language_of_words(text.lower_words(parsed.title) + body_words),
        "encoding": dec.encoding,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "text": dec.text,
    }
    comments = [
        {"post_id": post_id, "comment_no": i, "author": c.author, "date": c.date, "text": c.text}
        for i, c in enumerate(parsed.comments, start=1)
    ]
    return row, comments, dec


# -- a folder --------------------------------------------------------------------------------------
@dataclass
class Scan:
    """A corpus folder enumerated: every entry that looks like a post (name ends in ``.txt``, any case) is
    either a candidate to read or rejected with its reason; everything else is ignored (and listed)."""

    corpus: Path
    seen: list[str] = field(default_factory=list)
    candidates: list[Path] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")


def _name_problem(name: str) -> str | None:
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in name):
        return "file name is not valid UTF-8; rename the file"
    bad = sorted({c for c in name if not c.isprintable()})
    if bad:
        shown = ", ".join(c.encode("unicode_escape").decode("ascii") for c in bad)
        return f"file name contains control or formatting characters ({shown}); rename the file"
    return None


def entry_problem(path: Path) -> str | None:
    """Why this directory entry cannot be read as a post (``None`` if it is a regular file, maybe via a link).

    Never opens the entry: named pipes and devices are recognised by ``stat`` alone.
    """
    problem = _name_problem(path.name)
    if problem:
        return problem
    try:
        lst = os.lstat(path)
    except OSError as exc:
        return "no such file" if exc.errno == errno.ENOENT else f"cannot read file ({exc.strerror})"
    mode = lst.st_mode
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symbolic link loop (the link points back to itself)"
            if exc.errno == errno.ENOENT:
                return f"broken symbolic link (its target {shown_name(os.readlink(path))} does not exist)"
            return f"cannot follow symbolic link ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file (posts in subfolders are not read)"
    return f"not a regular file ({_kind(mode)}); not opened"


def _resolve_folder(corpus: Path) -> Path:
    """The absolute, link-free corpus path; a link loop is a one-line error, not a traceback."""
    try:
        return corpus.resolve()
    except (RuntimeError, OSError):  # Python < 3.13 raises RuntimeError for a symbolic link loop
        raise CorpusNotFoundError("symbolic link loop (the corpus folder link points back to itself)",
                                  corpus) from None


def scan_corpus(corpus: str | Path) -> Scan:
    """Enumerate a corpus folder: the single place that decides which entries are posts.

    Entries whose name ends in ``.txt`` (any case) are *seen*: each is a candidate (a regular file, or a
    symbolic link to one) or rejected with its reason (hidden, folder, named pipe, broken link, link loop,
    a file name with control characters). A link to a file outside the folder is read, with a warning naming
    its target. Other entries are ignored and listed. Raises :class:`CorpusNotFoundError` / :class:`NoPostsError`.
    """
    corpus = Path(corpus)
    if not corpus.exists():
        if corpus.is_symlink():
            _resolve_folder(corpus)  # a link loop says so
            raise CorpusNotFoundError("broken symbolic link: the corpus folder it points to does not exist", corpus)
        raise CorpusNotFoundError("corpus folder does not exist", corpus)
    if not corpus.is_dir():
        raise CorpusNotFoundError("not a folder", corpus)
    try:
        names = sorted(os.listdir(corpus))
    except OSError as exc:
        raise CorpusNotFoundError(f"cannot list the folder ({exc.strerror})", corpus) from None
    scan = Scan(corpus=corpus)
    real_corpus = _resolve_folder(corpus)
    subfolders = []
    for name in names:
        p = corpus / name
        if not name.lower().endswith(".txt"):
            is_dir = p.is_dir()
            scan.ignored.append(name + ("/" if is_dir else ""))
            if is_dir:
                subfolders.append(name)
            continue
        problem = entry_problem(p)
        if problem and _name_problem(name):
            name = shown_name(name)  # escaped: the raw name cannot be printed or stored (e.g. in Parquet)
        scan.seen.append(name)
        if problem is None and name.startswith("."):
            problem = "hidden file (name starts with a dot); rename it to load it"
        if problem:
            scan.rejected.append((name, problem))
            continue
        if p.is_symlink():
            target = p.resolve()
            if not target.is_relative_to(real_corpus):
                where = shown_name(str(target))
                scan.warnings.append(
                    (name, f"symbolic link to a file outside the corpus folder ({where}); read anyway"))
        scan.candidates.append(p)
    if not scan.seen:
        hint = f" (subfolders are not read: {', '.join(map(shown_name, subfolders))})" if subfolders else ""
        raise NoPostsError(f"no posts (*.txt files) in this folder{hint}", corpus)
    return scan


def _post_files(corpus: Path) -> tuple[list[Path], list[str]]:
    """Backward-compatible view of :func:`scan_corpus`: (readable candidates, ignored names).

    Callers that need the rejected entries (every command does) use :func:`scan_corpus`.
    """
    scan = scan_corpus(corpus)
    return scan.candidates, scan.ignored


def _fingerprint(scan: Scan) -> str:
    from . import schema  # pandera: imported where a frame is validated, not by every command

    h = hashlib.sha256(f"parser={PARSER_VERSION};schema={schema.SCHEMA_VERSION};loader={LOADER_VERSION}".encode())
    for name, reason in scan.rejected:
        h.update(b"rejected\0" + name.encode("utf-8", "surrogateescape") + b"\0" + reason.encode())
    for p in scan.candidates:
        try:
            digest = hashlib.sha256(_read_regular(p)).digest()
        except PostRejected as exc:
            digest = exc.reason.encode()
        h.update(p.name.encode("utf-8", "surrogateescape") + b"\0" + digest)
    return h.hexdigest()


def _cache_dir(corpus: Path, cache: bool | str | Path | None) -> Path | None:
    if cache is False:
        return None
    if isinstance(cache, (str, Path)):
        return Path(cache)
    if corpus == paths.RAW.resolve():
        return paths.PROCESSED
    if cache is True:
        return paths.PROCESSED / "corpora" / hashlib.sha1(str(corpus).encode()).hexdigest()[:16]
    return None


def _read_cache(cdir: Path, fingerprint: str, corpus: Path, ignored: list[str], on_error: OnError,
                columns: list[str] | None = None, with_comments: bool = True) -> Corpus | None:
    """The cached load of ``corpus``, or ``None`` when there is none for these files. A cached load that rejected
    a file is not used with ``on_error="raise"``: the parse then raises that file's own exception."""
    manifest = cdir / "manifest.json"
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("fingerprint") != fingerprint or (meta.get("rejected") and on_error == "raise"):
            return None
        posts = pd.read_parquet(cdir / "posts.parquet", columns=columns)
        comments = pd.read_parquet(cdir / "comments.parquet") if with_comments else _no_comments()
    except (OSError, ValueError):
        return None
    report = LoadReport(corpus=corpus, seen=meta["seen"], loaded=meta["loaded"], ignored=ignored,
                        rejected=[tuple(r) for r in meta.get("rejected", [])],
                        notes=[tuple(n) for n in meta["notes"]], warnings=[tuple(w) for w in meta["warnings"]])
    return Corpus(posts, comments, report)


def _no_comments() -> pd.DataFrame:
    from . import schema

    return schema.validate_comments(pd.DataFrame([], columns=schema.COMMENT_COLUMNS))


class SeenPosts:
    """The corpus-level rule every command applies as posts go by, in ``post_id`` order: a post whose ``post_id``
    (up to upper/lower case and Unicode form: ``a.txt`` and ``A.TXT``) or whose text equals an earlier one's is a
    duplicate, and the reason names the first. Keeps 16 bytes of each text's digest, so memory stays small."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._texts: dict[bytes, str] = {}

    def duplicate(self, name: str, post_id: str, text_digest: str) -> str | None:
        """Why the post in file ``name`` is a duplicate, or ``None`` (then it is remembered).
        ``text_digest``: hex sha256 of the post's stripped text."""
        key = unicodedata.normalize("NFC", post_id).casefold()
        if key in self._ids:
            return (f"same post_id as {shown_name(self._ids[key])} (the names differ only in upper/lower case or "
                    "Unicode form); rename one of them")
        digest = bytes.fromhex(text_digest[:32])
        if digest in self._texts:
            return f"same content as {shown_name(self._texts[digest])} (duplicate post)"
        self._ids[key] = self._texts[digest] = name
        return None


def text_digest(text: str) -> str:
    """The digest :class:`SeenPosts` compares: sha256 of the decoded text without surrounding whitespace."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def atomic_parquet(frame: pd.DataFrame, target: Path, **kwargs) -> None:
    """Write ``frame`` to ``target`` as parquet via a temp file and a rename (no temp file left on failure)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        frame.to_parquet(tmp, index=False, **kwargs)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_text(target: Path, content: str) -> None:
    """Write ``content`` (UTF-8) to ``target`` via a temp file and a rename (no temp file left on failure)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _write_manifest(cdir: Path, fingerprint: str, r: LoadReport) -> None:
    """The cache's commit point, written after its frames: a reader trusts the frames only when the manifest's
    fingerprint is that of the corpus it loads."""
    meta = {"fingerprint": fingerprint, "seen": r.seen, "loaded": r.loaded, "rejected": r.rejected, "notes": r.notes,
            "warnings": r.warnings}
    atomic_text(cdir / "manifest.json", json.dumps(meta, indent=1, ensure_ascii=False))


#: parsed posts per row group of the parse cache: the loader holds at most this many at once
ROW_GROUP = 2_000


class _ParquetSink:
    """Rows written to a parquet file a row group at a time: every :data:`ROW_GROUP` rows are validated against
    their schema and written, so memory stays flat in the number of posts. Across row groups the keys stay unique
    because the loader rejects a duplicate ``post_id`` (:class:`SeenPosts`) and each file is read once."""

    def __init__(self, target: Path, columns: list[str], validate) -> None:
        self.target, self.columns, self.validate = target, columns, validate
        self.rows: list[dict] = []
        self.writer: Any = None  # a pyarrow.parquet.ParquetWriter once the first group is written

    def extend(self, rows: Iterable[dict]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        frame = self.validate(pd.DataFrame(self.rows, columns=self.columns))
        self.rows = []
        if self.writer is None:  # the first group's schema (pandas metadata included) is every group's
            table = pa.Table.from_pandas(frame, preserve_index=False)
            self.writer = pq.ParquetWriter(self.target, table.schema)
        else:
            table = pa.Table.from_pandas(frame, schema=self.writer.schema, preserve_index=False)
        self.writer.write_table(table)

    def close(self) -> None:
        """Write the rows left (an empty file with the schema when there were none)."""
        if self.writer is None or self.rows:
            self._flush()
        self.writer.close()

    def abort(self) -> None:
        """Close the file as it is (after a failure: the caller removes it)."""
        if self.writer is not None:
            self.writer.close()


def load_corpus(
    corpus: str | Path | None = None, *, on_error: OnError | None = None, cache: bool | str | Path | None = None,
    progress: bool = False, columns: list[str] | None = None, with_comments: bool = True, jobs: int | None = None,
) -> Corpus:
    """Load a folder of posts: the posts frame, the comments frame and the load report.

    ``on_error="raise"`` raises the first rejection (a :class:`~servicestories.errors.PostRejected`
    subclass naming the file); ``"skip"`` loads the rest and lists every rejection in the report. Default:
    ``$SERVICESTORIES_ON_ERROR`` (set by ``make figures``: ``skip``, or ``raise`` with ``STRICT=1``), else ``raise``.
    ``cache``: ``None`` caches only the default corpus (in ``data/processed/``), ``True`` caches any corpus,
    a path caches there, ``False`` never caches. ``columns``: only these columns of the posts frame (read from
    the cache alone: a corpus of long posts loads in a fraction of the memory); ``with_comments=False``: an empty
    comments frame (not read). ``jobs``: worker processes that read the files (default: every core for a corpus
    of :data:`PARALLEL_FROM` files or more, else none); the result is the same for any number. The parsed posts
    are written to parquet as they come (:data:`ROW_GROUP` at a time; to the cache folder, or to a temporary one
    without a cache) and the frames read back from it, so the parse itself holds little more than the result.
    """
    if columns is not None:
        from . import schema

        if unknown := [c for c in columns if c not in schema.POST_COLUMNS]:
            raise ValueError(f"no such post column: {', '.join(map(repr, unknown))} "
                             f"(the columns: {', '.join(schema.POST_COLUMNS)})")
    corpus = _resolve_folder(Path(corpus) if corpus is not None else paths.corpus_dir())
    on_error = on_error or paths.on_error()  # the runner's policy reaches the notebooks' loads this way
    scan = scan_corpus(corpus)
    if on_error == "raise" and scan.rejected:
        name, reason = scan.rejected[0]
        raise PostRejected(reason, corpus / name)
    cdir = _cache_dir(corpus, cache)
    fingerprint = _fingerprint(scan) if cdir is not None else ""
    if cdir is not None and (hit := _read_cache(cdir, fingerprint, corpus, scan.ignored, on_error, columns,
                                                with_comments)) is not None:
        _emit_warnings(hit.report)
        return hit

    report = LoadReport(corpus=corpus, seen=list(scan.seen), ignored=scan.ignored,
                        rejected=list(scan.rejected), warnings=list(scan.warnings))
    with tempfile.TemporaryDirectory(prefix=".load-", dir=_scratch_dir(cdir)) as scratch:
        frames = _stream(scan, report, Path(scratch), on_error, jobs, progress)
        order = {name: i for i, name in enumerate(report.seen)}
        report.rejected.sort(key=lambda r: order[r[0]])
        report.warnings.sort(key=lambda r: order[r[0]])
        if len(report.seen) != len(report.loaded) + len(report.rejected):  # pragma: no cover - a loader bug
            raise RuntimeError(f"load report does not add up: {report.summary()}")
        posts = pd.read_parquet(frames[0], columns=columns)
        comments = pd.read_parquet(frames[1]) if with_comments else _no_comments()
        _emit_warnings(report)
        if cdir is not None:  # publish the parse (with its rejections, if any): frames first, the manifest last
            os.replace(frames[0], cdir / "posts.parquet")
            os.replace(frames[1], cdir / "comments.parquet")
            _write_manifest(cdir, fingerprint, report)
    return Corpus(posts, comments, report)


def _scratch_dir(cdir: Path | None) -> str | None:
    """Where the frames are written while the corpus is read: the cache folder (so that publishing them is a
    rename), else the system's temporary folder."""
    if cdir is None:
        return None
    cdir.mkdir(parents=True, exist_ok=True)
    return str(cdir)


def _stream(scan: Scan, report: LoadReport, scratch: Path, on_error: OnError, jobs: int | None,
            progress: bool) -> tuple[Path, Path]:
    """Parse every candidate file of ``scan`` in order, fill ``report``, and write the posts and comments frames to
    parquet files in ``scratch`` a row group at a time (:class:`_ParquetSink`); returns their paths."""
    from . import schema

    targets = (scratch / "posts.parquet", scratch / "comments.parquet")
    posts = _ParquetSink(targets[0], schema.POST_COLUMNS, schema.validate_posts)
    comments = _ParquetSink(targets[1], schema.COMMENT_COLUMNS, schema.validate_comments)
    try:
        _read_all(scan, report, posts, comments, on_error, jobs, progress)
    except BaseException:  # no writer is left open on a file the temporary folder removes
        posts.abort()
        comments.abort()
        raise
    posts.close()
    comments.close()
    return targets


def _read_all(scan: Scan, report: LoadReport, posts: _ParquetSink, comments: _ParquetSink, on_error: OnError,
              jobs: int | None, progress: bool) -> None:
    seen = SeenPosts()
    with closing(_parsed(scan.candidates, jobs)) as parsed:  # on a raise: the workers stop here, not in a GC
        items: Iterable[tuple[Path, _Parsed | None]] = parsed
        if progress:
            from tqdm import tqdm

            items = tqdm(parsed, total=len(scan.candidates), desc="loading posts", unit="post", leave=False)
        for path, post in items:
            try:
                if post is None:  # rejected in a worker: read here again, which raises the rejection itself
                    post = _parsed_post(*read_post(path))
                duplicate = seen.duplicate(path.name, post.row["post_id"], post.digest)
                if duplicate:
                    raise DuplicatePostError(duplicate, path)
            except PostRejected as exc:
                if on_error == "raise":
                    raise
                report.rejected.append((path.name, _reason(exc)))
                continue
            report.loaded.append(path.name)
            report.notes += [(path.name, n) for n in post.notes]
            report.warnings += [(path.name, w) for w in post.warnings]
            posts.extend((post.row,))
            comments.extend(post.comments)


@dataclass
class _Parsed:
    """What the loader keeps of one read post (picklable: it comes back from a worker process)."""

    row: dict
    comments: list[dict]
    notes: list[str]
    warnings: list[str]
    digest: str  # text_digest of the decoded text (duplicates)


#: a corpus of at least this many files is read on every core (fewer: in this process, no pool to start)
PARALLEL_FROM = 1_000


def _parsed_post(row: dict, comments: list[dict], dec: Decoded) -> _Parsed:
    return _Parsed(row, comments, list(dec.notes), list(dec.warnings), text_digest(dec.text))


def _parse_one(path: str | Path) -> _Parsed | None:
    """The parsed post, or ``None`` when the file is rejected (the caller reads it again for the reason)."""
    try:
        return _parsed_post(*read_post(path))
    except PostRejected:
        return None


def _parse_chunk(paths: list[str]) -> list[_Parsed | None]:
    return [_parse_one(p) for p in paths]


def _parsed(files: list[Path], jobs: int | None) -> Generator[tuple[Path, _Parsed | None], None, None]:
    """Each file with its parse, in order: on ``jobs`` worker processes (default: every core, for a corpus of
    :data:`PARALLEL_FROM` files or more), else here."""
    from .pool import CHUNK_SIZE, chunks, default_jobs, map_in_order

    jobs = (default_jobs() if len(files) >= PARALLEL_FROM else 1) if jobs is None else jobs
    if jobs <= 1 or len(files) <= CHUNK_SIZE:
        for path in files:
            yield path, _parse_one(path)
        return
    done = 0
    with closing(map_in_order(_parse_chunk, chunks(files, CHUNK_SIZE), jobs)) as batches:
        for batch in batches:
            yield from zip(files[done:done + len(batch)], batch)
            done += len(batch)


def _reason(exc: PostRejected) -> str:
    """The reason of a rejection, with its line (``line 3: …``) when it has one."""
    return f"line {exc.line}: {exc.reason}" if exc.line is not None else exc.reason


def _emit_warnings(report: LoadReport) -> None:
    for name, msg in report.warnings:
        warnings.warn(f"{shown_name(name)}: {msg}", CorpusWarning, stacklevel=3)


class PostChunks:
    """The posts frame of a loaded corpus, a group of at most :data:`ROW_GROUP` posts at a time: iterate for the
    frames (from the parse cache, one row group in memory at a time); ``len()`` is the number of posts, ``report``
    the load report. Made by :func:`post_chunks`."""

    def __init__(self, report: LoadReport, columns: list[str], source: Path | None,
                 frame: pd.DataFrame | None = None) -> None:
        self.report, self.columns, self._source, self._frame = report, columns, source, frame

    def __len__(self) -> int:
        return len(self.report.loaded)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        if self._frame is not None:
            for a in range(0, len(self._frame), ROW_GROUP):
                yield self._frame.iloc[a:a + ROW_GROUP].reset_index(drop=True)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        assert self._source is not None
        with pq.ParquetFile(self._source) as f:  # an open file: a cache replaced meanwhile is read as it was
            for batch in f.iter_batches(batch_size=ROW_GROUP, columns=self.columns):
                yield pa.Table.from_batches([batch]).to_pandas()[self.columns]


def post_chunks(corpus: str | Path | None = None, *, columns: list[str] | None = None,
                cache: bool | str | Path | None = True, **kwargs) -> PostChunks:
    """Load ``corpus`` as :func:`load_corpus` does (keyword arguments alike; ``cache`` on by default) and give its
    posts frame (``columns``) a group of posts at a time (:class:`PostChunks`), so that a notebook can read a corpus
    of any size in flat memory. Without a cache (e.g. ``cache=False``) the frame is loaded whole and cut into
    groups."""
    from . import schema

    columns = list(columns or schema.POST_COLUMNS)
    folder = _resolve_folder(Path(corpus) if corpus is not None else paths.corpus_dir())
    cdir = _cache_dir(folder, cache)
    if cdir is None:
        loaded = load_corpus(folder, cache=cache, columns=columns, with_comments=False, **kwargs)
        return PostChunks(loaded.report, columns, None, loaded.posts)
    loaded = load_corpus(folder, cache=cache, columns=columns[:1], with_comments=False, **kwargs)  # writes the cache
    return PostChunks(loaded.report, columns, cdir / "posts.parquet")


def load_posts(corpus: str | Path | None = None, **kwargs) -> pd.DataFrame:
    """One row per post (see ``docs/data-dictionary.md``). Keyword arguments as :func:`load_corpus` (e.g.
    ``columns=["post_id", "title", "body"]``); the comments are not read."""
    return load_corpus(corpus, with_comments=False, **kwargs).posts


def load_comments(corpus: str | Path | None = None, **kwargs) -> pd.DataFrame:
    """One row per reader comment: post_id, comment_no, author, date, text."""
    return load_corpus(corpus, **kwargs).comments
