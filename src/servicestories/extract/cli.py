"""``python -m servicestories extract --corpus DIR --out FILE.csv``: code every ``.txt`` post of a folder."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from ..errors import shown_name
from ..safecsv import write_csv


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        name, help="code every .txt post in a folder automatically (rules, NLTK)",
        description="Code every .txt post in a folder with the rule-based extractor (docs/extraction.md) and "
                    "write one CSV row per post. Files that cannot be read as posts are skipped and listed.",
    )
    p.add_argument("--corpus", type=Path, default=None,
                   help="folder of .txt posts (default: the project corpus, data/raw/)")
    p.add_argument("--out", type=Path, required=True, help="CSV file to write (overwritten)")
    p.add_argument("--evidence", type=Path, default=None,
                   help="also write every evidence record (field, sentence, character offsets) to this CSV")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    return p


def run(args: argparse.Namespace) -> int:
    from ..commands.load import check_output
    from ..corpus import load_corpus
    from .core import CSV_COLUMNS, evidence_frame, extract_corpus, to_frame

    for out in (args.out, args.evidence):
        if out is not None:
            check_output(Path(out), (".csv",))  # fail before the work, not after it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(args.corpus, on_error="skip", cache=False,
                             progress=not args.no_progress and sys.stderr.isatty())
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    for name, reason in corpus.report.rejected:
        print(f"not coded {shown_name(name)}: {reason}", file=sys.stderr)
    print(corpus.report.summary(), file=sys.stderr)
    posts = corpus.posts
    progress = (not args.no_progress) and sys.stderr.isatty() and len(posts) >= 20
    results = extract_corpus(posts, progress=progress) if len(posts) else []
    frame = _with_rejected(to_frame(results, CSV_COLUMNS), corpus.report.rejected)
    _write_csv(frame, args.out)
    if args.evidence is not None:
        _write_csv(evidence_frame(results).sort_values(["post_id", "start", "field"], kind="stable"), args.evidence)
    print(f"coded {len(frame) - len(corpus.report.rejected)} post(s) -> {args.out}"
          + (f" ({len(corpus.report.rejected)} unreadable: listed with empty codes)" if corpus.report.rejected
             else ""), file=sys.stderr)
    return 1 if corpus.report.rejected else 0


def _with_rejected(frame, rejected: list[tuple[str, str]]):
    """One row for every .txt file seen: files that could not be read get empty / ``unclear`` codes and the
    reason in ``evidence``, so no post disappears from the output."""
    import pandas as pd

    from .core import CSV_COLUMNS, extract_post, to_frame

    rows = []
    for name, reason in rejected:
        row = to_frame([extract_post("", post_id=Path(name).stem)], CSV_COLUMNS)
        row["evidence"] = f"not coded: {reason}"
        rows.append(row)
    if not rows:
        return frame
    return pd.concat([frame, *rows], ignore_index=True).sort_values("post_id", kind="stable").reset_index(drop=True)


def _write_csv(frame, out: Path) -> None:
    """Write atomically and spreadsheet-safe (servicestories.safecsv); numbers without trailing ``.0``."""
    frame = frame.copy()
    if "duration_hours" in frame:
        frame["duration_hours"] = frame["duration_hours"].map(_fmt_number)
    write_csv(frame, out)


def _fmt_number(x) -> str:
    if x is None or x != x:
        return ""
    return f"{round(float(x), 2):g}" if abs(x) < 1e15 else str(x)
