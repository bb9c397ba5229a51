"""Attendance from the video room: who was in an online meeting's room and when, and
whether the meeting was held.

The room page says "joined" once the media server lets it in, "here" every
``ROOM_HEARTBEAT_SECONDS`` and "left" when it closes; a stay without news for three
heartbeats ended at its last sign of life. After the slot ends, a meeting whose two
parties were in the room together for ``ROOM_HELD_SECONDS`` (five minutes) is held, any
other a no-show (``tradefair settle-rooms``, also run by the periodic task). An outcome a
participant recorded by hand is kept."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.matchmaking.domain.errors import MatchmakingError
from tradefair.matchmaking.domain.rooms import RoomEntry
from tradefair.matchmaking.models import Meeting, MeetingStatus, RoomVisit, RoundStatus

EVENTS = ("join", "here", "leave")


def _stale(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=3 * settings.ROOM_HEARTBEAT_SECONDS)


def record_presence(
    entry: RoomEntry, user, *, event: str, now: dt.datetime | None = None
) -> RoomVisit | None:
    """One message of a room page; ``entry`` comes from ``rooms.enter_room``, so only a
    person with a seat, inside the window, is ever recorded."""
    if event not in EVENTS:
        raise MatchmakingError("presence_event", _("Say whether you joined, are still here or left."))
    now = now or timezone.now()
    with transaction.atomic():
        open_visits = RoomVisit.objects.select_for_update().filter(
            meeting=entry.meeting, user=user, left_at__isnull=True
        )
        current = open_visits.filter(last_seen_at__gte=_stale(now)).order_by("-last_seen_at").first()
        # A stay without news ended at its last sign of life; a join starts a new one.
        for visit in open_visits:
            if visit != current or event == "join":
                visit.left_at = visit.last_seen_at
                visit.save(update_fields=["left_at"])
        if event == "join" or current is None and event == "here":
            return RoomVisit.objects.create(
                meeting=entry.meeting,
                user=user,
                participant=entry.participant,
                seat=entry.seat,
                joined_at=now,
                last_seen_at=now,
            )
        if current is None:
            return None
        current.last_seen_at = now
        if event == "leave":
            current.left_at = now
        current.save(update_fields=["last_seen_at", "left_at"])
        return current


def _merged(spans: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def seconds_together(meeting: Meeting) -> float:
    """How long both parties were in the room at the same time, within its window."""
    from tradefair.matchmaking.domain.rooms import opens_at

    low, high = opens_at(meeting), meeting.slot.ends_at
    spans: dict[int, list] = {meeting.requester_id: [], meeting.counterpart_id: []}
    for visit in RoomVisit.objects.filter(meeting=meeting, participant_id__in=spans):
        start, end = max(visit.joined_at, low), min(visit.ends_at, high)
        if end > start:
            spans[visit.participant_id].append((start, end))
    first, second = (_merged(s) for s in spans.values())
    total = 0.0
    for a_start, a_end in first:
        for b_start, b_end in second:
            overlap = (min(a_end, b_end) - max(a_start, b_start)).total_seconds()
            total += max(overlap, 0)
    return total


def settle_online_meetings(*, expo=None, now: dt.datetime | None = None) -> dict[str, int]:
    """Held or no-show for every confirmed online meeting whose slot has ended."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        room__isnull=False,
        status=MeetingStatus.CONFIRMED,
        round__status=RoundStatus.PUBLISHED,
        slot__ends_at__lte=now,
    ).select_related("slot")
    if expo is not None:
        due = due.filter(round__expo=expo)
    counts = {"held": 0, "no_show": 0}
    for meeting in due:
        together = seconds_together(meeting)
        outcome = MeetingStatus.HELD if together >= settings.ROOM_HELD_SECONDS else MeetingStatus.NO_SHOW
        with transaction.atomic():
            updated = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.CONFIRMED).update(
                status=outcome
            )
            if updated:
                log_action(
                    meeting,
                    f"meeting.room_{outcome}",
                    actor=None,
                    data={"seconds_together": round(together)},
                )
                counts[str(outcome)] += 1
    return counts


def online_meetings_held(expo):
    """The expo's online meetings that were held (for the results: reports count them and
    the deals recorded from them, never reading matchmaking's tables themselves)."""
    return Meeting.objects.filter(round__expo=expo, room__isnull=False, status=MeetingStatus.HELD)
