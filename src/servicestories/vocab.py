"""Controlled vocabularies (docs/codebook.md and DESIGN.md). Use these labels exactly."""

from __future__ import annotations

CHANNELS: tuple[str, ...] = (
    "phone", "email", "letter", "in_person", "chat", "web_form", "social_media",
    "blog", "forum", "press", "technician_visit", "courier", "app",
)
SECTORS: tuple[str, ...] = (
    "telecom", "isp", "software", "retail", "logistics", "banking", "insurance",
    "transport", "hosting", "energy", "other",
)
OUTCOMES: tuple[str, ...] = ("resolved", "partially_resolved", "unresolved", "unclear")
RESOLUTION_CHANNELS: tuple[str, ...] = CHANNELS + ("none",)
ACTORS: tuple[str, ...] = (
    "customer", "frontline_agent", "specialist", "supervisor", "technician",
    "pr_press", "executive", "community", "other",
)
INITIATORS: tuple[str, ...] = ("customer", "company", "third_party")
PUBLIC_ESCALATION: tuple[str, ...] = ("yes", "no")
DURATION_BOUNDS: tuple[str, ...] = ("exact", "approximate", "at_least", "at_most", "ongoing")
NARRATORS: tuple[str, ...] = ("customer", "third_party")

#: Channels through which a customer takes a case public.
PUBLIC_CHANNELS: frozenset[str] = frozenset({"blog", "social_media", "forum", "press"})

#: English display labels (figures use these; the data keeps the codes).
CHANNEL_LABELS: dict[str, str] = {
    "phone": "phone", "email": "email", "letter": "letter", "in_person": "in person", "chat": "chat",
    "web_form": "web form", "social_media": "social media", "blog": "blog", "forum": "forum", "press": "press",
    "technician_visit": "technician visit", "courier": "courier", "app": "app",
    "not_stated": "channel not stated", "none": "none (not resolved)",
}
#: English labels for the actor vocabulary.
ACTOR_LABELS: dict[str, str] = {
    "customer": "customer", "frontline_agent": "frontline agent", "specialist": "specialist",
    "supervisor": "supervisor", "technician": "technician", "pr_press": "PR / press",
    "executive": "executive", "community": "community", "other": "other",
}
OUTCOME_LABELS: dict[str, str] = {
    "resolved": "resolved", "partially_resolved": "partially resolved", "unresolved": "unresolved",
    "unclear": "unclear",
}
assert set(CHANNEL_LABELS) >= set(CHANNELS) and set(ACTOR_LABELS) == set(ACTORS)
assert set(OUTCOME_LABELS) == set(OUTCOMES)


def label(code: str) -> str:
    """English display label of any code: ``in_person`` -> ``in person``, ``pr_press`` -> ``PR / press``."""
    for table in (CHANNEL_LABELS, ACTOR_LABELS, OUTCOME_LABELS):
        if code in table:
            return table[code]
    return str(code).replace("_", " ")
