"""The codes the chart notebooks draw: hand codes for the bundled corpus, automatic drafts for any other.

``load_codes(CORPUS)`` is what notebooks 03–05 call. For the bundled corpus (``CORPUS = None``) it returns the
validated hand codes from ``data/annotations/``. For another folder of posts, for which no hand codes exist,
it returns the automatic draft codes of :mod:`servicestories.extract` in the same columns, and says so in
``source`` so that every notebook can label its figures honestly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .corpus import load_posts


@dataclass
class Codes:
    cases: pd.DataFrame
    events: pd.DataFrame
    posts: pd.DataFrame
    source: str  # "hand" or "automatic"

    @property
    def label(self) -> str:
        return "hand codes" if self.source == "hand" else "automatic codes (not checked by a person)"


def is_bundled(corpus: str | Path | None) -> bool:
    return corpus is None or Path(corpus).resolve() == paths.RAW.resolve()


def load_codes(corpus: str | Path | None = None) -> Codes:
    """Cases and steps for ``corpus`` (default: the bundled posts, hand-coded)."""
    posts = load_posts(None if is_bundled(corpus) else corpus)
    if is_bundled(corpus):
        from .codes import validate_annotations

        cases, events = validate_annotations(posts=posts)
        return Codes(cases, events, posts, "hand")
    from .extract.draft import draft_frames

    cases, events = draft_frames(posts)
    return Codes(cases, events, posts, "automatic")
