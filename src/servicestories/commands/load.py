"""``python -m servicestories load [--corpus DIR] [--out FILE.csv|FILE.parquet]``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from ..corpus import load_corpus
from ..errors import CorpusWarning, ServiceStoriesError


def add_parser(sub, name: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help="load a folder of posts, print a load report, optionally write the frame",
                       description=__doc__)
    p.add_argument("--corpus", type=Path, default=None, help="folder of .txt posts (default: data/raw/)")
    p.add_argument("--out", type=Path, default=None, help="write the posts frame to FILE.csv or FILE.parquet")
    p.add_argument("--comments-out", type=Path, default=None, help="also write the comments frame")
    return p


def _write(frame, out: Path) -> None:
    """Write a frame to ``.parquet`` or ``.csv`` (the suffix is checked before loading)."""
    if out.suffix.lower() == ".parquet":
        frame.to_parquet(out, index=False)
    else:
        frame.to_csv(out, index=False, lineterminator="\n")


def run(args: argparse.Namespace) -> int:
    for out in (args.out, args.comments_out):
        if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
            raise ServiceStoriesError("output must end in .csv or .parquet", out)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # the report lists them
        result = load_corpus(args.corpus, on_error="skip", progress=sys.stderr.isatty())
    print(result.report)
    if args.out is not None and len(result.posts):
        _write(result.posts, args.out)
        print(f"wrote {len(result.posts)} posts to {args.out}")
    if args.comments_out is not None:
        _write(result.comments, args.comments_out)
        print(f"wrote {len(result.comments)} comments to {args.comments_out}")
    if not result.report.ok:
        print(f"error: {len(result.report.rejected)} of {len(result.report.seen)} files rejected", file=sys.stderr)
        return 1
    return 0
