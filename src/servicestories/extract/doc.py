"""A post prepared once for all extraction rules: sentences, tokens, lower-cased forms, lemmas.

All tokenising goes through :mod:`servicestories.text` (NLTK Punkt with German parameters and NLTK's
``RegexpTokenizer``); this module only adds character offsets, a few cached word forms and guards that keep
pathological input (megabytes without a line break, only punctuation) fast and exception-free.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, NamedTuple, TypeVar

from .. import text as T
from .lang import Analysis, analyse
from .rules import gate_text

#: Longer texts are analysed on their first ``MAX_CHARS`` characters only (a blog post has ~5-50k).
MAX_CHARS = 400_000

FIRST_PERSON = frozenset({
    "ich", "mir", "mich", "mein", "meine", "meinen", "meinem", "meiner", "meines",
    "wir", "uns", "unser", "unsere", "unseren", "unserem", "unserer",
})
NEGATORS = frozenset({
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "ohne", "weder",
    "nichts",
})
_HAS_WORD = re.compile(r"\w")
_WORD = re.compile(T.WORD_PATTERN)


_T = TypeVar("_T")


class cached_property(Generic[_T]):  # noqa: N801 - named like the functools descriptor it stands in for
    """:class:`functools.cached_property` without the lock that Python 3.11's version takes on every first access
    (a sentence computes each of its forms once, from one thread)."""

    def __init__(self, func: Callable[[Any], _T]):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> _T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@lru_cache(maxsize=200_000)
def lower(word: str) -> str:
    return word.lower()


@lru_cache(maxsize=200_000)
def lemma_lower(word: str) -> str:
    try:
        return T.lemma(word).lower()
    except Exception:  # simplemma never should fail; a coding rule must not crash on odd input
        return word.lower()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    try:
        return T.stem(word.lower())
    except Exception:
        return word.lower()


class Token(NamedTuple):
    """A word or punctuation token with offsets into the post (a named tuple: sentences build many)."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return lower(self.text)

    @property
    def lemma(self) -> str:
        return lemma_lower(self.text)

    @property
    def is_word(self) -> bool:
        return bool(_HAS_WORD.search(self.text))


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    in_title: bool = False

    @cached_property
    def tokens(self) -> list[Token]:
        """The words and punctuation of the sentence with offsets into the post (built when first asked for:
        most sentences only need :attr:`lows`)."""
        a, text = self.start, self.text
        return [Token(text[x:y], a + x, a + y) for x, y in self.spans]

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        """Where each token is, relative to the sentence (``tokens`` without the strings: cheaper to build)."""
        return [m.span() for m in _WORD.finditer(self.text)]

    @cached_property
    def lows(self) -> list[str]:
        """The lower-cased tokens (the same strings as ``[t.low for t in tokens]``): the tokens of the lower-cased
        text, which are the same except where lower-casing changes a length (only ``İ`` does: then token by token;
        ``tests/test_extract_fastpaths.py`` checks every character)."""
        low = gate_text(self.text)  # the lower-cased text the key gates scan (None when it holds İ, ı or ſ)
        if low is None:
            return list(map(str.lower, _WORD.findall(self.text)))
        return _WORD.findall(low)

    @cached_property
    def lowset(self) -> frozenset[str]:
        return frozenset(self.lows)

    @property
    def is_question(self) -> bool:
        return self.text.rstrip(" \"'“”»«)").endswith("?")

    @cached_property
    def analysis(self) -> Analysis:
        """The clause-level reading (:mod:`.lang`), computed once and shared by every field."""
        return analyse(self.text)

    @cached_property
    def first_person(self) -> bool:
        return bool(self.lowset & FIRST_PERSON)


#: joins the sentences for :meth:`Doc.all_lows`: the NUL character is a token of its own
_SEPARATOR_TOKEN = "\x00"
_SEPARATOR = f"\n{_SEPARATOR_TOKEN}\n"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """:func:`servicestories.text.sentence_spans` (safe for very long lines)."""
    return T.sentence_spans(text)


class Doc:
    """The analysed text of one post. ``text`` is exactly the string offsets refer to."""

    def __init__(self, text: str, title_chars: int = 0):
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        self.text = text
        self.truncated = len(text) > MAX_CHARS
        work = text[:MAX_CHARS]
        #: per-document results a field module computes once and reuses (e.g. the gazetteer's sector cues)
        self.computed: dict[str, object] = {}
        self.sentences: list[Sentence] = []
        for i, (a, b) in enumerate(sentence_spans(work)):
            # tokens: the word pattern of servicestories.text (NLTK's RegexpTokenizer with it gives the same
            # spans), built lazily by Sentence.tokens
            self.sentences.append(Sentence(i, a, b, work[a:b], in_title=a < title_chars))

    def __len__(self) -> int:
        return len(self.sentences)

    def all_lows(self) -> list[str]:
        """Every sentence's :attr:`Sentence.lows`, in order, as one list; computed in one pass over the sentences
        joined by a line break and a separator token (a token never spans a line break), which also fills each
        sentence's ``lows``."""
        joined = _SEPARATOR.join(s.text for s in self.sentences)
        if joined.count(_SEPARATOR_TOKEN) >= len(self.sentences) or "\u0130" in joined:
            # a sentence holds the separator itself (cannot split back) / İ: sentence by sentence
            return [w for s in self.sentences for w in s.lows]
        toks = _WORD.findall(joined.lower())
        start = 0
        for s in self.sentences:
            end = toks.index(_SEPARATOR_TOKEN, start) if s is not self.sentences[-1] else len(toks)
            s.__dict__.setdefault("lows", toks[start:end])
            start = end + 1
        return [w for w in toks if w != _SEPARATOR_TOKEN] if len(self.sentences) > 1 else toks

    @property
    def n_words(self) -> int:
        return sum(1 for s in self.sentences for t in s.tokens if t.is_word)
