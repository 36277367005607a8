"""The loader on the real corpus."""

import hashlib
import re

import pandas as pd
import pytest

from conftest import ROOT
from servicestories import load_comments, load_posts, paths, schema

RAW = ROOT / "data" / "raw"
EXPECTED_COLUMNS = ["post_id", "source_file", "title", "author", "published", "body", "boilerplate",
                    "n_comments", "n_words", "n_sentences", "language", "sha256"]


def test_raw_hashes_match_readme():
    listed = dict(re.findall(r"\| `([^`]+\.txt)` \| `([0-9a-f]{64})`", (RAW / "README.md").read_text("utf-8")))
    files = sorted(p.name for p in RAW.glob("*.txt"))
    assert sorted(listed) == files and len(files) >= 5  # the five bundled posts, and any added as the README says
    for name, digest in listed.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


def test_five_posts_with_all_columns(posts):
    assert len(posts) == len(list(RAW.glob("*.txt")))
    assert set(EXPECTED_COLUMNS) <= set(posts.columns)
    assert posts.post_id.tolist() == sorted(p.stem for p in RAW.glob("*.txt"))
    assert (posts.language == "de").all()
    assert (posts.n_words.iloc[:5] > 100).all() and (posts.n_sentences.iloc[:5] > 5).all()  # the bundled five


def test_titles(posts):
    assert posts.set_index("post_id").title.str[:24].to_dict().items() >= {
        "000_c02f626e150962b4": "Microsoft: Vom richtigen",
        "001_c7043e60ac86e735": "Internet gut, alles gut",
        "002_a5bf4149ab8d0502": "Gekauft hat sie ja schon",
        "003_1cb8681028a4d5ce": "Kundenservice ist, wenn ",
        "004_70946bf0215fcc6a": "Endlich",
    }.items()


def test_header_fields(posts):
    p = posts.set_index("post_id")
    assert p.loc["004_70946bf0215fcc6a", "author"] == "Volker Weber"
    assert p.author.iloc[:5].isna().sum() == 4  # of the five bundled posts
    # "08Mai" names day and month but no year: kept verbatim, no date invented
    assert p.loc["001_c7043e60ac86e735", "published_text"] == "08Mai"
    assert p.published.iloc[:5].isna().all()


def test_comments_of_004():
    comments = load_comments(cache=False).loc[lambda c: c.post_id.str[:3] <= "004"]  # the bundled posts
    assert comments.post_id.unique().tolist() == ["004_70946bf0215fcc6a"]
    assert comments.author.tolist() == ["Karsten W. Rohrbach", "Ralf Graf", "Volker Weber"]
    assert comments.date.tolist() == ["2005-12-01"] * 3
    assert comments.comment_no.tolist() == [1, 2, 3]
    assert "Blogosphäre" in comments.text.iloc[1]


def test_comment_count_column(posts):
    assert posts.set_index("post_id").n_comments.to_dict().items() >= {
        "000_c02f626e150962b4": 0, "001_c7043e60ac86e735": 0, "002_a5bf4149ab8d0502": 0,
        "003_1cb8681028a4d5ce": 0, "004_70946bf0215fcc6a": 3,
    }.items()


@pytest.mark.parametrize("post_id, boiler", [
    ("001_c7043e60ac86e735", ["Posted in Guter Service", "Bitte Kommentar schreiben", "Sie kommentieren als Gast"]),
    ("002_a5bf4149ab8d0502", ["0 Kommentare", "Einen Kommentar hinterlassen"]),
    ("003_1cb8681028a4d5ce", ["Bildnachweis:", "©istockphoto.com/fjme"]),
    ("004_70946bf0215fcc6a", ["by Volker Weber", "Comments", "Paypal vowe", "I explain difficult concepts"]),
])
def test_boilerplate_split(posts, post_id, boiler):
    row = posts.set_index("post_id").loc[post_id]
    for piece in boiler:
        assert piece in row.boilerplate
        assert piece not in row.body
    # the story's last line ends with a sentence mark and comes before the (last) footer line in the raw file
    raw = (paths.RAW / row.source_file).read_text("utf-8")
    last = row.body.rstrip().rsplit("\n", 1)[-1].strip()
    assert last[-1] in ".!?…\"“”" and raw.index(last) < raw.rindex(boiler[-1])


def test_nothing_lost(posts):
    """Every non-blank line of a raw file is in the title, body, boilerplate or a comment."""
    comments = load_comments(cache=False)
    for row in posts.itertuples():
        kept = "\n".join([row.title, row.body, row.boilerplate, *comments[comments.post_id == row.post_id].text])
        kept_lines = {line.strip() for line in kept.split("\n")}
        comment_sigs = {f"{c.author}, {c.date}" for c in comments[comments.post_id == row.post_id].itertuples()}
        for line in row.text.split("\n"):
            s = line.strip()
            assert not s or s in kept_lines or s in comment_sigs, (row.post_id, s)


def test_story_text_is_not_boilerplate(posts):
    p = posts.set_index("post_id")
    assert "Service-Center" in p.loc["001_c7043e60ac86e735", "body"]
    assert "14 Antworten erhielt destiny44" in p.loc["003_1cb8681028a4d5ce", "body"]
    assert p.loc["000_c02f626e150962b4", "boilerplate"] == ""


def test_schema_rejects_a_broken_frame(posts):
    broken = posts.copy()
    broken.loc[0, "language"] = "klingon"
    with pytest.raises(ValueError, match="language"):
        schema.validate(broken, schema.POSTS)


def test_data_dictionary_is_current():
    doc = (ROOT / "docs" / "data-dictionary.md").read_text("utf-8")
    assert doc == schema.data_dictionary_markdown()


def test_load_posts_default_is_cached_and_equal():
    a = load_posts()
    b = load_posts()
    pd.testing.assert_frame_equal(a, b)
    assert (ROOT / "data" / "processed" / "posts.parquet").exists()
