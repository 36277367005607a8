"""Service Stories: customer-service escalations in German blog posts."""

from .corpus import load_comments, load_corpus, load_posts

__all__ = ["load_posts", "load_comments", "load_corpus"]
__version__ = "0.1.0"
