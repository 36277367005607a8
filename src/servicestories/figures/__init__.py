"""One function per figure. Each returns a :class:`~servicestories.export.Chart` (figure, data, caption);
notebooks pass it to :func:`~servicestories.export.save_figure`."""

from .corpus import post_lengths
from .language import distinctive_terms

__all__ = ["post_lengths", "distinctive_terms"]
