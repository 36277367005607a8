"""NLTK Punkt's sentence spans, decided on plain strings.

:meth:`nltk.tokenize.punkt.PunktSentenceTokenizer.span_tokenize` finds every candidate break (``.``, ``?`` or
``!`` before a space or punctuation) and decides each one by building ``PunktToken`` objects for the few tokens
around it and running its two annotation passes over them (abbreviations, collocations, frequent sentence starters,
initials, ordinals, the orthographic heuristic). Those objects are two thirds of the splitting time.
:class:`PunktSpans` takes the same steps in the same order on plain strings, with the tokenizer's own parameters
and patterns (compiled once, without NLTK's per-call timer), and so returns the same spans.

It is checked against NLTK when it is built (:data:`CHECK_TEXT` exercises every rule); if the installed NLTK
decides differently, :func:`fast_spans` is ``None`` and the caller uses NLTK itself.
``tests/test_punkt_spans.py`` compares the two on generated text.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from functools import lru_cache

import regex

from .nltk_lean import punkt as _punkt

_WHITESPACE = tuple(string.whitespace)

#: invented text that reaches every branch of the decision: abbreviations (known, hyphenated, followed by a
#: capitalised or lower-case word, or by a frequent sentence starter), initials, ordinals and numbers, ellipses,
#: collocations, quotes and brackets after the period, "?!" runs, line breaks and a trailing space
CHECK_TEXT = (
    "Am 3. Mai rief ich an. Dann kam nichts... Wirklich? Ja! Die Fa. Müller u. Co. KG sagte ca. drei Tage. "
    "Herr J. S. Bach kam z.B. am Mo. vorbei. Es war 1. Klasse, vgl. S. 12. Er sagte: „Morgen.“ (Und dann.) Noch "
    "einer... und noch einer. Am Ende: 12.30 Uhr. Was?! Nr. 5. Sept. 2009 begann es. Der Bhf. Köln. Ende.\n"
    "Zweite Zeile. Mit 2. Versuch... Aber St. Martin. Etc. usw. Das war's. Tel.-Nr. 0800. Jan. kam Post. "
)


def _plain(pattern):
    """The pattern behind NLTK's timed wrapper, compiled once more on the same engine (``regex``) with the same
    flags, without the timer."""
    if hasattr(pattern, "pattern") and hasattr(pattern, "flags") and not isinstance(pattern, regex.Pattern):
        return regex.compile(pattern.pattern, pattern.flags)
    return pattern


class PunktSpans:
    """``span_tokenize`` of one :class:`~nltk.tokenize.punkt.PunktSentenceTokenizer`, as a list."""

    def __init__(self, tok: _punkt.PunktSentenceTokenizer):
        lang, params = tok._lang_vars, tok._params
        self._words = _plain(lang._word_tokenizer_re())
        self._periods = _plain(lang.period_context_re())
        self._realign = _plain(lang.re_boundary_realignment)
        self._numeric = _plain(_punkt.PunktToken._RE_NUMERIC)
        self._initial = _plain(_punkt.PunktToken._RE_INITIAL)
        self._ellipsis = _plain(_punkt.PunktToken._RE_ELLIPSIS)
        self._ends = tuple(lang.sent_end_chars)
        self._punctuation = tuple(tok.PUNCTUATION)
        self._abbrev = params.abbrev_types
        self._collocations = params.collocations
        self._starters = params.sent_starters
        self._ortho = params.ortho_context
        # a token's own annotations depend on the token alone: computed once per distinct token
        self._facts = lru_cache(maxsize=65_536)(self._token_facts)

    # -- the steps of span_tokenize ----------------------------------------------------------------
    def spans(self, text: str) -> list[tuple[int, int]]:
        """``list(tok.span_tokenize(text))``."""
        return list(self._realigned(text, list(self._slices(text))))

    def _slices(self, text: str) -> Iterator[tuple[int, int]]:
        last_break = 0
        for match, context in self._contexts(text):
            if self.contains_break(context):
                yield last_break, match.end()
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()
        yield last_break, len(text.rstrip())

    def _realigned(self, text: str, slices: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        realign = 0
        for i, (a, b) in enumerate(slices):
            a += realign
            if i + 1 == len(slices):
                if text[a:b]:
                    yield a, b
                continue
            a2, b2 = slices[i + 1]
            m = self._realign.match(text[a2:b2])
            if m:
                yield a, a2 + len(m.group(0).rstrip())
                realign = m.end()
            else:
                realign = 0
                if text[a:b]:
                    yield a, b

    def _contexts(self, text: str) -> Iterator[tuple[regex.Match, str]]:
        """The candidate breaks and the text around each (NLTK's ``_match_potential_end_contexts``)."""
        prev_start = prev_stop = 0
        prev_match = None
        for match in self._periods.finditer(text):
            before = text[prev_stop:match.start()]
            after_space = _last_whitespace_index(before)
            start = after_space + prev_stop + 1 if after_space else prev_start
            if prev_match is not None and prev_stop <= start:
                yield prev_match, text[prev_start:prev_stop] + prev_match.group() + prev_match.group("after_tok")
            prev_match, prev_start, prev_stop = match, start, match.start()
        if prev_match is not None:
            yield prev_match, text[prev_start:prev_stop] + prev_match.group() + prev_match.group("after_tok")

    # -- the decision (NLTK's text_contains_sentbreak) ----------------------------------------------
    def contains_break(self, text: str) -> bool:
        """Does a token other than the last one of ``text`` end a sentence after both annotation passes?"""
        if "\n" in text:  # NLTK tokenises line by line and skips blank lines
            toks = [t for line in text.split("\n") if line.strip() for t in self._words.findall(line)]
        else:
            toks = self._words.findall(text) if text.strip() else []
        if len(toks) < 2:
            return False
        facts = list(map(self._facts, toks))
        for i in range(len(toks) - 1):
            if self._second_pass(toks[i], facts[i], toks[i + 1], facts[i + 1]):
                return True
        return False

    def _token_facts(self, tok: str) -> tuple[bool, bool, bool, str, bool]:
        """(sentence break, abbreviation, ellipsis) from the first pass, the token's type and whether it is an
        initial: everything NLTK derives from the token alone."""
        typ = self._numeric.sub("##number##", tok.lower())
        initial = bool(self._initial.match(tok))
        if tok in self._ends:
            return True, False, False, typ, initial
        if self._ellipsis.match(tok):
            return False, False, True, typ, initial
        if tok.endswith(".") and not tok.endswith(".."):
            low = tok[:-1].lower()
            if low in self._abbrev or low.split("-")[-1] in self._abbrev:
                return False, True, False, typ, initial
            return True, False, False, typ, initial
        return False, False, False, typ, initial

    def _second_pass(self, tok: str, facts: tuple[bool, bool, bool, str, bool], nxt: str,
                     nxt_facts: tuple[bool, bool, bool, str, bool]) -> bool:
        """Whether ``tok`` ends a sentence, given the next token and the first-pass facts of both."""
        breaks, abbr, ellipsis, typ, initial = facts
        if not tok.endswith("."):
            return breaks
        typ = _no_period(typ)
        next_typ = _no_period(nxt_facts[3]) if nxt_facts[0] else nxt_facts[3]
        if (typ, next_typ) in self._collocations:
            return False
        if (abbr or ellipsis) and not initial:
            if self._ortho_heuristic(nxt, next_typ) is True:
                return True
            if nxt[0].isupper() and next_typ in self._starters:
                return True
        if initial or typ == "##number##":
            starter = self._ortho_heuristic(nxt, next_typ)
            if starter is False:
                return False
            if (starter == "unknown" and initial and nxt[0].isupper()
                    and not (self._ortho.get(next_typ, 0) & _punkt._ORTHO_LC)):
                return False
        return breaks

    def _ortho_heuristic(self, tok: str, typ: str) -> bool | str:
        if tok in self._punctuation:
            return False
        ortho = self._ortho.get(typ, 0)
        if tok[0].isupper() and ortho & _punkt._ORTHO_LC and not ortho & _punkt._ORTHO_MID_UC:
            return True
        if tok[0].islower() and (ortho & _punkt._ORTHO_UC or not ortho & _punkt._ORTHO_BEG_LC):
            return False
        return "unknown"


def _no_period(typ: str) -> str:
    return typ[:-1] if len(typ) > 1 and typ[-1] == "." else typ


def _last_whitespace_index(text: str) -> int:
    """The index of the last whitespace character (``string.whitespace``) of ``text``, 0 if none (NLTK's
    ``_get_last_whitespace_index``, which also gives 0 for whitespace at index 0)."""
    return max(0, *map(text.rfind, _WHITESPACE))


@lru_cache(maxsize=4)
def fast_spans(tok: _punkt.PunktSentenceTokenizer) -> PunktSpans | None:
    """A :class:`PunktSpans` for ``tok``, or ``None`` when it splits :data:`CHECK_TEXT` differently from NLTK (an
    NLTK version whose rules changed: then NLTK is used as it is)."""
    try:
        fast = PunktSpans(tok)
        same = all(fast.spans(t) == list(tok.span_tokenize(t)) for t in (CHECK_TEXT, *CHECK_TEXT.split("\n")))
    except Exception:  # an NLTK without these internals
        return None
    return fast if same else None
