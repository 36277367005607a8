"""What the project says about a loaded corpus, computed rather than typed: notebook 01's sentences (the posts whose
date line has no year, the posts with boilerplate split off, the comment threads) and the note on posts that are not
German (the runner and the write-up). Each function takes the ``posts`` frame of :func:`servicestories.load_corpus`
(or its ``language`` column; any size) and returns a sentence or a small table."""

from __future__ import annotations

import pandas as pd

from .caseids import case_ids
from .wording import k_of, none_of, plural

#: posts listed by name in a sentence; beyond that the sentence gives the count and the first ones
NAMED = 5


def _named(ids: pd.Series) -> str:
    shown = ", ".join(ids.iloc[:NAMED])
    return shown if len(ids) <= NAMED else f"{shown} … (+{len(ids) - NAMED:,} more)"


def undated(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts with a date line but no full date: ``published_text`` kept verbatim, ``published`` left empty (a date
    without a year, say). Columns ``post_id``, ``published_text``."""
    text = posts["published_text"].fillna("").astype(str).str.strip()
    rows = posts[(text != "") & posts["published"].isna()]
    return rows[["post_id", "published_text"]].reset_index(drop=True)


def undated_sentence(posts: pd.DataFrame) -> str:
    """``"1 of 5 posts has a date line without a full date, kept as written: 001 ('08Mai')."``"""
    rows = undated(posts)
    if rows.empty:
        return "No post has a date line without a full date."
    ids = rows["post_id"].map(case_ids(posts["post_id"]))
    return (f"{k_of(len(rows), len(posts), 'post', 'has', 'have')} a date line without a full date, kept as written: "
            f"{_named(ids + ' (' + rows['published_text'].map(repr) + ')')}.")


def with_boilerplate(posts: pd.DataFrame) -> pd.DataFrame:
    """The posts the loader split boilerplate off, one line each (``|`` where the post had a line break)."""
    text = posts["boilerplate"].fillna("").astype(str)
    rows = posts[text.str.strip() != ""]
    return pd.DataFrame({"post_id": rows["post_id"].to_numpy(),
                         "boilerplate": text[rows.index].str.replace("\n", " | ").to_numpy()})


def boilerplate_sentence(posts: pd.DataFrame) -> str:
    """``"4 of 5 posts had boilerplate split off."``"""
    n = len(with_boilerplate(posts))
    if not n:
        return none_of(len(posts), "post", "had boilerplate split off", "had no boilerplate split off")
    return f"{k_of(n, len(posts), 'post', 'had', 'had')} boilerplate split off."


def comment_sentence(posts: pd.DataFrame) -> str:
    """Which posts have a reader-comment thread and how many comments they hold, e.g. ``"1 of 5 posts has reader
    comments, 3 in all: 004 (3 comments)."``"""
    n = posts["n_comments"].fillna(0).astype(int)
    threads = posts[n > 0]
    if threads.empty:
        return none_of(len(posts), "post", "has reader comments", "has no reader comments")
    ids = threads["post_id"].map(case_ids(posts["post_id"]))
    counts = n[threads.index]
    named = _named(ids + " (" + counts.map(lambda k: plural(int(k), "comment")) + ")")
    return (f"{k_of(len(threads), len(posts), 'post', 'has', 'have')} reader comments, {int(counts.sum()):,} in all: "
            f"{named}.")


def language_note(languages: pd.Series) -> str:
    """A warning when posts are not German (the loader's ``language`` column: ``de``, ``en`` or ``und`` for too
    little text to tell), e.g. ``"6 of 6 posts look English, not German: …"``; ``""`` when none does."""
    n_en = int((languages.astype(str) == "en").sum())
    if not n_en:
        return ""
    return (f"{k_of(n_en, len(languages), 'post', 'looks', 'look')} English, not German: the coder's rules and the "
            "stop words of notebook 06 are German, so their codes and terms are unreliable.")
