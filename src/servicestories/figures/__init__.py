"""One function per figure. Each returns a :class:`~servicestories.export.Chart` (figure, data, caption);
notebooks pass it to :func:`~servicestories.export.save_figure`."""

from .corpus import post_lengths
from .journeys import channel_transitions, escalation_journeys
from .language import distinctive_terms

__all__ = ["post_lengths", "distinctive_terms", "escalation_journeys", "channel_transitions"]
