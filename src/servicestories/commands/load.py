"""``python -m servicestories load [--corpus DIR] [--out FILE.csv|FILE.parquet] [--comments-out FILE]``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from pathlib import Path

from ..corpus import load_corpus
from ..errors import CorpusWarning, ServiceStoriesError
from ..safecsv import write_csv

DESCRIPTION = (
    "Load a folder of .txt posts and print a load report: files seen, loaded and rejected (each rejected file "
    "with its reason), warnings and repairs. Optionally write the posts frame (and the comments frame) to a CSV "
    "or Parquet file. In CSV output, text cells starting with =, +, -, @ get a leading ' so that spreadsheets "
    "do not run them as formulas; Parquet keeps the text unchanged."
)


def add_parser(sub, name: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help="load a folder of posts, print a load report, optionally write the frame",
                       description=DESCRIPTION)
    p.add_argument("--corpus", type=Path, default=None, help="folder of .txt posts (default: data/raw/)")
    p.add_argument("--out", type=Path, default=None, help="write the posts frame to FILE.csv or FILE.parquet")
    p.add_argument("--comments-out", type=Path, default=None, help="also write the comments frame")
    return p


def check_output(out: Path, suffixes: tuple[str, ...] = (".csv", ".parquet")) -> None:
    """Fail before any work if ``out`` cannot be an output file (one-line error naming it)."""
    if out.suffix.lower() not in suffixes:
        raise ServiceStoriesError(f"output must end in {' or '.join(suffixes)}", out)
    if out.is_dir():
        raise ServiceStoriesError("is a folder, not a file: give a file name", out)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ServiceStoriesError("output folder does not exist", parent)
    if not os.access(parent, os.W_OK):
        raise ServiceStoriesError("output folder is not writable", parent)


def write_frame(frame, out: Path) -> None:
    """Write a frame to ``.csv`` (spreadsheet-safe) or ``.parquet``, atomically: an interrupted or failed write
    leaves the previous file (if any) and no temporary file."""
    if out.suffix.lower() != ".parquet":
        write_csv(frame, out)
        return
    parent = out.parent if str(out.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
        os.close(fd)
    except OSError as exc:
        raise ServiceStoriesError(f"cannot write here: {exc.strerror or exc}", parent) from None
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, out)
    except OSError as exc:
        raise ServiceStoriesError(f"cannot write: {exc.strerror or exc}", out) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    for out in (args.out, args.comments_out):
        if out is not None:
            check_output(out)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # the report lists them
        result = load_corpus(args.corpus, on_error="skip", progress=sys.stderr.isatty())
    report = result.report
    print(report)
    if args.out is not None and len(result.posts):
        write_frame(result.posts, args.out)
        print(f"wrote {len(result.posts)} posts to {args.out}")
    if args.comments_out is not None and len(result.posts):
        write_frame(result.comments, args.comments_out)
        print(f"wrote {len(result.comments)} comments to {args.comments_out}")
    if not report.ok:
        nothing = "; nothing loaded, no output written" if not report.loaded else ""
        print(f"error: {len(report.rejected)} of {len(report.seen)} files rejected{nothing}", file=sys.stderr)
        return 1
    return 0
