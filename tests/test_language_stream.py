"""Notebook 06's one-pass statistics (servicestories.language_stream) equal the functions of
servicestories.language on the whole token table, for any chunk size."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from servicestories import language as L
from servicestories.corpus import load_posts
from servicestories.language_stream import read_language

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    """The invented stories and the bundled posts: 20 posts, channel words, repeated word pairs, comments."""
    frames = [load_posts(FIXTURES / "invented", cache=False, columns=["post_id", "title", "body"]),
              load_posts(None, cache=False, columns=["post_id", "title", "body"])]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def tokens(posts) -> pd.DataFrame:
    return L.token_table(posts)


def _companies(posts: pd.DataFrame) -> pd.Series:
    """Three invented companies, one post in ten unnamed (an invented grouping: the statistics, not the coder,
    are under test)."""
    names = ["Alpha", "Beta", "Gamma", "Beta", "unnamed", "Alpha", "Gamma", "Beta", "Alpha", "Delta"]
    return pd.Series([names[i % len(names)] for i in range(len(posts))], index=posts["post_id"].to_numpy())


@pytest.mark.parametrize("chunk", [1, 3, 7, 1000])
def test_one_pass_equals_the_whole_token_table(posts, tokens, chunk):
    lang = read_language(posts, chunk=chunk)
    pd.testing.assert_frame_equal(lang.summary, L.token_summary(tokens))
    pd.testing.assert_frame_equal(lang.sample, L.token_sample(tokens, n=6))
    pd.testing.assert_frame_equal(lang.terms, L.term_counts(tokens, "lemma"))
    pd.testing.assert_frame_equal(lang.term_scores(), L.score_terms(L.term_counts(tokens, "lemma")))
    pd.testing.assert_frame_equal(lang.distinctive(k=8), L.distinctive_table(tokens, None, k=8))
    for min_freq in (1, 2):
        pd.testing.assert_frame_equal(lang.collocations(min_freq=min_freq, n=None),
                                      L.collocations(tokens, min_freq=min_freq, n=None))
    pd.testing.assert_frame_equal(lang.collocations(measure="pmi", n=5), L.collocations(tokens, measure="pmi", n=5))
    pd.testing.assert_frame_equal(lang.concordance, L.channel_concordance(posts, width=40))
    assert lang.n_posts == len(posts) and len(lang.collocations(n=None)) > 5
    pd.testing.assert_frame_equal(lang.posts, posts[["post_id", "title"]])


@pytest.mark.parametrize("chunk", [1, 4, 1000])
def test_one_pass_per_company_equals_the_whole_token_table(posts, tokens, chunk):
    companies = _companies(posts)
    lang = read_language(posts, companies, chunk=chunk)
    assert lang.groups is not None and lang.groups.nunique() == 4
    pd.testing.assert_frame_equal(lang.distinctive(k=8), L.distinctive_table(tokens, companies, k=8))
    with pytest.raises(ValueError, match="per group"):
        lang.term_scores()


def test_posts_may_come_as_frames_one_after_another(posts, tokens):
    parts = [posts.iloc[:5], posts.iloc[5:5], posts.iloc[5:]]  # an empty frame among them
    lang = read_language(iter(parts), _companies(posts), chunk=4)
    pd.testing.assert_frame_equal(lang.distinctive(k=8), L.distinctive_table(tokens, _companies(posts), k=8))
    pd.testing.assert_frame_equal(lang.summary, L.token_summary(tokens))


def test_shuffled_posts_give_the_same_tables(posts, tokens):
    lang = read_language(posts.sample(frac=1, random_state=3), chunk=6)
    pd.testing.assert_frame_equal(lang.summary, L.token_summary(tokens))
    pd.testing.assert_frame_equal(lang.sample, L.token_sample(tokens, n=6))
    pd.testing.assert_frame_equal(lang.concordance, L.channel_concordance(posts, width=40))
    pd.testing.assert_frame_equal(lang.collocations(n=None), L.collocations(tokens, n=None))


def test_no_posts_give_empty_tables_with_their_columns(posts):
    lang = read_language(posts.iloc[:0])
    assert lang.n_posts == 0 and lang.summary.empty and lang.concordance.empty
    assert list(lang.summary.columns) == list(L.token_summary(L.token_table(posts.iloc[:1])).columns)
    assert lang.collocations().empty
    with pytest.raises(ValueError, match="chunk"):
        read_language(posts, chunk=0)


def test_the_posts_can_stream_from_the_parse_cache(posts, tmp_path, monkeypatch):
    from servicestories import corpus

    monkeypatch.setattr(corpus, "ROW_GROUP", 3)
    folder = FIXTURES / "invented"
    chunks = corpus.post_chunks(folder, columns=["post_id", "title", "body"], cache=tmp_path / "cache")
    streamed = read_language(chunks, chunk=2)
    whole = read_language(load_posts(folder, cache=False, columns=["post_id", "title", "body"]))
    for name in ("posts", "summary", "sample", "concordance", "terms"):
        pd.testing.assert_frame_equal(getattr(streamed, name), getattr(whole, name))
    pd.testing.assert_frame_equal(streamed.collocations(n=None), whole.collocations(n=None))
    assert streamed.n_posts == len(chunks) == 15
    empty = read_language(iter([]))  # no frame at all: empty tables
    assert empty.n_posts == 0 and empty.summary.empty and empty.collocations().empty


def test_sums_folded_at_every_chunk_give_the_same_tables(posts, tokens, monkeypatch):
    from servicestories import language_stream

    monkeypatch.setattr(language_stream, "FOLD_FROM", 1)  # fold the term, form and pair counts as they come
    lang = read_language(posts, chunk=2)
    pd.testing.assert_frame_equal(lang.terms, L.term_counts(tokens, "lemma"))
    pd.testing.assert_frame_equal(lang.collocations(min_freq=1, n=None), L.collocations(tokens, min_freq=1, n=None))
    companies = _companies(posts)
    grouped = read_language(posts, companies, chunk=2)
    pd.testing.assert_frame_equal(grouped.distinctive(k=8), L.distinctive_table(tokens, companies, k=8))
