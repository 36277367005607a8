"""Notebook 01's sentences about a corpus (servicestories.overview), on small invented post frames."""

from __future__ import annotations

import pandas as pd

from servicestories import overview


def _posts(n: int, **columns) -> pd.DataFrame:
    frame = pd.DataFrame({
        "post_id": [f"{i:03d}_post" for i in range(n)],
        "published": pd.Series([pd.NaT] * n, dtype="datetime64[ns]"),
        "published_text": [None] * n,
        "boilerplate": [""] * n,
        "n_comments": [0] * n,
    })
    for name, values in columns.items():
        frame[name] = values
    return frame


def test_a_date_without_a_year_is_named_with_its_words():
    posts = _posts(3, published_text=[None, "3. März", "12.05.2009"],
                   published=pd.to_datetime([None, None, "2009-05-12"]))
    assert overview.undated(posts)["post_id"].tolist() == ["001_post"]
    assert overview.undated_sentence(posts) == ("1 of 3 posts has a date line without a full date, kept as written: "
                                                "001 ('3. März').")
    assert overview.undated_sentence(_posts(2)) == "No post has a date line without a full date."


def test_many_posts_are_counted_and_the_first_few_named():
    posts = _posts(8, published_text=["Mai"] * 8)
    sentence = overview.undated_sentence(posts)
    assert sentence.startswith("8 of 8 posts have a date line without a full date")
    assert sentence.endswith("000 ('Mai'), 001 ('Mai'), 002 ('Mai'), 003 ('Mai'), 004 ('Mai') … (+3 more).")


def test_boilerplate_lists_only_the_posts_that_had_some():
    posts = _posts(3, boilerplate=["", "Veröffentlicht am Montag\nKommentare (0)", "  "])
    table = overview.with_boilerplate(posts)
    assert table.to_dict("list") == {"post_id": ["001_post"],
                                     "boilerplate": ["Veröffentlicht am Montag | Kommentare (0)"]}
    assert overview.boilerplate_sentence(posts) == "1 of 3 posts had boilerplate split off."
    assert overview.boilerplate_sentence(_posts(2)) == "None of the 2 posts had boilerplate split off."
    assert overview.boilerplate_sentence(_posts(1)) == "The one post had no boilerplate split off."


def test_comment_threads_are_counted_per_post_and_in_all():
    posts = _posts(4, n_comments=[0, 2, 0, 1])
    assert overview.comment_sentence(posts) == ("2 of 4 posts have reader comments, 3 in all: 001 (2 comments), "
                                                "003 (1 comment).")
    one = _posts(2, n_comments=[0, 5])
    assert overview.comment_sentence(one) == "1 of 2 posts has reader comments, 5 in all: 001 (5 comments)."
    assert overview.comment_sentence(_posts(3)) == "None of the 3 posts has reader comments."
    assert overview.comment_sentence(_posts(1)) == "The one post has no reader comments."


def test_posts_named_alike_are_told_apart_by_their_whole_id():
    posts = _posts(2, post_id=["blog_1", "blog_2"], n_comments=[1, 1])
    assert overview.comment_sentence(posts).endswith(": blog_1 (1 comment), blog_2 (1 comment).")


def test_english_posts_are_named_as_such_and_german_or_undetermined_ones_are_not():
    assert overview.language_note(pd.Series(["de", "und", "de"])) == ""
    note = overview.language_note(pd.Series(["en", "de", "en"]))
    assert note.startswith("2 of 3 posts look English, not German: the coder's rules")
    assert overview.language_note(pd.Series(["en"])).startswith("1 of 1 post looks English")
