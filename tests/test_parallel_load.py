"""The loader on every core reads the same posts, rejections and duplicates, in the same order, as in one process."""

from __future__ import annotations

import multiprocessing
import shutil

import pandas as pd
import pytest

from conftest import FIXTURES
from servicestories import corpus
from servicestories.errors import CorpusWarning, PostRejected


@pytest.fixture
def mixed(tmp_path):
    """Over two chunks of invented posts, with the bad-input fixtures (binary, empty, title only, a duplicate,
    cp1252, BOM, CRLF) spread between them."""
    folder = tmp_path / "posts"
    folder.mkdir()
    for i in range(150):
        (folder / f"{i:03d}_post.txt").write_text(
            f"Beitrag {i}\n\nIch rief {i} Mal bei der Hotline an. Am Ende half eine Mail.\n", "utf-8")
    for n, bad in enumerate(sorted((FIXTURES / "bad").glob("*.txt"))):
        shutil.copyfile(bad, folder / f"{40 * n + 7:03d}_{bad.name}")
    return folder


def test_every_core_loads_what_one_process_loads(mixed):
    loads = []
    for jobs in (1, 2):
        with pytest.warns(CorpusWarning, match="cp1252"):  # the decoding note reaches the caller either way
            loads.append(corpus.load_corpus(mixed, on_error="skip", cache=False, jobs=jobs))
    one, two = loads
    assert len(one.report.rejected) >= 3 and any("same content" in r for _, r in one.report.rejected)
    pd.testing.assert_frame_equal(one.posts, two.posts)
    pd.testing.assert_frame_equal(one.comments, two.comments)
    assert vars(one.report) == vars(two.report)
    assert len(one.report.seen) == len(one.report.loaded) + len(one.report.rejected)


def test_every_core_raises_the_first_rejection_as_one_process_does(mixed):
    errors = []
    for jobs in (1, 2):
        with pytest.raises(PostRejected) as caught:
            corpus.load_corpus(mixed, on_error="raise", cache=False, jobs=jobs)
        errors.append((type(caught.value), str(caught.value)))
        assert multiprocessing.active_children() == []  # the workers were stopped when the error was raised
    assert errors[0] == errors[1]
