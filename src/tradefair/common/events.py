"""Domain events: what happened in an expo, announced once it is committed.

Each app's domain function announces what others may want to learn of (a registration
approved, a meeting held, a deal signed) with ``send``; listeners such as the webhooks of
``conversations`` connect to ``domain_event``. The sender imports only this module, so
that people, matchmaking, deals, onsite and reports stay ignorant of who listens (the
layer contract of pyproject.toml: apps send through common, none imports a sibling).

The event is sent after the transaction commits, never for work that was rolled back,
and its payload is built only then, by the listener that needs it (``payload()``), so an
action nobody listens to costs one closure. A listener that fails is logged and never
undoes nor fails the action."""

import logging
from collections.abc import Callable

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

logger = logging.getLogger(__name__)

# The events an expo announces, by their stable names (docs/webhooks.md).
PARTICIPANT_APPROVED = "participant.approved"
REQUEST_ACCEPTED = "meeting_request.accepted"
MEETINGS_SCHEDULED = "meetings.scheduled"
MEETING_CANCELLED = "meeting.cancelled"
MEETING_HELD = "meeting.held"
DEAL_RECORDED = "deal.recorded"
DEAL_SIGNED = "deal.signed"
CHECKED_IN = "participant.checked_in"
RESULTS_PUBLISHED = "results.published"

EVENT_KINDS = (
    PARTICIPANT_APPROVED,
    REQUEST_ACCEPTED,
    MEETINGS_SCHEDULED,
    MEETING_CANCELLED,
    MEETING_HELD,
    DEAL_RECORDED,
    DEAL_SIGNED,
    CHECKED_IN,
    RESULTS_PUBLISHED,
)

# Sent with kind (one of EVENT_KINDS), expo_id, occurred_at (aware, UTC) and payload:
# a callable returning the event's "data" object (a JSON-ready dict, or a list of such
# dicts when one action makes an event in parts, as a round's many meetings do).
domain_event = Signal()


def send(kind: str, *, expo, payload: Callable[[], dict | list[dict]]) -> None:
    """Announce ``kind`` for ``expo`` once the current transaction commits (at once
    outside one)."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown domain event {kind!r}")
    occurred_at = timezone.now()
    expo_id = expo.pk

    def announce() -> None:
        for receiver, result in domain_event.send_robust(
            sender=kind, kind=kind, expo_id=expo_id, occurred_at=occurred_at, payload=payload
        ):
            if isinstance(result, Exception):
                logger.error("listener %r failed on %s for expo %s", receiver, kind, expo_id, exc_info=result)

    transaction.on_commit(announce)
