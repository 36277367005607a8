"""Counts and names in the sentences the project writes (captions, summaries, notes): plain Python, no plotting
library, so the runner, the write-up and the data modules can use it as well as the figures."""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 case"``, ``"2,000 cases"`` (``words``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def agree(n: int, one: str, many: str) -> str:
    """The form that agrees with a count of ``n``: ``one`` for 1, else ``many`` (``agree(k, "has", "have")``)."""
    return one if n == 1 else many


def k_of(k: int, n: int, noun: str, one: str, many: str) -> str:
    """``"1 of 5 posts has"``: ``k`` of ``n`` items and the verb that agrees with ``k``."""
    return f"{k:,} of {plural(n, noun)} {agree(k, one, many)}"


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def none_of(n: int, word: str, of_many: str, of_one: str) -> str:
    """The sentence for ``n`` items of which none has a property: ``"None of the 30 posts <of_many>."``, or for a
    single item ``"The one post <of_one>."``"""
    return f"The one {word} {of_one}." if n == 1 else f"None of the {plural(n, word)} {of_many}."
