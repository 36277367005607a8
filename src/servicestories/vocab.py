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
