"""Every kind of bad input: a specific exception naming the file, or a repaired load with a warning."""

import shutil
import warnings

import pytest

from servicestories import errors, load_corpus
from servicestories.corpus import read_post


@pytest.mark.parametrize("name, exc, words", [
    ("empty.txt", errors.EmptyPostError, "empty file"),
    ("binary.txt", errors.BinaryFileError, "binary file"),
    ("title_only.txt", errors.TitleOnlyError, "only a title"),
])
def test_rejected_file_names_itself(bad_dir, name, exc, words):
    with pytest.raises(exc) as info:
        read_post(bad_dir / name)
    message = str(info.value)
    assert name in message and words in message
    assert "\n" not in message


def test_cp1252_is_loaded_with_a_warning_naming_file_and_line(bad_dir):
    row, _, dec = read_post(bad_dir / "cp1252.txt")
    assert dec.encoding == "cp1252"
    assert "Ärger mit der Zug-Hotline" == row["title"]
    assert dec.warnings == ["not UTF-8 (byte 0xC4 on line 1); decoded as cp1252"]


def test_bom_is_removed(bad_dir):
    row, _, dec = read_post(bad_dir / "bom.txt")
    assert row["title"] == "Ärger mit der Post-Hotline"  # no \ufeff in front
    assert "byte-order mark" in dec.notes[0]


def test_crlf_is_normalised(bad_dir):
    row, _, dec = read_post(bad_dir / "crlf.txt")
    assert "\r" not in row["body"] and "\r" not in row["text"]
    assert row["boilerplate"] == "Posted in Service"
    assert dec.notes == ["CRLF line endings normalised"]


def test_mixed_folder_report_adds_up(bad_dir):
    with pytest.warns(errors.CorpusWarning, match="cp1252.txt"):
        result = load_corpus(bad_dir, on_error="skip", cache=False)
    r = result.report
    assert len(r.seen) == len(r.loaded) + len(r.rejected) == 8
    assert sorted(r.loaded) == ["bom.txt", "cp1252.txt", "crlf.txt", "good.txt"]
    reasons = dict(r.rejected)
    assert set(reasons) == {"binary.txt", "empty.txt", "good_copy.txt", "title_only.txt"}
    assert reasons["good_copy.txt"] == "same content as good.txt (duplicate post)"
    assert r.ignored == ["notes.md"]
    assert sorted(result.posts.source_file) == sorted(r.loaded)
    text = str(r)
    assert "files seen: 8  loaded: 4  rejected: 4" in text and "rejected binary.txt: line 3: binary file" in text


def test_strict_mode_raises_the_first_rejection(bad_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", errors.CorpusWarning)
        with pytest.raises(errors.BinaryFileError, match="binary.txt"):
            load_corpus(bad_dir, cache=False)


def test_duplicate_raises_in_strict_mode(tmp_path, bad_dir):
    for name in ("good.txt", "good_copy.txt"):
        shutil.copy(bad_dir / name, tmp_path / name)
    with pytest.raises(errors.DuplicatePostError, match="good_copy.txt: same content as good.txt"):
        load_corpus(tmp_path, cache=False)


def test_folder_without_posts(tmp_path):
    fixture_like = tmp_path / "no_posts"
    fixture_like.mkdir()
    with pytest.raises(errors.NoPostsError, match="no posts"):
        load_corpus(fixture_like, cache=False)


def test_committed_folder_without_posts(bad_dir):
    with pytest.raises(errors.NoPostsError, match="no_posts: no posts"):
        load_corpus(bad_dir.parent / "no_posts", cache=False)


def test_missing_folder(tmp_path):
    with pytest.raises(errors.CorpusNotFoundError, match="does not exist"):
        load_corpus(tmp_path / "nope", cache=False)


def test_a_file_is_not_a_folder(bad_dir):
    with pytest.raises(errors.CorpusNotFoundError, match="not a folder"):
        load_corpus(bad_dir / "good.txt", cache=False)


def test_raw_folder_is_never_written(posts):
    from conftest import ROOT

    raw = ROOT / "data" / "raw"
    before = {p.name: p.stat().st_mtime_ns for p in raw.iterdir()}
    load_corpus(cache=None)
    assert {p.name: p.stat().st_mtime_ns for p in raw.iterdir()} == before


def test_one_cp1252_line_in_a_utf8_file_does_not_turn_the_rest_into_mojibake(tmp_path):
    """Decoded line by line: the UTF-8 lines stay right, only the bad line is read as cp1252 (and named)."""
    path = tmp_path / "mixed.txt"
    path.write_bytes("Ärger beim Kündigen\n\nIch wollte kündigen und rief an.\n".encode()
                     + "Danach schrieb ich: Grüße.\n".encode("cp1252"))
    row, _, dec = read_post(path)
    assert "kündigen" in row["body"] and "Grüße" in row["body"] and "Ã" not in dec.text
    assert dec.encoding == "mixed"
    assert dec.warnings == [("mixed encodings: line 4 not UTF-8 (first bad byte 0xFC); decoded those as cp1252, "
                             "the rest as UTF-8")]


def test_utf16_with_bom_and_an_odd_byte_count_is_read(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe" + "Titel\n\nDie Hotline rief nie zurück.\n".encode("utf-16-le") + b"\x00")
    row, _, dec = read_post(path)
    assert row["body"] == "Die Hotline rief nie zurück." and dec.encoding == "utf-16"
    assert "last 1 byte dropped" in dec.warnings[0]


def test_a_named_pipe_is_rejected_without_being_opened(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(errors.PostRejected, match=r"pipe.txt: not a regular file \(a named pipe\)"):
        read_post(tmp_path / "pipe.txt")  # would block forever if it were opened for reading
