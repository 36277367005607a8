"""The parquet cache is rebuilt whenever a raw file changes."""

from pathlib import Path

import pytest

from servicestories import load_posts


def test_cache_rebuilds_when_a_file_changes(corpus_copy, tmp_path):
    cache = tmp_path / "cache"
    first = load_posts(corpus_copy, cache=cache)
    assert (cache / "posts.parquet").exists()
    stamp = (cache / "posts.parquet").stat().st_mtime_ns

    again = load_posts(corpus_copy, cache=cache)  # unchanged: served from the cache
    assert (cache / "posts.parquet").stat().st_mtime_ns == stamp
    assert again.equals(first)

    target = corpus_copy / "002_a5bf4149ab8d0502.txt"
    lines = target.read_text("utf-8").split("\n")
    lines.insert(2, "Ein neuer Absatz, nachträglich eingefügt.")  # an edit in the story
    target.write_text("\n".join(lines), "utf-8")
    changed = load_posts(corpus_copy, cache=cache)
    assert "nachträglich eingefügt" in changed.set_index("post_id").loc["002_a5bf4149ab8d0502", "body"]


def test_cache_notices_added_and_removed_posts(corpus_copy, tmp_path):
    cache = tmp_path / "cache"
    n = len(list(corpus_copy.glob("*.txt")))
    assert len(load_posts(corpus_copy, cache=cache)) == n
    (corpus_copy / "005_new.txt").write_text("Neuer Beitrag\n\nDie Hotline war nicht erreichbar.\n", "utf-8")
    assert len(load_posts(corpus_copy, cache=cache)) == n + 1
    (corpus_copy / "000_c02f626e150962b4.txt").unlink()
    assert len(load_posts(corpus_copy, cache=cache)) == n


def test_corrupt_cache_is_rebuilt(corpus_copy, tmp_path):
    cache = tmp_path / "cache"
    load_posts(corpus_copy, cache=cache)
    (cache / "posts.parquet").write_bytes(b"not parquet")
    assert len(load_posts(corpus_copy, cache=cache)) == len(list(corpus_copy.glob("*.txt")))


def test_a_subset_of_columns_is_the_same_from_the_parse_and_from_the_cache(corpus_copy, tmp_path):
    from servicestories import load_corpus

    cache, columns = tmp_path / "cache", ["post_id", "title", "body"]
    parsed = load_corpus(corpus_copy, cache=cache, columns=columns)  # parsed, the cache written in full
    assert list(parsed.posts.columns) == columns and len(parsed.comments)
    full = load_corpus(corpus_copy, cache=cache)
    assert {"text", "boilerplate"} <= set(full.posts.columns)
    cached = load_corpus(corpus_copy, cache=cache, columns=columns, with_comments=False)
    assert cached.posts.equals(parsed.posts) and cached.posts.equals(full.posts[columns])
    assert cached.comments.empty and list(cached.comments.columns) == list(full.comments.columns)
    assert cached.report.loaded == full.report.loaded
    assert load_posts(corpus_copy, cache=cache, columns=columns).equals(parsed.posts)
    with pytest.raises(ValueError, match="no such post column: 'bodyy'"):
        load_posts(corpus_copy, cache=cache, columns=["post_id", "bodyy"])


def test_the_parse_is_written_a_row_group_at_a_time(tmp_path, monkeypatch):
    """The loader never holds more than ROW_GROUP parsed posts: it writes them to the cache as they come, and the
    frames read back are those of a load that kept every post in one group."""
    import pandas as pd
    import pyarrow.parquet as pq

    from servicestories import corpus, load_corpus

    folder = Path(__file__).parent / "fixtures" / "invented"  # 15 posts, 7 comments
    whole = load_corpus(folder, cache=False)
    monkeypatch.setattr(corpus, "ROW_GROUP", 2)
    grouped = load_corpus(folder, cache=tmp_path / "cache")
    parts = pq.ParquetFile(tmp_path / "cache" / "posts.parquet")
    assert parts.num_row_groups == 8
    assert max(parts.metadata.row_group(i).num_rows for i in range(parts.num_row_groups)) == 2
    pd.testing.assert_frame_equal(grouped.posts, whole.posts)
    pd.testing.assert_frame_equal(grouped.comments, whole.comments)
    assert len(whole.comments) and grouped.report.loaded == whole.report.loaded
    cached = load_corpus(folder, cache=tmp_path / "cache")  # served from the cache: the same frames
    pd.testing.assert_frame_equal(cached.posts, whole.posts)


def test_a_failed_load_leaves_the_cache_as_it_was_and_a_rejection_is_cached(corpus_copy, tmp_path, monkeypatch):
    from servicestories import corpus, load_corpus
    from servicestories.errors import EmptyPostError

    monkeypatch.setattr(corpus, "ROW_GROUP", 2)  # a row group is written before the failing file is read
    cache, n = tmp_path / "cache", len(list(corpus_copy.glob("*.txt")))
    load_corpus(corpus_copy, cache=cache)
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    (corpus_copy / "004_zz_empty.txt").write_bytes(b"")  # read after the first posts
    with pytest.raises(EmptyPostError):
        load_corpus(corpus_copy, cache=cache, on_error="raise")
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before  # no scratch file left behind
    skipped = load_corpus(corpus_copy, cache=cache, on_error="skip")  # loaded without it; cached with its rejection
    assert len(skipped.posts) == len(skipped.report.loaded) == n
    assert skipped.report.rejected == [("004_zz_empty.txt", "empty file (0 bytes)")]
    assert set(before) == {p.name for p in cache.iterdir()} and before != {p.name: p.stat().st_mtime_ns
                                                                           for p in cache.iterdir()}

    def no_parse(*a, **k):
        raise AssertionError("parsed again")

    monkeypatch.setattr(corpus, "_stream", no_parse)
    again = load_corpus(corpus_copy, cache=cache, on_error="skip")  # from the cache: the same report and posts
    assert again.report.rejected == skipped.report.rejected and again.report.summary() == skipped.report.summary()
    assert again.posts.equals(skipped.posts)
    monkeypatch.undo()
    with pytest.raises(EmptyPostError):  # with on_error="raise" the cached load is not used: the file's own error
        load_corpus(corpus_copy, cache=cache, on_error="raise")


def test_post_chunks_give_the_posts_frame_a_row_group_at_a_time(tmp_path, monkeypatch):
    import pandas as pd

    from servicestories import corpus, load_corpus

    folder = Path(__file__).parent / "fixtures" / "invented"
    columns = ["post_id", "title", "body", "published", "n_words"]
    whole = load_corpus(folder, cache=False, columns=columns, with_comments=False).posts
    monkeypatch.setattr(corpus, "ROW_GROUP", 4)
    for cache in (tmp_path / "cache", False, None):  # None: a corpus other than data/raw/ is not cached
        chunks = corpus.post_chunks(folder, columns=columns, cache=cache)
        frames = list(chunks)
        assert len(chunks) == len(whole) and [len(f) for f in frames] == [4, 4, 4, 3]
        pd.testing.assert_frame_equal(pd.concat(frames, ignore_index=True), whole)
        assert list(chunks) != [] and chunks.report.ok  # iterable again
    assert (tmp_path / "cache" / "posts.parquet").exists()
    every = pd.concat(corpus.post_chunks(folder, cache=tmp_path / "cache"), ignore_index=True)
    pd.testing.assert_frame_equal(every, load_corpus(folder, cache=False).posts)  # all columns by default
