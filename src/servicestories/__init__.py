"""Service Stories: customer-service escalations in German blog posts."""

from __future__ import annotations

__all__ = ["load_comments", "load_corpus", "load_posts"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``load_posts``, ``load_comments``, ``load_corpus`` are imported on first use, so that the command line
    starts quickly and Ctrl-C during start-up is handled by it (one line, no traceback)."""
    if name in __all__:
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
