"""Case ids: one per post, short where the file names allow it (``000`` for ``000_vista_aktivierung.txt``)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .wording import clip


def case_ids(post_ids: Iterable[str]) -> pd.Series:
    """``post_id`` -> ``case_id``: the part of the post id before its first ``_`` (the ``000`` of
    ``000_vista_aktivierung``) where no other of ``post_ids`` starts the same, else the whole post id (a corpus of
    ``blog_1``, ``blog_2`` …): every post is a case of its own."""
    ids = pd.Series(pd.unique(pd.Series(list(post_ids), dtype=object)), dtype=object)
    short = ids.str.split("_").str[0]
    own = ~short.duplicated(keep=False) & short.ne("")  # ("_x": no part before the "_")
    return pd.Series(short.where(own, ids).to_numpy(), index=ids.to_numpy(), dtype=object)


#: case ids longer than this are shortened in figure labels (the tables and CSV files keep them whole)
SHOWN_WIDTH = 24


def shown_ids(ids: Iterable[str], width: int = SHOWN_WIDTH) -> dict[str, str]:
    """Each case id as a figure label shows it: whole up to ``width`` characters; a longer one as its start, ``…``
    and its end, with the end just long enough that no two ids look the same (``Mein Bericht…Teil 1 vom Sommer``).
    Ids that differ only deep inside, where no such cut tells them apart, stay whole."""
    unique = list(dict.fromkeys(str(i) for i in ids))
    if all(len(i) <= width for i in unique):
        return {i: i for i in unique}
    for tail in range(width // 2, width - 1):
        head = width - 1 - tail
        shown = {i: i if len(i) <= width else i[:head].rstrip() + "…" + i[-tail:].lstrip() for i in unique}
        if len(set(shown.values())) == len(unique):
            return shown
    return {i: i for i in unique}


def case_label(company: object, case_id: str, shown: dict[str, str] | None = None, width: int = SHOWN_WIDTH) -> str:
    """``"Microsoft (000)"``: the company (``unnamed`` when empty; cut to ``width`` characters) and the case id as
    ``shown`` maps it (:func:`shown_ids`)."""
    name = company.strip() if isinstance(company, str) else ""  # None, NaN, <NA>: no company
    return f"{clip(name or 'unnamed', width)} ({(shown or {}).get(case_id, case_id)})"
