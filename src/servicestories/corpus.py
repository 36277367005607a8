"""Load the posts into the one shared dataframe every notebook uses.

``load_posts()`` reads every ``*.txt`` file of a corpus folder (default ``data/raw/``, never written),
decodes it robustly, splits it with :mod:`servicestories.parse` and returns one row per post. The frame is
cached as ``data/processed/posts.parquet`` and rebuilt whenever a raw file (or the parser) changes.

Every file seen is accounted for: ``seen = loaded + rejected`` (see :class:`LoadReport`).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from . import paths, schema, text
from .errors import (
    BinaryFileError, CorpusNotFoundError, CorpusWarning, DuplicatePostError, EmptyPostError,
    NoPostsError, PostRejected, TitleOnlyError,
)
from .parse import PARSER_VERSION, parse_post

OnError = Literal["raise", "skip"]
_CONTROL = bytes(range(0, 32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\f", b"")


@dataclass
class Decoded:
    """A post file's text with ``\\n`` line endings, and what had to be repaired to get it."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    """What happened to every file in a corpus folder."""

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

    def __str__(self) -> str:
        lines = [
            f"corpus: {_shown(self.corpus)}",
            f"files seen: {len(self.seen)}  loaded: {len(self.loaded)}  rejected: {len(self.rejected)}",
        ]
        lines += [f"  rejected {name}: {reason}" for name, reason in self.rejected]
        lines += [f"  warning  {name}: {msg}" for name, msg in self.warnings]
        lines += [f"  note     {name}: {msg}" for name, msg in self.notes]
        if self.ignored:
            lines.append(f"  ignored (not .txt): {', '.join(self.ignored)}")
        return "\n".join(lines)


def _shown(path: Path) -> str:
    """A corpus path relative to the repository when inside it (no machine-specific paths in notebooks)."""
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


@dataclass
class Corpus:
    posts: pd.DataFrame
    comments: pd.DataFrame
    report: LoadReport


# -- one file --------------------------------------------------------------------------------------
def decode(raw: bytes, path: Path) -> Decoded:
    """Bytes to text. Rejects empty and binary files; repairs BOM, CRLF and cp1252/Latin-1 (with a warning)."""
    if not raw.strip():
        raise EmptyPostError("empty file (0 bytes)" if not raw else "file holds only whitespace", path)
    notes: list[str] = []
    warns: list[str] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        content, encoding = raw.decode("utf-16"), "utf-16"
        warns.append("UTF-16 file; decoded as UTF-16")
    else:
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise BinaryFileError(f"binary file, not a text post (NUL byte at offset {nul})", path)
        head = raw[:8192]
        if sum(head.count(bytes([c])) for c in _CONTROL) > 0.05 * len(head):
            raise BinaryFileError("binary file, not a text post (too many control characters)", path)
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
            notes.append("UTF-8 byte-order mark removed")
        try:
            content, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            try:
                content, encoding = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                content, encoding = raw.decode("latin-1"), "latin-1"
            warns.append(
                f"not UTF-8 (byte 0x{raw[exc.start]:02X} on line {line}); decoded as {encoding}"
            )
    if "\r" in content:
        notes.append("CRLF line endings normalised" if "\r\n" in content else "CR line endings normalised")
        content = content.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(content, encoding, notes, warns)


def read_post(path: str | Path) -> tuple[dict, list[dict], Decoded]:
    """Read and split one post file: (post row, comment rows, decoded text). Raises :class:`PostRejected`."""
    path = Path(path)
    raw = path.read_bytes()
    dec = decode(raw, path)
    parsed = parse_post(dec.text)
    if not parsed.title:
        raise EmptyPostError("no text in file", path)
    if not text.words(parsed.body):
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
        "n_words": len(text.words(parsed.body)),
        "n_sentences": len(text.sentence_spans(parsed.body)),
        "language": text.detect_language(parsed.title + "\n" + parsed.body),
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
def _post_files(corpus: Path) -> tuple[list[Path], list[str]]:
    if not corpus.exists():
        raise CorpusNotFoundError("corpus folder does not exist", corpus)
    if not corpus.is_dir():
        raise CorpusNotFoundError("not a folder", corpus)
    posts, ignored = [], []
    for p in sorted(corpus.iterdir()):
        if p.is_file() and p.suffix.lower() == ".txt" and not p.name.startswith("."):
            posts.append(p)
        else:
            ignored.append(p.name + ("/" if p.is_dir() else ""))
    if not posts:
        raise NoPostsError("no posts (*.txt files) in this folder", corpus)
    return posts, ignored


def _fingerprint(files: list[Path]) -> str:
    h = hashlib.sha256(f"parser={PARSER_VERSION};schema={schema.SCHEMA_VERSION}".encode())
    for p in files:
        h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
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


def _read_cache(cdir: Path, fingerprint: str, corpus: Path, ignored: list[str]) -> Corpus | None:
    manifest = cdir / "manifest.json"
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("fingerprint") != fingerprint:
            return None
        posts = pd.read_parquet(cdir / "posts.parquet")
        comments = pd.read_parquet(cdir / "comments.parquet")
    except (OSError, ValueError):
        return None
    report = LoadReport(corpus=corpus, seen=meta["seen"], loaded=meta["loaded"], ignored=ignored,
                        notes=[tuple(n) for n in meta["notes"]], warnings=[tuple(w) for w in meta["warnings"]])
    return Corpus(posts, comments, report)


def _atomic_parquet(frame: pd.DataFrame, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, target)


def _write_cache(cdir: Path, fingerprint: str, result: Corpus) -> None:
    cdir.mkdir(parents=True, exist_ok=True)
    _atomic_parquet(result.posts, cdir / "posts.parquet")
    _atomic_parquet(result.comments, cdir / "comments.parquet")
    r = result.report
    meta = {"fingerprint": fingerprint, "seen": r.seen, "loaded": r.loaded, "notes": r.notes,
            "warnings": r.warnings}
    tmp = cdir / f".manifest.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cdir / "manifest.json")


def load_corpus(
    corpus: str | Path | None = None, *, on_error: OnError | None = None, cache: bool | str | Path | None = None,
    progress: bool = False,
) -> Corpus:
    """Load a folder of posts: the posts frame, the comments frame and the load report.

    ``on_error="raise"`` raises the first rejection (a :class:`~servicestories.errors.PostRejected`
    subclass naming the file); ``"skip"`` loads the rest and lists every rejection in the report. Default:
    ``$SERVICESTORIES_ON_ERROR`` (set by ``make figures``: ``skip``, or ``raise`` with ``STRICT=1``), else ``raise``.
    ``cache``: ``None`` caches only the default corpus (in ``data/processed/``), ``True`` caches any corpus,
    a path caches there, ``False`` never caches.
    """
    corpus = Path(corpus).resolve() if corpus is not None else paths.corpus_dir().resolve()
    on_error = on_error or paths.on_error()  # the runner's policy reaches the notebooks' loads this way
    files, ignored = _post_files(corpus)
    cdir = _cache_dir(corpus, cache)
    fingerprint = _fingerprint(files) if cdir is not None else ""
    if cdir is not None and (hit := _read_cache(cdir, fingerprint, corpus, ignored)) is not None:
        _emit_warnings(hit.report)
        return hit

    report = LoadReport(corpus=corpus, ignored=ignored)
    rows: list[dict] = []
    comment_rows: list[dict] = []
    first_by_content: dict[str, str] = {}
    iterator = files
    if progress:
        from tqdm import tqdm

        iterator = tqdm(files, desc="loading posts", unit="post", leave=False)
    for path in iterator:
        report.seen.append(path.name)
        try:
            row, comments, dec = read_post(path)
            digest = hashlib.sha256(dec.text.strip().encode("utf-8")).hexdigest()
            if digest in first_by_content:
                raise DuplicatePostError(f"same content as {first_by_content[digest]} (duplicate post)", path)
            first_by_content[digest] = path.name
        except PostRejected as exc:
            if on_error == "raise":
                raise
            report.rejected.append((path.name, exc.reason))
            continue
        except OSError as exc:
            if on_error == "raise":
                raise PostRejected(f"cannot read file ({exc.strerror})", path) from exc
            report.rejected.append((path.name, f"cannot read file ({exc.strerror})"))
            continue
        report.loaded.append(path.name)
        report.notes += [(path.name, n) for n in dec.notes]
        report.warnings += [(path.name, w) for w in dec.warnings]
        rows.append(row)
        comment_rows.extend(comments)
    assert len(report.seen) == len(report.loaded) + len(report.rejected)
    posts = schema.validate_posts(pd.DataFrame(rows, columns=schema.POST_COLUMNS))
    comments_frame = schema.validate_comments(pd.DataFrame(comment_rows, columns=schema.COMMENT_COLUMNS))
    result = Corpus(posts, comments_frame, report)
    _emit_warnings(report)
    if cdir is not None and report.ok:
        _write_cache(cdir, fingerprint, result)
    return result


def _emit_warnings(report: LoadReport) -> None:
    for name, msg in report.warnings:
        warnings.warn(f"{name}: {msg}", CorpusWarning, stacklevel=3)


def load_posts(corpus: str | Path | None = None, **kwargs) -> pd.DataFrame:
    """One row per post (see ``docs/data-dictionary.md``). Keyword arguments as :func:`load_corpus`."""
    return load_corpus(corpus, **kwargs).posts


def load_comments(corpus: str | Path | None = None, **kwargs) -> pd.DataFrame:
    """One row per reader comment: post_id, comment_no, author, date, text."""
    return load_corpus(corpus, **kwargs).comments
