"""Notebook 06's statistics in one pass over the corpus, a chunk of posts at a time.

:func:`servicestories.language.token_table` holds a row per token of every post, so its memory grows with the
number of tokens in the corpus, and every statistic computed from it needs the whole table at once.
:func:`read_language` builds the token table of :data:`CHUNK` posts at a time, takes from it what notebook 06
shows, and drops it before the next chunk: per post a summary row and its first content tokens; per group of
posts (e.g. per company) the count of each written form; the counts of words and of candidate word pairs
(collocations); the concordance of channel words. What it keeps grows with the number of posts (one summary row
and a few sample tokens each), the vocabulary and the number of channel-word hits, not with the number of
tokens. The posts can come as one frame or as an iterable of frames (e.g. the row groups of the parse cache,
:func:`servicestories.corpus.post_chunks`).

Every result equals the function of :mod:`servicestories.language` on the whole token table
(``tests/test_language_stream.py`` compares them, chunk size 1 to the whole corpus).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import language
from .language import PAIR_BASE, BigramCounts
from .memory import give_back

#: posts whose token table is built at a time
CHUNK = 2_000
#: parts of a sum are folded once they hold more than twice this many rows, or twice the sum's
FOLD_FROM = 1 << 16
#: the columns of the posts frame that are read
POST_COLUMNS = ["post_id", "title", "body"]


@dataclass
class CorpusLanguage:
    """What :func:`read_language` kept of the corpus. ``summary``, ``sample`` and ``concordance`` are
    :func:`~servicestories.language.token_summary`, :func:`~servicestories.language.token_sample` and
    :func:`~servicestories.language.channel_concordance` of the whole corpus, ``posts`` the id and title of every
    post (e.g. for the figure's panel titles); ``groups`` maps ``post_id`` to the group its distinctive terms are
    counted in (``None``: per post)."""

    posts: pd.DataFrame  # post_id and title of every post read, in the order read
    summary: pd.DataFrame
    sample: pd.DataFrame
    concordance: pd.DataFrame
    groups: pd.Series | None
    terms: pd.DataFrame  # per post (groups is None): term_counts; per group: group_form_counts
    bigrams: BigramCounts
    unit: str = "lemma"

    @property
    def n_posts(self) -> int:
        return len(self.posts)

    def distinctive(self, k: int = 8) -> pd.DataFrame:
        """:func:`~servicestories.language.distinctive_table`: per group when there are groups, else per post."""
        if self.groups is not None:
            return language.top_of_groups(language.terms_of_forms(self.terms), self.groups, k=k)
        return language.top_terms(language.score_terms(self.terms), k=k, by="z")

    def term_scores(self) -> pd.DataFrame:
        """:func:`~servicestories.language.score_terms` of the per-post term counts (no groups only)."""
        if self.groups is not None:
            raise ValueError("the terms were counted per group, not per post")
        return language.score_terms(self.terms)

    def collocations(self, min_freq: int = 2, measure: str = "likelihood_ratio", n: int | None = 20) -> pd.DataFrame:
        """:func:`~servicestories.language.collocations` of the whole corpus."""
        return language.score_bigrams(self.bigrams, min_freq, measure, n)


def read_language(posts: pd.DataFrame | Iterable[pd.DataFrame], companies: pd.Series | None = None, *,
                  sample_n: int = 6, width: int = 40, unit: str = "lemma", chunk: int = CHUNK) -> CorpusLanguage:
    """Read the language of ``posts`` (columns :data:`POST_COLUMNS`; one frame, cut into ``chunk`` posts, or
    frames one after another, e.g. :func:`servicestories.corpus.post_chunks`) in one pass. ``companies``
    (``post_id`` -> company): count the distinctive terms per company
    (:func:`~servicestories.language.company_groups`) when at least two companies repeat, else per post, as
    :func:`~servicestories.language.distinctive_table` decides (per post, the term counts of every post are kept:
    a few dozen rows each)."""
    groups = language.distinctive_groups(companies)
    summaries, samples, concordances, counts = [], [], [], []
    uses = _Sums()
    forms = _Sums()
    pairs = _BigramTally()
    titles = []
    for part in _chunks(posts, chunk):
        titles.append(part[["post_id", "title"]].reset_index(drop=True))
        tokens = language.token_table(part)
        summaries.append(language.token_summary(tokens))
        samples.append(language.token_sample(tokens, n=sample_n))
        if groups is None:
            c, u = language.term_uses(tokens, unit)
            counts.append(c)
            uses.add(u)
        else:
            forms.add(language.group_form_counts(tokens, groups, unit).set_index(["post_id", "label"])["count"])
        pairs.add(language.bigram_counts(tokens))
        del tokens
        concordances.append(language.channel_concordance(part, width=width))
    if groups is None:
        terms = language.labelled_terms(_stacked(counts, ["post_id", "term"]), uses.total())
    else:
        terms = forms.total().rename("count").reset_index()
    out = CorpusLanguage(
        posts=pd.concat(titles, ignore_index=True),
        summary=_stacked(summaries, ["post_id"]),
        sample=_stacked(samples, ["post_id"]),
        concordance=_stacked(concordances, ["post_id", "start", "keyword"]),
        groups=groups, terms=terms, bigrams=pairs.result(), unit=unit)
    del titles, summaries, samples, concordances, counts, uses, forms, pairs
    give_back()  # what the pass freed (every chunk's token table): the notebook's next cells start from the results
    return out


def _chunks(posts: pd.DataFrame | Iterable[pd.DataFrame], size: int) -> Iterator[pd.DataFrame]:
    """Frames of at most ``size`` posts; at least one, maybe empty (every result then has its columns)."""
    if size < 1:
        raise ValueError(f"chunk must be at least 1, not {size}")
    frames = [posts] if isinstance(posts, pd.DataFrame) else posts
    empty = True
    for frame in frames:
        for a in range(0, len(frame), size):
            empty = False
            yield frame.iloc[a:a + size]
    if empty:
        yield pd.DataFrame({c: pd.Series(dtype="str") for c in POST_COLUMNS})


def _stacked(frames: list[pd.DataFrame], order: list[str]) -> pd.DataFrame:
    """The chunks' frames one after another, in the order the whole corpus gives (by ``order``, stable: rows
    with the same key keep the order of the chunks, which is the corpus order)."""
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out.sort_values(order, kind="mergesort").reset_index(drop=True)


class _Sums:
    """Counts per key (a Series, or a frame of count columns) summed over the chunks, in key order. The parts are
    folded into one sum whenever they outgrow it, so memory follows the number of keys (terms, forms, word pairs),
    not the number of tokens."""

    def __init__(self) -> None:
        self.parts: list = []
        self.rows = 0
        self.done = 0

    def add(self, counts: pd.Series | pd.DataFrame) -> None:
        self.parts.append(counts)
        self.rows += len(counts)
        if self.rows > 2 * max(self.done, FOLD_FROM):
            self._fold()

    def _fold(self) -> None:
        total = pd.concat(self.parts) if len(self.parts) > 1 else self.parts[0]
        total = total.groupby(level=list(range(total.index.nlevels)), sort=True).sum()
        self.parts, self.rows, self.done = [total], len(total), len(total)

    def total(self):
        self._fold()
        return self.parts[0]


class _BigramTally:
    """:class:`~servicestories.language.BigramCounts` of the chunks added up, on one vocabulary (codes in order of
    first appearance)."""

    def __init__(self) -> None:
        self.vocab: list[str] = []
        self.index: dict[str, int] = {}
        self.words = np.zeros(0, dtype=np.int64)
        self.pairs = _Sums()  # count and number of posts per pair key

    def _code(self, word: str) -> int:
        code = self.index.get(word)
        if code is None:
            code = self.index[word] = len(self.vocab)
            self.vocab.append(word)
        return code

    def add(self, counts: BigramCounts) -> None:
        recode = np.array([self._code(w) for w in counts.vocab], dtype=np.int64)
        if len(self.words) < len(self.vocab):
            self.words = np.concatenate([self.words, np.zeros(len(self.vocab) - len(self.words), dtype=np.int64)])
        self.words[recode] += counts.words
        keys = recode[counts.keys // PAIR_BASE] * PAIR_BASE + recode[counts.keys % PAIR_BASE]
        self.pairs.add(pd.DataFrame({"counts": counts.counts, "n_posts": counts.n_posts}, index=pd.Index(keys)))

    def result(self) -> BigramCounts:
        pairs = self.pairs.total()
        return BigramCounts(list(self.vocab), self.words.copy(), pairs.index.to_numpy(dtype=np.int64),
                            pairs["counts"].to_numpy(dtype=np.int64), pairs["n_posts"].to_numpy(dtype=np.int64))
