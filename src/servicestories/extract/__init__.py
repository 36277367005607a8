"""Automatic escalation coding of German service stories (issue 5), rule-based with NLTK.

Public API::

    from servicestories.extract import extract_post, extract_corpus, to_frame, parse_durations
    r = extract_post(body, title=title)        # -> Extraction (fields + evidence with offsets)
    frame = to_frame(extract_corpus(load_posts()))

Modules: :mod:`.doc` (sentences/tokens via :mod:`servicestories.text`), :mod:`.gazetteer` (company, sector),
:mod:`.channels`, :mod:`.duration`, :mod:`.outcome`, :mod:`.actors`, :mod:`.core`; commands :mod:`.cli`
(``extract``) and :mod:`.draft_cli` (``draft-codes``); :mod:`.validate` compares with the hand codes.
See docs/extraction.md for every rule and its limits.
"""

from .core import (
    CONFIDENCE_KEYS,
    CSV_COLUMNS,
    REVIEW_THRESHOLD,
    Evidence,
    Extraction,
    evidence_frame,
    extract_corpus,
    extract_post,
    story_text,
    to_frame,
)
from .duration import Duration, parse_durations

__all__ = [
    "CONFIDENCE_KEYS",
    "CSV_COLUMNS",
    "REVIEW_THRESHOLD",
    "Duration",
    "Evidence",
    "Extraction",
    "evidence_frame",
    "extract_corpus",
    "extract_post",
    "parse_durations",
    "story_text",
    "to_frame",
]
