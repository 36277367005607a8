"""Case ids: one per post, short where the file names allow it (``000`` for ``000_vista_aktivierung.txt``)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def case_ids(post_ids: Iterable[str]) -> pd.Series:
    """``post_id`` -> ``case_id``: the part of the post id before its first ``_`` (the ``000`` of
    ``000_vista_aktivierung``) where no other of ``post_ids`` starts the same, else the whole post id (a corpus of
    ``blog_1``, ``blog_2`` …): every post is a case of its own."""
    ids = pd.Series(pd.unique(pd.Series(list(post_ids), dtype=object)), dtype=object)
    short = ids.str.split("_").str[0]
    own = ~short.duplicated(keep=False) & short.ne("")  # ("_x": no part before the "_")
    return pd.Series(short.where(own, ids).to_numpy(), index=ids.to_numpy(), dtype=object)
