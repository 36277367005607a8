"""Service Stories: customer-service escalations in German blog posts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["load_comments", "load_corpus", "load_posts"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .corpus import load_comments, load_corpus, load_posts


def __getattr__(name: str) -> Any:
    """Load the corpus module (pandas, NLTK) on first use, so ``python -m servicestories.run`` starts fast."""
    if name in __all__:
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'servicestories' has no attribute {name!r}")
