"""The language of the stories (notebook 06): tokens, lemmas and stems, distinctive terms, collocations and a
concordance of channel words. German, offline only; all tokenising goes through :mod:`servicestories.text`.

Every function works on long ("tidy") frames and counts with pandas ``groupby``, so the cost grows linearly
with the number of tokens in the corpus; nothing loops over pairs of posts.

Distinctive terms
-----------------
Each post ``i`` is compared with the rest of the corpus ``j`` (all other posts pooled). For a term ``w`` with
count ``y_iw`` in post ``i`` (``n_i`` content tokens) and ``y_jw`` in the rest (``n_j`` content tokens), the
weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 16, 18–20) is::

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior ``a_w = a_0 * y_w / N`` is the term's share of the whole corpus scaled to a total mass ``a_0``
(default ``a_0 = N``, i.e. the corpus counts themselves serve as the prior, the usual "fightin' words"
convention). The prior shrinks rare terms towards zero: a word used once scores far lower than one used five
times. ``z`` is a descriptive ranking score, *not* a significance test, least of all on five short posts.

For comparison, :func:`score_terms` also gives Dunning's log-likelihood keyness ``G2`` (Rayson & Garside
2000), signed positive when the term is relatively more frequent in the post than in the rest::

    E_i = n_i * (y_iw + y_jw) / (n_i + n_j),   E_j = n_j * (y_iw + y_jw) / (n_i + n_j)
    G2  = 2 * (y_iw * ln(y_iw / E_i) + y_jw * ln(y_jw / E_j))      (0 * ln 0 := 0)

Only terms that occur in a post are scored for that post (a term absent from a post cannot be distinctive
*of* it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import numpy as np
import pandas as pd

from . import text
from .caseids import case_ids
from .extract.keys import first_chars
from .extract.rules import gate_text
from .nltk_lean import BigramAssocMeasures, BigramCollocationFinder, FreqDist

TOKEN_COLUMNS = ["post_id", "i", "token", "lower", "lemma", "stem", "is_word", "is_stop", "is_content"]
UNITS = ("lemma", "stem", "lower")


# -- tokens -------------------------------------------------------------------------------------------
def story_text(posts: pd.DataFrame) -> pd.Series:
    """The story of each post: title, a line break, body (indexed like ``posts``)."""
    return posts["title"].fillna("").astype(str) + "\n" + posts["body"].fillna("").astype(str)


#: posts tokenised at a time: the Python strings of one chunk become integer codes before the next
_TOKEN_CHUNK = 2_000


def _token_part(posts: np.ndarray, stories: pd.Series, forms: dict[str, int]) -> pd.DataFrame:
    """``post`` (the post's code, from ``posts``), ``i`` and ``form``: the token's code in ``forms``, which every
    new form extends."""
    toks = [text.tokens(s) for s in stories]
    lengths = np.fromiter((len(t) for t in toks), dtype=np.int64, count=len(toks))
    code = forms.setdefault
    return pd.DataFrame({
        "post": np.repeat(posts, lengths),
        "i": np.concatenate([np.arange(n, dtype=np.int32) for n in lengths]) if len(lengths)
        else np.array([], dtype=np.int32),
        "form": np.fromiter((code(t, len(forms)) for ts in toks for t in ts), dtype=np.int64,
                            count=int(lengths.sum())),
    })


def token_table(posts: pd.DataFrame) -> pd.DataFrame:
    """One row per token of every post's story (title + body), in reading order.

    Columns: ``post_id``, ``i`` (token index within the post, punctuation included), ``token`` (as written),
    ``lower``, ``lemma`` (simplemma, case kept: nouns stay capitalised), ``stem`` (Snowball German),
    ``is_word`` (has a letter or digit), ``is_stop`` (the lower-cased token *or* its lemma is a German stop
    word; negations such as *nicht*, *kein* are not stop words, see :data:`servicestories.text.KEEP_WORDS`)
    and ``is_content`` (a word, not a stop word, not a number or date, longer than one character — the rule of
    :func:`servicestories.text.content_words`, plus the lemma check, so ``wurde`` -> ``werden`` is dropped).

    Lemmas and stems are computed once per distinct token form, so the cost is linear in corpus size.
    ``post_id``, ``token``, ``lower``, ``lemma`` and ``stem`` are categorical (a small integer per row into the
    sorted distinct values) and ``i`` is a 32-bit integer: the table is about a fifth of the size it would be
    with a string per row.
    """
    stories = story_text(posts)
    ids = pd.Index(posts["post_id"].astype("str"))
    post_ids = ids.unique().sort_values()
    post_codes = post_ids.get_indexer(ids).astype(np.int32)
    vocab: dict[str, int] = {}  # every distinct form, in order of first appearance
    parts = [_token_part(post_codes[a:a + _TOKEN_CHUNK], stories.iloc[a:a + _TOKEN_CHUNK], vocab)
             for a in range(0, len(stories), _TOKEN_CHUNK)]
    frame = pd.concat(parts, ignore_index=True) if parts else _token_part(post_codes[:0], stories.iloc[:0], vocab)
    del parts
    # every other column is a property of the token form: computed once per distinct form, then taken by the
    # form's code (no Python string per row)
    codes = frame.pop("form").to_numpy()
    forms = list(vocab)
    lower = [f.lower() for f in forms]
    lemma = [text.lemma(f) for f in forms]
    stems = {lo: text.stem(lo) for lo in set(lower)}
    stop = text.stopwords_de()
    is_word = np.array([bool(re.search(r"\w", f)) for f in forms], dtype=bool)
    numeric = np.array([bool(text.NUMERIC.fullmatch(f)) for f in forms], dtype=bool)  # "3", "02.06.25"; "1&1" is a word
    is_stop = is_word & np.array([lo in stop or le.lower() in stop for lo, le in zip(lower, lemma)], dtype=bool)
    is_content = is_word & ~is_stop & ~numeric & np.array([len(lo) > 1 for lo in lower], dtype=bool)

    def by_form(values: list[str]) -> pd.Categorical:
        """A column of the form's value per row, stored as a code per row into the sorted distinct values."""
        value_codes, distinct = pd.factorize(np.array(values, dtype=object), sort=True)
        return pd.Categorical.from_codes(value_codes[codes], categories=pd.Index(distinct, dtype="str"))

    frame["post_id"] = pd.Categorical.from_codes(frame.pop("post").to_numpy(), categories=post_ids)
    frame["token"] = by_form(forms)
    frame["lower"] = by_form(lower)
    frame["lemma"] = by_form(lemma)
    frame["stem"] = by_form([stems[lo] for lo in lower])
    frame["is_word"] = is_word[codes]
    frame["is_stop"] = is_stop[codes]
    frame["is_content"] = is_content[codes]
    return frame[TOKEN_COLUMNS].reset_index(drop=True)


def token_sample(tokens: pd.DataFrame, n: int = 12, content_only: bool = True) -> pd.DataFrame:
    """The first ``n`` (content) tokens of each post with lemma and stem — for showing what the units look like."""
    sel = tokens[tokens["is_content"]] if content_only else tokens[tokens["is_word"]]
    out = sel.sort_values(["post_id", "i"]).groupby("post_id", sort=True).head(n)
    shown = {"post_id": "str", "i": "int64", "token": "str", "lemma": "str", "stem": "str"}
    return out[list(shown)].astype(shown).reset_index(drop=True)


def _encoded(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(an integer per row, the same for equal values, -1 for a missing value; the value of each integer): a
    categorical column's own codes and categories (each category is a distinct value), else
    :func:`pandas.factorize`."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    codes, uniques = pd.factorize(values)
    return codes, pd.Index(uniques)


def _codes(values: pd.Series) -> np.ndarray:
    return _encoded(values)[0]


def _folded_codes(values: pd.Series) -> np.ndarray:
    """An integer per value, the same for values equal up to case, -1 for a missing value; for a categorical
    column computed on its categories, without a lower-cased string per row."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        folded = pd.factorize(values.cat.categories.str.lower())[0].astype(np.int32)
        rows = values.cat.codes.to_numpy()
        return np.where(rows >= 0, folded[rows] if len(folded) else rows, np.int32(-1))
    return pd.factorize(values.str.lower())[0]


def token_summary(tokens: pd.DataFrame) -> pd.DataFrame:
    """Per post: words, stop words, content words, distinct lemmas and stems of content words."""
    post_id = tokens["post_id"]
    if isinstance(post_id.dtype, pd.CategoricalDtype) and post_id.cat.categories.is_monotonic_increasing:
        posts, ids = _codes(post_id), post_id.cat.categories  # (a post without a row has no words: no row)
    else:
        posts, ids = pd.factorize(tokens["post_id"], sort=True)  # counted on integer codes: no copy of the texts
    n = len(ids)
    is_word = tokens["is_word"].to_numpy(dtype=bool)
    is_content = tokens["is_content"].to_numpy(dtype=bool)
    content_posts = posts[is_content].astype(np.int64)

    def distinct(values: np.ndarray) -> np.ndarray:
        """Distinct content-word values per post (``values``: an integer code per token, -1 for none)."""
        values = values[is_content]
        keep = values >= 0
        base = int(values.max(initial=0)) + 1
        pairs = pd.unique(content_posts[keep] * base + values[keep])  # each (post, value) once
        return np.bincount(pairs // base, minlength=n)

    out = pd.DataFrame({
        "words": np.bincount(posts[is_word], minlength=n),
        "stop_words": np.bincount(posts[is_word & tokens["is_stop"].to_numpy(dtype=bool)], minlength=n),
        "content_words": np.bincount(content_posts, minlength=n),
        "distinct_lemmas": distinct(_folded_codes(tokens["lemma"])),
        "distinct_stems": distinct(_codes(tokens["stem"])),
    }, index=pd.Index(np.asarray(ids, dtype=object), name="post_id", dtype="str")).astype(int)
    return out[out["words"] > 0].reset_index()  # a post without words (only punctuation) has no row


# -- counts and distinctive terms --------------------------------------------------------------------
def term_counts(tokens: pd.DataFrame, unit: str = "lemma") -> pd.DataFrame:
    """Counts of content terms per post: ``post_id``, ``term`` (case-folded key), ``label``, ``count``.

    ``unit`` is ``"lemma"`` (default), ``"stem"`` or ``"lower"`` (the word form). ``label`` is how the term is
    shown: for lemmas the most frequent written-case lemma in the corpus (``Telefonat``, not ``telefonat``;
    ties broken alphabetically), otherwise the key itself.
    """
    return labelled_terms(*term_uses(tokens, unit))


def term_uses(tokens: pd.DataFrame, unit: str = "lemma") -> tuple[pd.DataFrame, pd.Series]:
    """What :func:`term_counts` is made of: the count of each case-folded term per post (``post_id``, ``term``,
    ``count``) and how often each written form is used for a term (``uses``: count per (term, label)). Both add
    up over separate sets of posts."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    content = tokens.loc[tokens["is_content"], ["post_id", unit]].rename(columns={unit: "label"})
    content["term"] = content["label"].str.lower()
    counts = content.groupby(["post_id", "term"], sort=True).size().rename("count").reset_index()
    counts["post_id"] = counts["post_id"].astype("str")  # categorical in the token table
    return counts, content.groupby(["term", "label"]).size()


def labelled_terms(counts: pd.DataFrame, uses: pd.Series) -> pd.DataFrame:
    """:func:`term_counts` from :func:`term_uses`: each term shown with its most used written form."""
    counts = counts.assign(label=counts["term"].map(_shown_labels(uses)))
    return counts[["post_id", "term", "label", "count"]]


def _shown_labels(uses: pd.Series) -> pd.Series:
    """term -> the label it is shown with: of the written forms of the term (``uses``: count per (term, label)),
    the most used, ties broken alphabetically."""
    best = (uses.rename("n").reset_index().sort_values(["term", "n", "label"], ascending=[True, False, True])
            .drop_duplicates("term").set_index("term")["label"])
    return best.astype("str")


def score_terms(counts: pd.DataFrame, alpha0: float | None = None) -> pd.DataFrame:
    """Weighted log-odds (informative Dirichlet prior) and signed G2 keyness of every term in every post.

    ``counts`` as from :func:`term_counts`. ``alpha0`` is the total prior mass (default: the number of content
    tokens in the corpus). Returns ``post_id, term, label, count, count_rest, n_post, n_rest, log_odds, z,
    g2``; formulas in the module docstring. Vectorised over all (post, term) pairs that occur.
    """
    df = counts.copy()
    term_total = df.groupby("term")["count"].transform("sum").to_numpy(dtype=float)
    post_total = df.groupby("post_id")["count"].transform("sum").to_numpy(dtype=float)
    N = float(df["count"].sum())
    a0 = float(N if alpha0 is None else alpha0)
    if a0 <= 0:
        raise ValueError("alpha0 must be positive")
    y_i = df["count"].to_numpy(dtype=float)
    y_j = term_total - y_i
    n_i = post_total
    n_j = N - n_i
    a_w = a0 * term_total / N
    delta = (np.log(y_i + a_w) - np.log(n_i + a0 - y_i - a_w)
             - np.log(y_j + a_w) + np.log(n_j + a0 - y_j - a_w))
    var = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
    df["count_rest"] = y_j.astype(int)
    df["n_post"] = n_i.astype(int)
    df["n_rest"] = n_j.astype(int)
    df["log_odds"] = delta
    df["z"] = delta / np.sqrt(var)
    df["g2"] = _signed_g2(y_i, y_j, n_i, n_j)
    return df[["post_id", "term", "label", "count", "count_rest", "n_post", "n_rest", "log_odds", "z", "g2"]]


def _signed_g2(y_i: np.ndarray, y_j: np.ndarray, n_i: np.ndarray, n_j: np.ndarray) -> np.ndarray:
    total = n_i + n_j
    e_i = n_i * (y_i + y_j) / total
    e_j = n_j * (y_i + y_j) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        t_i = np.where(y_i > 0, y_i * np.log(y_i / e_i), 0.0)
        t_j = np.where(y_j > 0, y_j * np.log(y_j / e_j), 0.0)
        over = np.where(n_j > 0, y_i / n_i > y_j / np.where(n_j > 0, n_j, 1), True)
    g2 = 2.0 * (t_i + t_j)
    return np.where(over, g2, -g2)


def top_terms(scores: pd.DataFrame, k: int = 8, by: str = "z", min_count: int = 1) -> pd.DataFrame:
    """The ``k`` highest-scoring terms of each post (``by`` = ``"z"``, ``"log_odds"`` or ``"g2"``).

    Only positive scores (over-represented terms) and terms used at least ``min_count`` times in the post.
    Ties are broken explicitly: higher count first, then the term alphabetically. Adds ``rank`` (1 = top).
    """
    sel = scores[(scores[by] > 0) & (scores["count"] >= min_count)]
    sel = sel.sort_values(["post_id", by, "count", "term"], ascending=[True, False, False, True], kind="mergesort")
    out = sel.groupby("post_id", sort=True).head(k).copy()
    out.insert(1, "rank", out.groupby("post_id").cumcount() + 1)
    return out.reset_index(drop=True)


def top_terms_wide(top: pd.DataFrame) -> pd.DataFrame:
    """Rank x post table of ``label (count in post | count in rest)`` for reading posts side by side."""
    cells = top.assign(cell=top["label"] + " (" + top["count"].astype(str) + "|" + top["count_rest"].astype(str) + ")")
    wide = cells.pivot(index="rank", columns="post_id", values="cell").fillna("")
    wide.columns.name = None
    return wide.sort_index()[sorted(wide.columns)]


def ranking_overlap(scores: pd.DataFrame, k: int = 8, a: str = "z", b: str = "g2") -> pd.DataFrame:
    """Per post: how many of the top-``k`` terms by ``a`` are also in the top ``k`` by ``b`` (robustness)."""
    ta = top_terms(scores, k=k, by=a)[["post_id", "term"]]
    tb = top_terms(scores, k=k, by=b)[["post_id", "term"]]
    shared = ta.merge(tb, on=["post_id", "term"]).groupby("post_id").size()
    out = pd.DataFrame({"top_k": ta.groupby("post_id").size()})
    out["shared"] = shared.reindex(out.index, fill_value=0)
    out.index.name = "post_id"
    return out.sort_index().reset_index()


def distinctive_terms(posts: pd.DataFrame, k: int = 8, unit: str = "lemma", by: str = "z",
                      alpha0: float | None = None) -> pd.DataFrame:
    """Shortcut: :func:`token_table` -> :func:`term_counts` -> :func:`score_terms` -> :func:`top_terms`."""
    return top_terms(score_terms(term_counts(token_table(posts), unit), alpha0), k=k, by=by)


# -- collocations ------------------------------------------------------------------------------------
MEASURES = {"likelihood_ratio": BigramAssocMeasures.likelihood_ratio, "pmi": BigramAssocMeasures.pmi}


def _bad_collocate(word: str | None) -> bool:
    return (word is None or word in text.stopwords_de() or not re.search(r"[^\W\d_]", word) or len(word) < 2)


def _in_reading_order(posts: np.ndarray, position: np.ndarray) -> bool:
    """Are the rows of each post together (one block per post) and in token order 0, 1, 2, ...?"""
    if not len(posts):
        return True
    new = posts[1:] != posts[:-1]
    follows = np.where(new, position[1:] == 0, position[1:] == position[:-1] + 1)
    return bool(position[0] == 0 and follows.all() and int(new.sum()) + 1 == len(pd.unique(posts)))


def collocations(tokens: pd.DataFrame, min_freq: int = 2, measure: str = "likelihood_ratio",
                 n: int | None = 20) -> pd.DataFrame:
    """Adjacent word pairs that occur together more than chance, via NLTK's ``BigramCollocationFinder``.

    Lower-cased tokens of each post, punctuation kept in the stream so no pair spans a sentence or clause
    boundary, and posts padded so no pair spans two posts. Pairs containing a German stop word (negations are
    not stop words), punctuation, or a pure number are dropped, and pairs seen fewer than ``min_freq`` times
    in the corpus. Ranked by ``measure`` (``"likelihood_ratio"``, Dunning 1993, or ``"pmi"``); ties broken
    alphabetically. Columns: ``bigram, w1, w2, freq, n_posts, score``.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {sorted(MEASURES)}, not {measure!r}")
    return score_bigrams(bigram_counts(tokens), min_freq, measure, n)


@dataclass
class BigramCounts:
    """What :func:`collocations` scores, counted on integer codes into ``vocab`` (the lower-cased forms):
    ``words`` how often each form occurs (every token), and for every candidate pair (two adjacent tokens of one
    post, neither a stop word, punctuation or a number) its key ``w1 * PAIR_BASE + w2``, count and number of
    posts (``keys`` ascending). The counts of separate sets of posts add up, so a large corpus can be counted a
    chunk of posts at a time (:mod:`servicestories.language_stream`)."""

    vocab: list[str]
    words: np.ndarray
    keys: np.ndarray
    counts: np.ndarray
    n_posts: np.ndarray


#: a pair of codes ``(w1, w2)`` is the one integer ``w1 * PAIR_BASE + w2``
PAIR_BASE = 1 << 31


def bigram_counts(tokens: pd.DataFrame) -> BigramCounts:
    """The counts :func:`collocations` scores (those ``BigramCollocationFinder.from_documents`` would collect, on
    integer codes: no Python object per token), before the ``min_freq`` filter."""
    # pairs with a stop word, punctuation or a number are never candidates (NLTK's apply_word_filter, applied
    # before counting: the same pairs remain, and the dropped ones are never held in memory)
    posts = _codes(tokens["post_id"])
    words, vocab = _encoded(tokens["lower"])  # (categories without a row: count 0)
    position = tokens["i"].to_numpy()
    if not _in_reading_order(posts, position):  # (a token table is: then no sorted copy is made)
        order = np.lexsort((position, posts))  # reading order: by post, then token index (stable)
        posts, words = posts[order], words[order]
    vocab = [str(w) for w in vocab]
    good = np.array([not _bad_collocate(w) for w in vocab] + [False], dtype=bool)  # [-1]: a missing form
    same = (posts[1:] == posts[:-1]) & good[words[1:]] & good[words[:-1]]
    pair = words[:-1][same].astype(np.int64) * PAIR_BASE + words[1:][same]  # one integer per adjacent pair
    keys, counts = np.unique(pair, return_counts=True)
    per_post = pd.DataFrame({"post": posts[:-1][same], "pair": pair}).drop_duplicates()["pair"].to_numpy()
    n_posts = np.bincount(np.searchsorted(keys, per_post), minlength=len(keys))
    return BigramCounts(vocab, np.bincount(words[words >= 0], minlength=len(vocab)), keys, counts,
                        n_posts.astype(np.int64))


def score_bigrams(counts: BigramCounts, min_freq: int = 2, measure: str = "likelihood_ratio",
                  n: int | None = 20) -> pd.DataFrame:
    """:func:`collocations` from its counts: pairs seen at least ``min_freq`` times, ranked by ``measure``."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {sorted(MEASURES)}, not {measure!r}")
    vocab = counts.vocab
    keep = counts.counts >= min_freq
    keys = counts.keys[keep]
    finder = BigramCollocationFinder(
        FreqDist({vocab[w]: int(c) for w, c in enumerate(counts.words) if c}),
        FreqDist({(vocab[k // PAIR_BASE], vocab[k % PAIR_BASE]): int(c) for k, c in zip(keys, counts.counts[keep])}))
    scored = finder.score_ngrams(MEASURES[measure])
    out = pd.DataFrame(
        [(w1, w2, finder.ngram_fd[(w1, w2)], s) for (w1, w2), s in scored],
        columns=["w1", "w2", "freq", "score"],
    )
    # in how many posts each pair occurs
    index = {w: i for i, w in enumerate(vocab)}
    pair_of = np.array([index[w1] * PAIR_BASE + index[w2] for w1, w2 in zip(out["w1"], out["w2"])], dtype=np.int64)
    out["n_posts"] = counts.n_posts[np.searchsorted(counts.keys, pair_of)]
    out.insert(0, "bigram", out["w1"] + " " + out["w2"])
    out = out.sort_values(["score", "freq", "bigram"], ascending=[False, False, True], kind="mergesort")
    out = out[["bigram", "w1", "w2", "freq", "n_posts", "score"]].reset_index(drop=True)
    return out if n is None else out.head(n)


# -- concordance of channel words --------------------------------------------------------------------
@dataclass(frozen=True)
class ChannelWord:
    """A channel word: the keyword shown, the channel label it points to, a regex matched inside compounds."""

    keyword: str
    channel: str
    pattern: str


#: Channel words, matched case-insensitively anywhere inside a word (so compounds count: ``Service-Hotline``,
#: ``Telefonstimme``, ``Blogartikels``). Patterns are heuristics for reading, not a coding instrument: the
#: separable verb in "rief ... an" is not found, and a few look-aheads keep out known false friends
#: (``Mailserver`` is the product, not a channel; ``Schatten`` contains "chat"; a plain ``Formular`` is often
#: paper, so only web forms count).
CHANNEL_WORDS: tuple[ChannelWord, ...] = (
    ChannelWord("Hotline", "phone", r"hotline"),
    ChannelWord("Telefon", "phone", r"telefon"),
    ChannelWord("Anruf", "phone", r"anruf|angerufen|anzurufen"),
    ChannelWord("Callcenter", "phone", r"call-?center"),
    ChannelWord("Mail", "email", r"(?:e-?)?mail(?!server)"),
    ChannelWord("Brief", "letter", r"brief(?!ing)"),
    ChannelWord("Chat", "chat", r"(?<!s)chat"),
    ChannelWord("Kontaktformular", "web_form", r"kontaktformular|web-?formular|online-?formular"),
    ChannelWord("Service-Center", "in_person", r"service-?center|filiale"),
    ChannelWord("Blog", "blog", r"blog"),
    ChannelWord("Forum", "forum", r"forum|foren"),
    ChannelWord("Twitter/Facebook", "social_media", r"twitter|tweet|facebook"),
    ChannelWord("Presse", "press", r"presse|journalist"),
    ChannelWord("Techniker", "technician_visit", r"techniker"),
    ChannelWord("UPS", "courier", r"(?-i:\bUPS\b)|kurier|paketdienst"),
)
_TOKEN_CHAR = re.compile(r"[\w&/'’-]")


def _channel_alternation(lexicon: Sequence[ChannelWord]) -> str:
    """One alternative per channel word, named ``k<n>`` after its place in ``lexicon``."""
    return "|".join(f"(?P<k{n}>{cw.pattern})" for n, cw in enumerate(lexicon))


def _channel_regex(lexicon: Sequence[ChannelWord]) -> re.Pattern:
    """:func:`_channel_alternation` behind a look-ahead for the characters a match can start with: the same
    matches, and positions where no channel word can start are passed over at once."""
    pattern = _channel_alternation(lexicon)
    first = first_chars(pattern, re.IGNORECASE)
    if first:
        pattern = f"(?=[{''.join(map(re.escape, sorted(first)))}])(?:{pattern})"
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class _Scanner:
    """:func:`_channel_regex` and what lets :func:`_channel_matches` try it only near a key: an Aho-Corasick
    automaton over the keys every match contains (value: the key's length), the longest match, and how far past a
    match its look-aheads and word boundaries read. ``automaton`` is ``None`` when the lexicon gives no such bounds
    (then every position is tried)."""

    rx: re.Pattern
    automaton: object | None = None
    width: int = 0  # the longest match
    reach: int = 0  # characters past a match's end that it may read, plus one (:func:`extract.keys.match_bounds`)


@lru_cache(maxsize=8)
def _scanner(lexicon: tuple[ChannelWord, ...]) -> _Scanner:
    from .extract.keys import match_bounds, required_keys
    from .extract.rules import key_automaton

    rx = _channel_regex(lexicon)
    keys = [required_keys(cw.pattern) for cw in lexicon]
    bounds = match_bounds(_channel_alternation(lexicon))
    automaton = key_automaton({k for ks in keys for k in ks or ()}) if all(keys) else None
    if automaton is None or bounds is None:
        return _Scanner(rx)
    return _Scanner(rx, automaton, *bounds)


def _channel_matches(s: str, scanner: _Scanner) -> Iterable[re.Match]:
    """The matches of ``scanner.rx.finditer(s)``, found by trying the regex only where a match can start: within
    ``width`` characters before a key occurrence (every match contains a key). Each try reads at most ``width +
    reach`` characters past its start, so a truncated search gives the same match as one over the whole text."""
    a = scanner.automaton
    low = gate_text(s) if a is not None else None
    if a is None or low is None:  # no bounds, or lower-casing would move or hide a key: every position
        return scanner.rx.finditer(s)
    width, reach, rx = scanner.width, scanner.reach, scanner.rx
    regions: list[list[int]] = []  # where a match may start, merged, in order
    for end, n in a.iter(low):  # type: ignore[attr-defined]
        lo, hi = max(0, end + 1 - width), end + 1 - n
        if regions and lo <= regions[-1][1] + 1:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
    out: list[re.Match] = []
    pos = 0
    for lo, hi in regions:
        start = max(lo, pos)
        while start <= hi:
            m = rx.search(s, start, min(len(s), hi + width + reach))
            if m is None or m.start() > hi:
                break
            out.append(m)
            pos = start = m.end()
    return out


def _expand(s: str, a: int, b: int) -> tuple[int, int]:
    """Grow the span [a, b) to the whole token (compound) around it."""
    while a > 0 and _TOKEN_CHAR.match(s[a - 1]):
        a -= 1
    while b < len(s) and _TOKEN_CHAR.match(s[b]):
        b += 1
    while a < b and s[a] in "-/'’&":
        a += 1
    while b > a and s[b - 1] in "-/'’&":
        b -= 1
    return a, b


def channel_concordance(posts: pd.DataFrame, width: int = 40,
                        lexicon: Sequence[ChannelWord] = CHANNEL_WORDS) -> pd.DataFrame:
    """Keyword-in-context lines for every channel word in every post's story (title + body).

    Whitespace is collapsed to single spaces first. ``match`` is the whole word containing the channel word
    (the compound); ``left`` and ``right`` are exactly ``width`` characters of context (padded with spaces at
    the start or end of the text), so the lines align. Columns: ``post_id, keyword, left, match, right,
    channel, start``; sorted by post and position.
    """
    scanner = _scanner(tuple(lexicon))
    rows: list[tuple] = []
    for pid, story in zip(posts["post_id"], story_text(posts)):
        s = text.normalize_ws(story)
        for m in _channel_matches(s, scanner):
            cw = lexicon[int(cast(str, m.lastgroup)[1:])]  # every alternative is a named group
            a, b = _expand(s, m.start(), m.end())
            rows.append((pid, cw.keyword, s[max(0, a - width):a].rjust(width), s[a:b],
                         s[b:b + width].ljust(width), cw.channel, a))
    out = pd.DataFrame(rows, columns=["post_id", "keyword", "left", "match", "right", "channel", "start"])
    # a compound matched twice (e.g. "Telefonhotline") gives one line per channel word, at the same start
    return out.sort_values(["post_id", "start", "keyword"], kind="mergesort").reset_index(drop=True)


def channel_mentions(concordance: pd.DataFrame, posts: Iterable[str] | None = None) -> pd.DataFrame:
    """Post x keyword table of channel-word counts from :func:`channel_concordance` (zeros included)."""
    table = pd.crosstab(concordance["post_id"], concordance["keyword"])
    if posts is not None:
        table = table.reindex(sorted(set(posts)), fill_value=0)
    order = [cw.keyword for cw in CHANNEL_WORDS if cw.keyword in table.columns]
    order += sorted(c for c in table.columns if c not in order)
    table = table[order]
    table.columns.name = None
    return table.sort_index()


def kwic_lines(concordance: pd.DataFrame) -> str:
    """The concordance as aligned plain-text lines: ``post  left[match]right`` (monospace display); the post is
    named by its case id (:func:`servicestories.caseids.case_ids`: ``000`` for ``000_vista``, the whole post id
    where that is ambiguous), padded to one width."""
    short = case_ids(concordance["post_id"])
    width = max(map(len, short), default=0)
    lines = [
        f"{short[pid]:<{width}}  {left}[{match}]{right}".rstrip()
        for pid, left, match, right in zip(concordance["post_id"], concordance["left"], concordance["match"],
                                           concordance["right"])
    ]
    return "\n".join(lines)


# -- distinctive terms per group (large corpora) -----------------------------------------------------------------
def company_groups(companies: pd.Series, k: int = 9, min_posts: int = 2) -> pd.Series:
    """``post_id`` -> company for the ``k`` named companies with most posts (at least ``min_posts`` each; ties
    alphabetically); other posts are not in the result. ``companies`` is indexed by ``post_id``."""
    named = companies.dropna().astype(str)
    named = named[(named.str.strip() != "") & (named != "unnamed")]
    counts = named.value_counts()
    ranked = [c for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_posts][:k]
    return named[named.isin(ranked)]


def group_counts(counts: pd.DataFrame, groups: pd.Series, rest: str = "(all other posts)") -> pd.DataFrame:
    """:func:`term_counts` summed per group: ``groups`` maps ``post_id`` to a group; posts in no group are pooled
    as ``rest`` (they stay in the comparison, so each group is scored against *all* other posts). The result has
    the columns of :func:`term_counts` with the group in ``post_id`` and can go to :func:`score_terms`."""
    g = counts.assign(post_id=counts["post_id"].map(groups).fillna(rest))
    out = g.groupby(["post_id", "term"], sort=True).agg(label=("label", "first"), count=("count", "sum"))
    return out.reset_index()[["post_id", "term", "label", "count"]]


def group_term_counts(tokens: pd.DataFrame, groups: pd.Series, unit: str = "lemma",
                      rest: str = "(all other posts)") -> pd.DataFrame:
    """``group_counts(term_counts(tokens, unit), groups, rest)``, counted on integer codes: the group of each
    content token's post and the code of its term (no row per post and term, no string per token)."""
    return terms_of_forms(group_form_counts(tokens, groups, unit, rest))


def group_form_counts(tokens: pd.DataFrame, groups: pd.Series, unit: str = "lemma",
                      rest: str = "(all other posts)") -> pd.DataFrame:
    """The count of each written form of ``unit`` per group (``post_id`` = the group, ``label``, ``count``), which
    :func:`terms_of_forms` folds into :func:`group_term_counts`."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    posts, ids = _encoded(tokens["post_id"])
    group_of = pd.Series(pd.Index(ids).map(groups), dtype=object).fillna(rest).to_numpy()
    names = sorted(set(group_of))
    per_post = pd.Categorical(group_of, categories=names).codes
    content = tokens["is_content"].to_numpy(dtype=bool)
    forms, distinct = _encoded(tokens[unit])
    forms = forms[content]
    keep = forms >= 0
    n_forms = max(len(distinct), 1)
    pairs, counts = np.unique(per_post[posts[content][keep]].astype(np.int64) * n_forms + forms[keep],
                              return_counts=True)  # each (group, written form) with its count
    form = pairs % n_forms
    written = pd.Index(np.asarray(distinct, dtype=object), dtype="str")
    return pd.DataFrame({"post_id": pd.Index(names, dtype="str")[pairs // n_forms], "label": written[form],
                         "count": counts})


def terms_of_forms(rows: pd.DataFrame) -> pd.DataFrame:
    """Counts per (group, written form) -- ``post_id``, ``label``, ``count``; a pair may repeat, as when the counts
    of several chunks of posts are stacked -- as :func:`group_term_counts` gives them: summed per case-folded
    ``term``, each shown with its most used written form."""
    rows = rows.assign(term=rows["label"].str.lower())
    out = rows.groupby(["post_id", "term"], sort=True)["count"].sum().reset_index()
    out["label"] = out["term"].map(_shown_labels(rows.groupby(["term", "label"])["count"].sum()))
    return out[["post_id", "term", "label", "count"]]


def group_distinctive_terms(tokens: pd.DataFrame, groups: pd.Series, k: int = 8, unit: str = "lemma",
                            by: str = "z", rest: str = "(all other posts)") -> pd.DataFrame:
    """Top-``k`` distinctive terms of each group of posts (e.g. per company) against all other posts pooled;
    like :func:`top_terms` with ``group`` for ``post_id`` and ``n_posts`` (posts in the group). The pooled rest
    is scored too but not returned."""
    return top_of_groups(group_term_counts(tokens, groups, unit, rest), groups, k, by, rest)


def top_of_groups(counts: pd.DataFrame, groups: pd.Series, k: int = 8, by: str = "z",
                  rest: str = "(all other posts)") -> pd.DataFrame:
    """:func:`group_distinctive_terms` from the group counts (:func:`group_term_counts`)."""
    top = top_terms(score_terms(counts), k=k, by=by)
    top = top[top["post_id"] != rest].rename(columns={"post_id": "group"})
    n_posts = groups.value_counts()
    top.insert(1, "n_posts", top["group"].map(n_posts).astype(int))
    return top.reset_index(drop=True)


def distinctive_table(tokens: pd.DataFrame, companies: pd.Series | None = None, k: int = 8) -> pd.DataFrame:
    """The distinctive terms notebook 06 draws: per company (:func:`group_distinctive_terms` over
    :func:`company_groups`) when ``companies`` (``post_id`` -> company) is given and at least two companies
    repeat; otherwise per post (:func:`top_terms`, z-scores of lemmas)."""
    groups = distinctive_groups(companies)
    if groups is not None:
        return group_distinctive_terms(tokens, groups, k=k)
    return top_terms(score_terms(term_counts(tokens, unit="lemma")), k=k, by="z")


def distinctive_groups(companies: pd.Series | None) -> pd.Series | None:
    """The groups :func:`distinctive_table` compares: :func:`company_groups` of ``companies`` when at least two
    companies repeat; ``None`` (compare post by post) otherwise."""
    if companies is None:
        return None
    groups = company_groups(companies)
    return groups if groups.nunique() >= 2 else None
