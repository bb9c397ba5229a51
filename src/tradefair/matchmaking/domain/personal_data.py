"""Matchmaking's part of a person's data: its copy in the export, and its erasure
(people.signals). Meetings still to come are withdrawn through ``cancel_meeting``, so
the counterpart is told as on any cancellation."""

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from tradefair.common.i18n import localize
from tradefair.matchmaking.domain.agenda import cancel_meeting
from tradefair.matchmaking.models import (
    OPEN_STATUSES,
    Mark,
    MatchPreferences,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Notification,
    Recommendation,
    RequestStatus,
)
from tradefair.people.signals import collect_personal_data, participant_erased, when

WITHDRAWN = "participant withdrawn"


@receiver(collect_personal_data, dispatch_uid="tradefair.matchmaking.personal_data")
def matchmaking_data(sender, *, participant, **kwargs) -> dict:
    def request(item, other) -> dict:
        return {
            "with": other.name,
            "status": item.status,
            "message": item.message,
            "reply": item.reply,
            "preferred_start": when(item.preferred_start),
            "proposed_start": when(item.proposed_start),
            "created_at": when(item.created_at),
            "answered_at": when(item.answered_at),
        }

    sent = MeetingRequest.objects.filter(sender=participant).select_related("recipient").order_by("id")
    received = MeetingRequest.objects.filter(recipient=participant).select_related("sender").order_by("id")
    meetings = (
        Meeting.objects.filter(Q(requester=participant) | Q(counterpart=participant))
        .select_related("slot", "round", "requester__organisation", "counterpart__organisation")
        .order_by("slot__starts_at", "id")
    )
    preferences = MatchPreferences.objects.filter(participant=participant).first()
    marks = Mark.objects.filter(participant=participant).select_related("target").order_by("id")
    recommendations = (
        Recommendation.objects.filter(participant=participant).select_related("counterpart").order_by("rank")
    )
    return {
        "meeting_requests_sent": [request(item, item.recipient) for item in sent],
        "meeting_requests_received": [request(item, item.sender) for item in received],
        "meetings": [_meeting(meeting, participant) for meeting in meetings],
        "matchmaking_preferences": (
            {
                "excluded_countries": list(preferences.excluded_countries),
                "excluded_sectors": list(preferences.excluded_sectors),
                "is_sponsor": preferences.is_sponsor,
            }
            if preferences
            else None
        ),
        "marks": [
            {"kind": mark.kind, "target": mark.target.name, "created_at": when(mark.created_at)}
            for mark in marks
        ],
        "recommendations": [
            {"rank": item.rank, "counterpart": item.counterpart.name, "score": round(item.score, 4)}
            for item in recommendations
        ],
        "notifications": [
            {
                "kind": notice.kind,
                "params": notice.params,
                "created_at": when(notice.created_at),
                "read_at": when(notice.read_at),
            }
            for notice in Notification.objects.filter(participant=participant).order_by("id")
        ],
    }


def _meeting(meeting, participant) -> dict:
    other = meeting.other(participant.pk)
    return {
        "round": meeting.round.name,
        "starts_at": when(meeting.slot.starts_at),
        "ends_at": when(meeting.slot.ends_at),
        "table": meeting.table,
        "status": meeting.status,
        "counterpart": other.name,
        "counterpart_organisation": localize(other.organisation.name) if other.organisation else "",
        "follow_up_planned": meeting.follow_up_planned,
        "outcome_note": meeting.outcome_note,
    }


@receiver(participant_erased, dispatch_uid="tradefair.matchmaking.erase")
def erase_matchmaking(sender, *, participant, old_name: str, name: str, withdraw: bool, **kwargs) -> list:
    """Requests still open are withdrawn or declined, free text goes, preferences, marks,
    recommendations and the person's notifications go; meetings stay for the figures.
    Other people's notices that name the person are given the placeholder."""
    if withdraw:
        upcoming = Meeting.objects.filter(Q(requester=participant) | Q(counterpart=participant)).filter(
            status=MeetingStatus.CONFIRMED, slot__starts_at__gt=timezone.now()
        )
        for meeting in upcoming:
            cancel_meeting(meeting, by=participant, reason=WITHDRAWN)
    now = timezone.now()
    sent = MeetingRequest.objects.filter(sender=participant)
    received = MeetingRequest.objects.filter(recipient=participant)
    meetings = Meeting.objects.filter(Q(requester=participant) | Q(counterpart=participant))
    # Notices that name the person went to the other side of a request or a meeting.
    contacts = (
        set(sent.values_list("recipient_id", flat=True))
        | set(received.values_list("sender_id", flat=True))
        | set(meetings.values_list("requester_id", flat=True))
        | set(meetings.values_list("counterpart_id", flat=True))
    ) - {participant.pk}
    sent.filter(status__in=OPEN_STATUSES).update(status=RequestStatus.WITHDRAWN, answered_at=now)
    received.filter(status__in=OPEN_STATUSES).update(status=RequestStatus.DECLINED, answered_at=now)
    (sent | received).update(message="", reply="")
    meetings.exclude(outcome_note="").update(outcome_note="")
    MatchPreferences.objects.filter(participant=participant).delete()
    Mark.objects.filter(Q(participant=participant) | Q(target=participant)).delete()
    Recommendation.objects.filter(Q(participant=participant) | Q(counterpart=participant)).delete()
    Notification.objects.filter(participant=participant).delete()
    # Other people's notices name the person ("Li Wei asks you for a meeting").
    if old_name and contacts:
        for notice in Notification.objects.filter(participant_id__in=contacts, params__name=old_name):
            notice.params = {**notice.params, "name": name}
            notice.save(update_fields=["params"])
    return []
