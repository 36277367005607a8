"""The codes the chart notebooks draw: hand codes for the bundled corpus, automatic drafts for any other.

``load_codes(CORPUS)`` is what notebooks 03–05 and the write-up call. For the bundled corpus (``CORPUS = None``)
it returns the validated hand codes from ``data/annotations/``. For another folder of posts, for which no hand
codes exist, it returns the automatic draft codes of :mod:`servicestories.extract` in the same columns, and says
so in ``source`` so that every notebook can label its figures honestly. Those are coded once per corpus and
coder version (:func:`servicestories.coded.code_corpus`, cached in ``data/processed/coded/``): the first call
codes the posts (on every core, or on a Dask cluster), every later call — the next notebook, the write-up —
reads the cache, and an added or changed post is coded alone.

Where to code: ``jobs`` / ``scheduler`` arguments, else the environment variables ``SERVICESTORIES_JOBS`` and
``SERVICESTORIES_SCHEDULER`` (``tcp://HOST:PORT`` of a Dask distributed scheduler).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import paths

if TYPE_CHECKING:
    from .coded import CodedCorpus


@dataclass
class Codes:
    cases: pd.DataFrame
    events: pd.DataFrame | None  # None: loaded without the steps (``load_codes(..., steps=False)``)
    posts: pd.DataFrame
    source: str  # "hand" or "automatic"
    #: files of the corpus that could not be coded, with the reason (automatic codes only)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "hand codes" if self.source == "hand" else "automatic codes (not checked by a person)"


def is_bundled(corpus: str | Path | None) -> bool:
    return corpus is None or Path(corpus).resolve() == paths.RAW.resolve()


def code_user_corpus(corpus: str | Path, *, jobs: int | None = None, scheduler: str | None = None) -> CodedCorpus:
    """Code the posts of ``corpus`` not yet in its cache (:func:`servicestories.coded.code_corpus`); the worker
    processes and the Dask scheduler default to ``$SERVICESTORIES_JOBS`` and ``$SERVICESTORIES_SCHEDULER``."""
    from .coded import code_corpus

    if jobs is None and os.environ.get("SERVICESTORIES_JOBS"):
        jobs = int(os.environ["SERVICESTORIES_JOBS"])
    scheduler = scheduler or os.environ.get("SERVICESTORIES_SCHEDULER") or None
    return code_corpus(corpus, jobs=jobs, scheduler=scheduler)


def load_codes(corpus: str | Path | None = None, *, steps: bool | Sequence[str] = True, jobs: int | None = None,
               scheduler: str | None = None) -> Codes:
    """Cases and steps for ``corpus`` (default: the bundled posts, hand-coded).

    For another corpus the cases carry one more column, ``needs_review``: the ``;``-joined fields whose automatic
    code is below the coder's confidence threshold (``servicestories.extract.REVIEW_THRESHOLD``). ``posts`` then
    holds the post metadata
    without the texts (``body``/``text``/``boilerplate``), so memory stays small at any corpus size.
    ``steps=False``: the same cases without the contact steps (``events`` is ``None``), for readers of the cases
    alone (notebook 03, the write-up); the steps are the largest of the frames. ``steps=["channel", ...]``: the
    steps with only these columns besides ``post_id``, ``case_id`` and ``step`` (notebook 04 draws the channels
    alone, without each step's quote and title); a column the steps do not have raises ``ValueError``.
    """
    from .coded import step_columns, steps_with
    from .memory import give_back

    wanted = step_columns(steps)  # checked before anything is read or coded
    if is_bundled(corpus):
        from .codes import validate_annotations
        from .corpus import load_posts

        posts = load_posts(None)
        cases, events = validate_annotations(posts=posts)
        return Codes(cases, None if steps is False else steps_with(events, wanted), posts, "hand")
    from .errors import NoPostsError

    assert corpus is not None
    coded = code_user_corpus(corpus, jobs=jobs, scheduler=scheduler)
    if not len(coded.loaded):
        raise NoPostsError("no post of this folder could be coded", coded.corpus)
    cases, events = coded.draft_frames(steps)
    codes = Codes(cases, events, coded.posts(), "automatic", rejected=coded.rejected)
    del coded
    give_back()  # what reading every part of the cache freed: the notebook's next steps start from the frames
    return codes


def load_companies(corpus: str | Path | None = None, *, jobs: int | None = None,
                   scheduler: str | None = None) -> pd.Series:
    """``post_id`` -> company of each case, as ``load_codes(corpus).cases`` has it, without reading the other
    codes (notebook 06 groups its distinctive terms by company)."""
    if is_bundled(corpus):
        return load_codes(None).cases.set_index("post_id")["company"]
    assert corpus is not None
    return code_user_corpus(corpus, jobs=jobs, scheduler=scheduler).companies()
