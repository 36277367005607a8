"""Tests for servicestories.language and servicestories.figures.language (notebook 06)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from servicestories import language as L


def _posts(*stories: str, titles: list[str] | None = None) -> pd.DataFrame:
    titles = titles or [f"Titel {n}" for n in range(len(stories))]
    return pd.DataFrame({
        "post_id": [f"{n:03d}_test" for n in range(len(stories))],
        "title": titles,
        "body": list(stories),
    })


# -- tokens --------------------------------------------------------------------------------------------
def test_stop_words_removed_but_negations_kept():
    posts = _posts("Der Techniker kam nicht. Es gab keine Antwort und kein Anruf, aber die Hotline war nie erreichbar.")
    toks = L.token_table(posts)
    content = set(toks.loc[toks["is_content"], "lower"])
    assert {"nicht", "keine", "kein", "nie", "aber"} <= content
    assert {"der", "es", "und", "die", "war"}.isdisjoint(content)
    assert {"techniker", "antwort", "hotline", "erreichbar"} <= content
    # punctuation is a token but never a content word
    assert "." in set(toks["token"]) and not toks.loc[toks["token"] == ".", "is_content"].any()


def test_numbers_and_dates_are_not_content_words():
    toks = L.token_table(_posts("Am 02.06.25 kostete der Tarif 1.945 Euro, 3 Monate lang, beim Anbieter 1&1."))
    content = set(toks.loc[toks["is_content"], "token"])
    assert {"02.06.25", "1.945", "3"}.isdisjoint(content)
    assert {"Tarif", "Euro", "Monate", "Anbieter", "1&1"} <= content


def test_stop_word_check_uses_the_lemma_too():
    # "wurde" is not on the stop list, but its lemma "werden" is
    toks = L.token_table(_posts("Es wurde spät, der Router wurde getauscht."))
    wurde = toks[toks["lower"] == "wurde"]
    assert len(wurde) == 2 and wurde["is_stop"].all() and not wurde["is_content"].any()


def test_token_table_columns_order_and_units():
    posts = _posts("Die Telefonate dauerten Stunden.", "Zwei Mitarbeitern schrieb ich Mails.")
    toks = L.token_table(posts)
    assert list(toks.columns) == L.TOKEN_COLUMNS
    # the title is part of the story and comes first; positions restart per post
    first = toks[toks["post_id"] == "000_test"]
    assert first["token"].tolist()[:2] == ["Titel", "0"]
    assert first["i"].tolist() == list(range(len(first)))
    row = toks[toks["token"] == "Telefonate"].iloc[0]
    assert row["lemma"] == "Telefonat" and row["stem"] == "telefonat"
    assert toks.loc[toks["token"] == "Mitarbeitern", "lemma"].item() == "Mitarbeiter"


def test_token_text_columns_are_categorical_and_count_as_strings_do():
    posts = _posts("Das Telefonat, TELEFONAT und telefonat; die Hotline rief an. Die Hotline rief an.",
                   "Hotline, Hotlines, Mail. Die Hotline rief an.", "!!!", "Die Hotline rief an.")
    posts = posts.iloc[[1, 3, 0, 2]]  # not in post_id order
    toks = L.token_table(posts)
    text_columns = ["post_id", "token", "lower", "lemma", "stem"]
    assert all(isinstance(toks[c].dtype, pd.CategoricalDtype) for c in text_columns)
    as_text = toks.astype({c: "str" for c in text_columns})
    pd.testing.assert_frame_equal(L.token_summary(toks), L.token_summary(as_text))
    pd.testing.assert_frame_equal(L.term_counts(toks), L.term_counts(as_text))
    pd.testing.assert_frame_equal(L.token_sample(toks), L.token_sample(as_text))
    colloc = L.collocations(toks, min_freq=2, n=None)
    assert "hotline rief" in set(colloc["bigram"]) and colloc.set_index("bigram").loc["hotline rief", "n_posts"] == 3
    pd.testing.assert_frame_equal(colloc, L.collocations(as_text, min_freq=2, n=None))
    shuffled = toks.sample(frac=1, random_state=0)  # rows out of reading order: sorted before pairs are counted
    pd.testing.assert_frame_equal(colloc, L.collocations(shuffled, min_freq=2, n=None))
    pd.testing.assert_frame_equal(L.token_summary(toks), L.token_summary(shuffled))
    # Titel, Telefonat (three spellings, one lemma up to case), Hotline, rufen
    assert L.token_summary(toks).set_index("post_id").loc["000_test", "distinct_lemmas"] == 4


def test_group_term_counts_equal_term_counts_summed_per_group():
    posts = _posts("Die Hotline rief an. Hotline!", "Das Telefonat mit der Hotline.", "Ein Brief kam.", "Mails, Mails.")
    toks = L.token_table(posts)
    groups = pd.Series({"000_test": "A", "001_test": "B", "002_test": "A"})  # 003_test is in no group
    expected = L.group_counts(L.term_counts(toks), groups)
    pd.testing.assert_frame_equal(L.group_term_counts(toks, groups), expected)
    as_text = toks.astype({c: "str" for c in ("post_id", "token", "lower", "lemma", "stem")})
    for unit in L.UNITS:
        expected_unit = L.group_counts(L.term_counts(toks, unit), groups)
        pd.testing.assert_frame_equal(L.group_term_counts(toks, groups, unit), expected_unit)
        pd.testing.assert_frame_equal(L.group_term_counts(as_text, groups, unit), expected_unit)
    assert set(expected["post_id"]) == {"A", "B", "(all other posts)"}
    empty = L.token_table(posts.iloc[:0])
    assert L.group_term_counts(empty, groups).empty


def test_term_counts_fold_case_and_keep_written_label():
    toks = L.token_table(_posts("Telefonat. Telefonat. telefonat. Hotline."))
    counts = L.term_counts(toks).set_index("term")
    assert counts.loc["telefonat", "count"] == 3
    assert counts.loc["telefonat", "label"] == "Telefonat"
    with pytest.raises(ValueError):
        L.term_counts(toks, unit="pos")


# -- distinctive terms ---------------------------------------------------------------------------------
def _constructed_counts() -> pd.DataFrame:
    # post A uses "hotline" 6 times, "router" once; post B uses "router" 6 times, "hotline" once;
    # "kunde" is used equally often in both (3 each); "blog" only once, in A
    rows = [("A", "hotline", 6), ("A", "router", 1), ("A", "kunde", 3), ("A", "blog", 1),
            ("B", "hotline", 1), ("B", "router", 6), ("B", "kunde", 3)]
    df = pd.DataFrame(rows, columns=["post_id", "term", "count"])
    df["label"] = df["term"]
    return df


def test_log_odds_sign_and_ordering():
    s = L.score_terms(_constructed_counts()).set_index(["post_id", "term"])
    # over-used terms score positive, under-used ones negative, mirrored between the two posts
    assert s.loc[("A", "hotline"), "z"] > 0 > s.loc[("A", "router"), "z"]
    assert s.loc[("B", "router"), "z"] > 0 > s.loc[("B", "hotline"), "z"]
    # same counts (6 vs 1), but B is the shorter post, so "router" is relatively more frequent in B
    assert s.loc[("B", "router"), "z"] > s.loc[("A", "hotline"), "z"]
    # a term used equally often in two posts of (nearly) equal length is not distinctive of either
    assert abs(s.loc[("A", "kunde"), "z"]) < 0.3 and abs(s.loc[("B", "kunde"), "z"]) < 0.3
    # a term used six times beats a term used once (the prior shrinks the singleton)
    assert s.loc[("A", "hotline"), "z"] > s.loc[("A", "blog"), "z"] > 0
    # G2 agrees in sign
    assert s.loc[("A", "hotline"), "g2"] > 0 > s.loc[("A", "router"), "g2"]
    top = L.top_terms(s.reset_index(), k=2)
    assert top[top["post_id"] == "A"]["term"].tolist() == ["hotline", "blog"]
    # only positive scores are listed: B's under-used "hotline" never appears, even with room for it
    assert "hotline" not in set(L.top_terms(s.reset_index(), k=10).query("post_id == 'B'")["term"])
    assert top[top["post_id"] == "B"]["term"].tolist()[0] == "router"


def test_log_odds_matches_the_formula_by_hand():
    counts = _constructed_counts()
    s = L.score_terms(counts, alpha0=10.0).set_index(["post_id", "term"])
    N = 21.0
    y_i, y_j, n_i, n_j = 6.0, 1.0, 11.0, 10.0
    a0, a_w = 10.0, 10.0 * 7 / N
    delta = (math.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w)))
    z = delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
    assert s.loc[("A", "hotline"), "log_odds"] == pytest.approx(delta)
    assert s.loc[("A", "hotline"), "z"] == pytest.approx(z)
    e_i, e_j = n_i * 7 / N, n_j * 7 / N
    g2 = 2 * (y_i * math.log(y_i / e_i) + y_j * math.log(y_j / e_j))
    assert s.loc[("A", "hotline"), "g2"] == pytest.approx(g2)


def test_top_terms_ties_are_sorted_deterministically():
    rows = [("A", t, 2) for t in ["zeta", "alpha", "mu"]] + [("B", "other", 5)]
    df = pd.DataFrame(rows, columns=["post_id", "term", "count"]).assign(label=lambda d: d["term"])
    top = L.top_terms(L.score_terms(df), k=3)
    assert top[top["post_id"] == "A"]["term"].tolist() == ["alpha", "mu", "zeta"]
    assert top[top["post_id"] == "A"]["rank"].tolist() == [1, 2, 3]


# -- collocations --------------------------------------------------------------------------------------
def test_collocation_finder_returns_repeated_bigram():
    posts = _posts(
        "Ich rief die Service Hotline an. Die Service Hotline war besetzt.",
        "Wieder die Service Hotline, wieder kein Techniker.",
        "Der Router blinkt rot. Niemand kommt.",
    )
    col = L.collocations(L.token_table(posts), min_freq=2)
    assert col.iloc[0]["bigram"] == "service hotline"
    assert col.iloc[0]["freq"] == 3 and col.iloc[0]["n_posts"] == 2
    # no pair with a stop word ("die service") or punctuation, none below min_freq
    assert not col["w1"].isin(["die", "."]).any()
    assert (col["freq"] >= 2).all()
    assert set(L.collocations(L.token_table(posts), measure="pmi")["bigram"]) == set(col["bigram"])


def test_collocations_do_not_cross_sentences_or_posts():
    # "hotline techniker" only ever meets across a full stop or a post boundary
    posts = _posts("Anruf bei der Hotline. Techniker kam.", "Wieder Hotline", "Techniker blieb weg. Hotline. Techniker")
    col = L.collocations(L.token_table(posts), min_freq=1, n=None)
    assert "hotline techniker" not in set(col["bigram"])


def test_collocations_score_like_nltks_finder_over_the_posts():
    """The counts on integer codes give NLTK's own result: the same pairs, frequencies and scores as
    ``BigramCollocationFinder.from_documents`` over the posts' lower-cased tokens."""
    from nltk.collocations import BigramCollocationFinder

    posts = _posts("Die Service Hotline rief zurück. Service Hotline, Service Team!", "Hotline Service Hotline.",
                   "Kein Service. Team Hotline zurück zurück", "Service Hotline")
    tokens = L.token_table(posts)
    for measure, min_freq in (("likelihood_ratio", 1), ("pmi", 2)):
        finder = BigramCollocationFinder.from_documents(
            tokens.sort_values(["post_id", "i"]).groupby("post_id")["lower"].agg(list).tolist())
        finder.apply_freq_filter(min_freq)
        finder.apply_word_filter(L._bad_collocate)
        want = [(w1, w2, finder.ngram_fd[(w1, w2)], s) for (w1, w2), s in finder.score_ngrams(L.MEASURES[measure])]
        col = L.collocations(tokens, min_freq=min_freq, measure=measure, n=None)
        got = sorted(zip(col["w1"], col["w2"], col["freq"], col["score"]), key=lambda t: (-t[3], t[0], t[1]))
        assert got == sorted(want, key=lambda t: (-t[3], t[0], t[1])) and got, measure


# -- concordance ---------------------------------------------------------------------------------------
def test_concordance_finds_channel_words_inside_compounds():
    posts = _posts(
        "Trotz vieler Versuche war die Service-Hotline nicht zu erreichen. Später kam ein Blogartikel.",
        "Unzählige Telefonate später schrieb der 1&1-Pressesprecher eine E-Mail. Der Mailserver lief nicht.",
    )
    conc = L.channel_concordance(posts, width=20)
    assert list(conc.columns[:5]) == ["post_id", "keyword", "left", "match", "right"]
    got = set(zip(conc["post_id"], conc["keyword"], conc["match"]))
    assert ("000_test", "Hotline", "Service-Hotline") in got
    assert ("000_test", "Blog", "Blogartikel") in got
    assert ("001_test", "Telefon", "Telefonate") in got
    assert ("001_test", "Presse", "1&1-Pressesprecher") in got
    assert ("001_test", "Mail", "E-Mail") in got
    assert "Mailserver" not in set(conc["match"])  # the product, not a channel
    # fixed-width context, aligned, and the line reads back as the text
    assert (conc["left"].str.len() == 20).all() and (conc["right"].str.len() == 20).all()
    hot = conc[conc["match"] == "Service-Hotline"].iloc[0]
    assert hot["left"].endswith("Versuche war die ") and hot["right"].startswith(" nicht zu erreichen")
    assert conc.loc[conc["channel"] == "phone", "keyword"].isin(["Hotline", "Telefon"]).all()


def test_concordance_is_case_insensitive_but_ups_is_not():
    posts = _posts("Die HOTLINE und die hotline. Gruppen-Chat mit UPS, nicht ups oder Gruppe.")
    conc = L.channel_concordance(posts)
    assert conc["keyword"].tolist().count("Hotline") == 2
    assert conc.loc[conc["keyword"] == "UPS", "match"].tolist() == ["UPS"]
    mentions = L.channel_mentions(conc, posts=["000_test", "999_none"])
    assert mentions.loc["999_none"].sum() == 0 and mentions.loc["000_test", "Hotline"] == 2


def test_kwic_lines_name_every_post_unambiguously():
    posts = _posts("Die Hotline war besetzt.", "Die Hotline half.").assign(post_id=["000001", "000002"])
    lines = L.kwic_lines(L.channel_concordance(posts, width=10)).splitlines()
    assert [line.split()[0] for line in lines] == ["000001", "000002"]  # not "000" twice
    numbered = L.kwic_lines(L.channel_concordance(_posts("Die Hotline war besetzt.", "Die Hotline."), width=10))
    assert [line[:5] for line in numbered.splitlines()] == ["000  ", "001  "]


# -- scale ---------------------------------------------------------------------------------------------
def test_pipeline_is_vectorised_over_many_posts():
    rng = np.random.default_rng(0)
    vocab = ["Hotline", "Techniker", "Router", "Kunde", "Anruf", "Mail", "Vertrag", "Rechnung", "nicht", "Blog"]
    stories = [" ".join(rng.choice(vocab, size=40)) + "." for _ in range(2000)]
    posts = _posts(*stories)
    toks = L.token_table(posts)
    top = L.top_terms(L.score_terms(L.term_counts(toks)), k=3)
    assert len(toks) == 2000 * (40 + 1 + 2)  # 40 words, a full stop, and the two-token title
    assert top["post_id"].nunique() > 1900  # nearly every post has an over-used term
    assert len(L.channel_concordance(posts.head(50))) > 0


# -- the real corpus -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(posts):
    """The real corpus (``posts`` from conftest: data/raw/, loaded without touching the cache)."""
    return posts


def test_real_corpus_every_post_gets_terms_and_channel_words(corpus):
    toks = L.token_table(corpus)
    top = L.top_terms(L.score_terms(L.term_counts(toks)), k=8)
    assert set(top["post_id"]) == set(corpus["post_id"])
    assert (top.groupby("post_id").size() == 8).all()
    assert (top["z"] > 0).all() and (top["count"] >= 1).all()
    assert not top["term"].isin(L.text.stopwords_de()).any()
    # every word of the story bodies is in the token table (titles come on top)
    words = toks[toks["is_word"]].groupby("post_id").size()
    assert (words.reindex(corpus["post_id"]).to_numpy() >= corpus["n_words"].to_numpy()).all()
    conc = L.channel_concordance(corpus)
    assert set(conc["post_id"]) == set(corpus["post_id"])  # every story mentions at least one channel
    assert set(conc["channel"]) <= set(L.CHANNEL_WORDS[i].channel for i in range(len(L.CHANNEL_WORDS)))


def test_distinctive_terms_figure(corpus):
    from servicestories.figures.language import distinctive_terms

    top = L.distinctive_terms(corpus, k=5)
    chart = distinctive_terms(top, corpus, k=5)
    try:
        n = corpus["post_id"].nunique()
        assert f"n = {n} posts" in chart.caption and "descriptive" in chart.caption
        assert len(chart.data) == len(top)
        assert chart.fig.get_size_inches()[0] == pytest.approx(7.0)
        drawn = [ax for ax in chart.fig.axes if ax.axison]
        assert len(drawn) == n
        assert chart.data["title"].ne("").all()
    finally:
        plt.close(chart.fig)
