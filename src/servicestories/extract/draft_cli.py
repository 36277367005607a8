"""``python -m servicestories draft-codes POST.txt [--out-dir DIR]``: pre-filled hand-code rows for a new post.

Writes ``<post_id>.cases.csv`` (one row, the columns of ``data/annotations/cases.csv``) and
``<post_id>.events.csv`` (one row per contact step found, the columns of ``events.csv``). Every quote is a
verbatim sentence of the post, so the rows pass the quote check of ``load_cases()``; every code is a
*suggestion* from the rules in docs/extraction.md and must be checked against docs/codebook.md before the rows
are pasted into ``data/annotations/``. ``result`` cells and ``notes`` say what to check.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from ..errors import ServiceStoriesError
from ..safecsv import write_csv


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        name, help="pre-fill hand-code rows (cases + events) for one new post",
        description="Code one post automatically and write draft rows with the columns of "
                    "data/annotations/cases.csv and events.csv, quotes verbatim from the post. Check every "
                    "cell against docs/codebook.md before pasting the rows into data/annotations/. Text cells "
                    "starting with =, +, -, @ get a leading ' (spreadsheet-safe); the annotation loader drops "
                    "that mark again.",
    )
    p.add_argument("post", type=Path, help="the post (.txt)")
    p.add_argument("--out-dir", type=Path, default=None,
                   help="folder for the drafts (default: data/processed/drafts/)")
    return p


def draft_rows(path: Path) -> tuple[dict, list[dict]]:
    """(case row, event rows) for one post file, as dicts keyed by the annotation columns."""
    from ..corpus import read_post
    from .draft import draft_post

    row, _comments, _dec = read_post(path)
    return draft_post(row)


def _write(rows: list[dict], columns: list[str], path: Path) -> None:
    write_csv(pd.DataFrame(rows, columns=columns, dtype=object), path)


def run(args: argparse.Namespace) -> int:
    from .. import paths
    from ..codes import CASE_COLUMNS, EVENT_COLUMNS

    post = Path(args.post)
    if not os.path.lexists(post):
        raise ServiceStoriesError("no such post file", post)
    out_dir = Path(args.out_dir) if args.out_dir is not None else paths.PROCESSED / "drafts"
    if out_dir.exists() and not out_dir.is_dir():
        raise ServiceStoriesError("--out-dir is a file, not a folder", out_dir)
    case, events = draft_rows(post)  # a post that cannot be read raises PostRejected (exit code 1)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServiceStoriesError(f"cannot create output folder ({exc.strerror})", out_dir) from None
    cpath = out_dir / f"{case['post_id']}.cases.csv"
    epath = out_dir / f"{case['post_id']}.events.csv"
    _write([case], list(CASE_COLUMNS), cpath)
    _write(events, list(EVENT_COLUMNS), epath)
    print(f"case row:  {cpath}")
    print(f"step rows: {epath} ({len(events)} step(s))")
    print("check every cell against docs/codebook.md, then paste the rows into data/annotations/cases.csv "
          "and events.csv (without the header line)", file=sys.stderr)
    return 0
