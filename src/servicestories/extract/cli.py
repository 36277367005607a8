"""``python -m servicestories extract --corpus DIR --out FILE.csv``: code every ``.txt`` post of a folder.

Streaming: files are enumerated, read and coded in chunks by worker processes (``--jobs``, default every core)
or on a Dask cluster (``--scheduler tcp://HOST:PORT``), and rows are written in ``post_id`` order as the chunks
come back, so memory stays flat and the CSV is byte-identical for any number of workers.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, TextIO

from ..errors import ServiceStoriesError

EVIDENCE_COLUMNS = ("post_id", "field", "value", "sentence", "start", "end", "match_start", "match_end")


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        name, help="code every .txt post in a folder automatically (rules, NLTK)",
        description="Code every .txt post in a folder with the rule-based extractor (docs/extraction.md) and "
                    "write one CSV row per post file. Files that cannot be read as posts get a row with empty "
                    "codes and the reason. Runs on every core (--jobs) or on a Dask cluster (--scheduler); the "
                    "CSV is the same either way.",
    )
    p.add_argument("--corpus", type=Path, default=None,
                   help="folder of .txt posts (default: the project corpus, data/raw/)")
    p.add_argument("--out", type=Path, required=True, help="CSV file to write (overwritten)")
    p.add_argument("--evidence", type=Path, default=None,
                   help="also write every evidence record (field, sentence, character offsets) to this CSV")
    p.add_argument("--jobs", "-j", type=_positive_int, default=None,
                   help=f"worker processes (default: every core, {os.cpu_count() or 1} here)")
    p.add_argument("--scheduler", default=os.environ.get("SERVICESTORIES_SCHEDULER") or None,
                   metavar="tcp://HOST:PORT",
                   help="run on this Dask distributed scheduler instead of local processes "
                        "(default: $SERVICESTORIES_SCHEDULER)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    return p


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"jobs must be a whole number of at least 1, not {text!r}")
    return value


def post_files(corpus: Path | None):
    """The corpus folder scanned by :func:`servicestories.corpus.scan_corpus` (the one place that decides what is a
    post): candidates to code and entries rejected unopened (hidden, folder, pipe, broken link...)."""
    from .. import paths
    from ..corpus import scan_corpus

    return scan_corpus(Path(corpus) if corpus is not None else paths.corpus_dir())


def _in_order(scan) -> list[tuple[str, Path | None, str]]:
    """Every seen entry in ``post_id`` order: ``(name, path to code or None, reason if rejected unopened)``."""
    entries = [(p.name, p, "") for p in scan.candidates] + [(n, None, r) for n, r in scan.rejected]
    return sorted(entries, key=lambda e: (Path(e[0]).stem, e[0]))


def run(args: argparse.Namespace) -> int:
    from ..commands.load import check_output
    from ..errors import shown_name
    from .core import CSV_COLUMNS

    for t in [args.out] + ([args.evidence] if args.evidence is not None else []):
        check_output(Path(t), (".csv",))  # fail before the work, not after it
    scan = post_files(args.corpus)
    for name, msg in scan.warnings:
        print(f"warning: {shown_name(name)}: {msg}", file=sys.stderr)
    entries = _in_order(scan)
    files = [p for _, p, _ in entries if p is not None]
    progress = None
    if not args.no_progress and sys.stderr.isatty() and len(entries) >= 20:
        from tqdm import tqdm

        progress = tqdm(total=len(entries), desc="coding posts", unit="post", leave=False)
    coded = 0
    rejected: list[tuple[str, str]] = []
    results = accounted(files, jobs=args.jobs, scheduler=args.scheduler)
    with _AtomicCsv(args.out, CSV_COLUMNS) as out, _AtomicCsv(args.evidence, EVIDENCE_COLUMNS) as ev:
        for name, path, reason in entries:
            if path is None:  # rejected by the scan, never opened
                rejected.append((name, reason))
                print(f"not coded {shown_name(name)}: {reason}", file=sys.stderr)
                out.write(_cells(rejected_row(Path(name).stem, reason)))
                continue
            f = next(results)
            for w in f.warnings:
                print(f"warning: {shown_name(f.name)}: {w}", file=sys.stderr)
            if f.status == "coded":
                coded += 1
                out.write(_cells([f.row.get(c) for c in CSV_COLUMNS]))
                if args.evidence is not None:  # without --evidence the rows are not formatted at all
                    for e in f.evidence:
                        ev.write(_cells((f.post_id, *e)))
            else:
                rejected.append((f.name, f.reason))
                print(f"not coded {shown_name(f.name)}: {f.reason}", file=sys.stderr)
                out.write(_cells(rejected_row(f.post_id, f.reason)))
            if progress is not None:
                progress.update(1)
    if progress is not None:
        progress.close()
    seen = len(entries)
    assert seen == coded + len(rejected)
    print(f"coded {coded} post(s) -> {args.out}"
          + (f" ({len(rejected)} unreadable: listed with empty codes)" if rejected else ""), file=sys.stderr)
    print(f"files seen: {seen}  loaded: {coded}  rejected: {len(rejected)}", file=sys.stderr)
    return 1 if rejected else 0


def accounted(files: list[Path], *, jobs: int | None = None, scheduler: str | None = None,
              draft: bool = False) -> Iterator:
    """Code ``files`` in order and apply the loader's corpus-level rules as the results stream by: a post
    with the same content or the same ``post_id`` as an earlier one is rejected (reason names the first)."""
    from ..corpus import SeenPosts
    from .parallel import iter_coded

    seen = SeenPosts()
    with closing(iter_coded(files, jobs=jobs, scheduler=scheduler, draft=draft)) as batches:  # workers stop here
        for batch in batches:
            for f in batch:
                duplicate = f.status == "coded" and seen.duplicate(f.name, f.post_id, f.text_digest)
                if duplicate:
                    _reject(f, duplicate)
                yield f


def _reject(f, reason: str) -> None:
    f.status, f.reason = "rejected", reason
    f.row, f.evidence, f.case, f.events = {}, [], {}, []


_EMPTY_ROW: dict | None = None


def rejected_row(post_id: str, reason: str) -> list:
    """The CSV row of a file that could not be coded: empty / ``unclear`` codes, the reason in ``evidence``."""
    global _EMPTY_ROW
    from .core import CSV_COLUMNS, extract_post

    if _EMPTY_ROW is None:
        _EMPTY_ROW = extract_post("").to_row()
    row = {**_EMPTY_ROW, "post_id": post_id, "evidence": f"not coded: {reason}"}
    return [row.get(c) for c in CSV_COLUMNS]


def _cells(values) -> list[str]:
    """CSV cells: text neutralised against spreadsheet formulas (:func:`servicestories.safecsv.neutralise_text`),
    numbers without a trailing ``.0``."""
    from ..safecsv import neutralise_text

    out = []
    for value in values:
        if value is None:
            out.append("")
        elif isinstance(value, (bool, int)):
            out.append(str(value))
        elif isinstance(value, float):
            out.append(_fmt_number(value))
        else:
            out.append(str(neutralise_text(str(value))))
    return out


def _fmt_number(x) -> str:
    if x is None or math.isnan(x):
        return ""
    return f"{round(float(x), 2):g}" if abs(x) < 1e15 else str(x)


class _AtomicCsv:
    """A CSV written row by row to a temp file in the target folder and renamed into place on success only
    (the logic of :func:`servicestories.safecsv.write_csv`, streaming). ``target=None`` writes nothing."""

    def __init__(self, target: Path | None, columns: tuple[str, ...]):
        self.target = Path(target) if target is not None else None
        self.columns = columns
        self.tmp: Path | None = None
        self.fh: TextIO | None = None
        self.writer: Any = None

    def __enter__(self):
        if self.target is None:
            return self
        parent = self.target.parent if str(self.target.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=parent)
        except OSError as exc:
            raise ServiceStoriesError(f"cannot write here: {exc.strerror or exc}", parent) from None
        self.tmp = Path(tmp)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.fh, lineterminator="\n")
        self.writer.writerow(self.columns)
        return self

    def write(self, row: list) -> None:
        if self.writer is not None:
            try:
                self.writer.writerow(row)
            except OSError as err:
                raise ServiceStoriesError(f"cannot write: {err.strerror or err}", self.target) from None

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.target is None or self.tmp is None or self.fh is None:
            return
        try:
            self.fh.close()
            if exc_type is None:
                os.replace(self.tmp, self.target)
        except OSError as err:
            self.tmp.unlink(missing_ok=True)
            raise ServiceStoriesError(f"cannot write: {err.strerror or err}", self.target) from None
        finally:
            if exc_type is not None:
                self.tmp.unlink(missing_ok=True)
