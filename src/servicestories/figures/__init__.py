"""One function per figure. Each returns a :class:`~servicestories.export.Chart` (figure, data, caption);
notebooks pass it to :func:`~servicestories.export.save_figure`. Each draws every case up to
:data:`~servicestories.figures.scale.SMALL_N` cases and aggregates per company beyond, at a fixed size."""

from .corpus import post_lengths
from .escalation import escalation_lengths, resolution_channels
from .journeys import channel_transitions, escalation_journeys
from .language import distinctive_terms

__all__ = [
    "post_lengths", "escalation_lengths", "resolution_channels", "escalation_journeys", "channel_transitions",
    "distinctive_terms",
]
