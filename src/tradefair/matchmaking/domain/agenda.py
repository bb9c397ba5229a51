"""A participant's meetings: the agenda, its iCal feed, cancelling and outcomes.

A participant sees only their own meetings, and a counterpart's contact details only
while the meeting is confirmed (or was held)."""

from __future__ import annotations

import zoneinfo

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tradefair.common import event_payloads, events
from tradefair.common.audit import log_action
from tradefair.matchmaking.domain.errors import MatchmakingError, NotYours
from tradefair.matchmaking.domain.notifications import notify
from tradefair.matchmaking.models import Meeting, MeetingStatus, RoundStatus
from tradefair.people.models import Participant

VISIBLE_ROUNDS = (RoundStatus.PUBLISHED,)
CONTACT_STATUSES = (MeetingStatus.CONFIRMED, MeetingStatus.HELD)
OUTCOMES = ("held", "no_show", "follow_up")
FEED_SALT = "matchmaking.agenda-feed"


def agenda_of(participant: Participant):
    """The participant's meetings in published rounds, in time order."""
    return (
        Meeting.objects.filter(round__expo_id=participant.expo_id, round__status__in=VISIBLE_ROUNDS)
        .filter(Q(requester=participant) | Q(counterpart=participant))
        .select_related("slot", "round", "requester__organisation", "counterpart__organisation")
        .order_by("slot__starts_at", "table", "room")
    )


def contact_of(meeting: Meeting, *, viewer: Participant) -> dict | None:
    """The counterpart's e-mail, only for a participant of a confirmed meeting."""
    if not meeting.involves(viewer.pk) or meeting.status not in CONTACT_STATUSES:
        return None
    other = meeting.other(viewer.pk)
    return {"email": other.email, "name": other.name}


def meeting_of(participant: Participant, meeting_id: int) -> Meeting:
    meeting = agenda_of(participant).filter(pk=meeting_id).first()
    if meeting is None:
        from django.http import Http404

        raise Http404(_("No such meeting in your agenda."))
    return meeting


def cancel_meeting(meeting: Meeting, *, by: Participant, reason: str = "") -> Meeting:
    """Free the slot for both sides. Cancelling is allowed until the slot starts, so
    that the counterpart can still be offered another meeting."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("slot", "round__expo").get(pk=meeting.pk)
        if not meeting.involves(by.pk):
            raise NotYours("meeting_not_yours", _("This meeting is not in your agenda."))
        if meeting.status != MeetingStatus.CONFIRMED:
            raise MatchmakingError("meeting_not_confirmed", _("Only a confirmed meeting can be cancelled."))
        if meeting.slot.starts_at <= timezone.now():
            raise MatchmakingError("meeting_started", _("The meeting has already started."))
        meeting.status = MeetingStatus.CANCELLED
        meeting.pinned = False
        meeting.cancelled_by = by
        meeting.cancelled_at = timezone.now()
        meeting.save(update_fields=["status", "pinned", "cancelled_by", "cancelled_at"])
        log_action(meeting, "meeting.cancelled", actor=by.user, data={"reason": reason[:500]})
        cancelled = meeting
        events.send(
            events.MEETING_CANCELLED,
            expo=cancelled.round.expo,
            payload=lambda: {
                "meeting": event_payloads.meeting(cancelled),
                "cancelled_by_id": cancelled.cancelled_by_id,
                "cancelled_at": cancelled.cancelled_at.isoformat(),
            },
        )
        other = Participant.objects.get(
            pk=meeting.counterpart_id if by.pk == meeting.requester_id else meeting.requester_id
        )
        notify(
            other,
            kind="meeting_cancelled",
            params={"name": by.name},
            link=reverse("matchmaking:agenda", kwargs={"slug": meeting.round.expo.slug}),
        )
    return meeting


def record_outcome(meeting: Meeting, *, by: Participant, outcome: str, note: str = "") -> Meeting:
    """Held, no-show, or held with a follow-up planned; only once the slot has begun."""
    if outcome not in OUTCOMES:
        raise MatchmakingError(
            "outcome_unknown", _("Say whether the meeting was held, missed or needs a follow-up.")
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("slot").get(pk=meeting.pk)
        if not meeting.involves(by.pk):
            raise NotYours("meeting_not_yours", _("This meeting is not in your agenda."))
        if meeting.status == MeetingStatus.CANCELLED:
            raise MatchmakingError("meeting_cancelled", _("This meeting was cancelled."))
        if meeting.slot.starts_at > timezone.now():
            raise MatchmakingError("meeting_not_started", _("Record the outcome once the meeting has begun."))
        meeting.status = MeetingStatus.NO_SHOW if outcome == "no_show" else MeetingStatus.HELD
        meeting.follow_up_planned = outcome == "follow_up"
        meeting.outcome_note = note.strip()[:2000]
        meeting.save(update_fields=["status", "follow_up_planned", "outcome_note"])
        log_action(meeting, f"meeting.{outcome}", actor=by.user)
        if meeting.status == MeetingStatus.HELD:
            held = meeting
            events.send(
                events.MEETING_HELD,
                expo=held.round.expo,
                payload=lambda: {
                    "meeting": event_payloads.meeting(held),
                    "follow_up_planned": held.follow_up_planned,
                    "recorded_by_id": by.pk,
                },
            )
    return meeting


def feed_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=FEED_SALT)


def participant_for_feed(token: str, expo) -> Participant | None:
    try:
        pk = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    return Participant.objects.filter(pk=pk, expo=expo, anonymised_at__isnull=True).first()


def ical_feed(participant: Participant) -> bytes:
    """The agenda as an iCalendar document (RFC 5545), one event per live meeting, in
    the subscriber's language (a calendar program sends no Accept-Language)."""
    from tradefair.common.languages import subscriber_language

    with translation.override(subscriber_language(participant)):
        return _ical_feed(participant)


def _ical_feed(participant: Participant) -> bytes:
    import icalendar

    from tradefair.common.formatting import DAY, format_span, format_time_zone
    from tradefair.common.i18n import localize
    from tradefair.common.regions import country_name
    from tradefair.matchmaking.domain.profile import own_zone

    expo = participant.expo
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tradefair//Matchmaking agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{localize(expo.name, expo.languages)}: {_('Meetings')}")
    calendar.add("x-wr-timezone", expo.time_zone)
    mine = own_zone(participant)
    for meeting in agenda_of(participant).exclude(status=MeetingStatus.CANCELLED):
        other = meeting.other(participant.pk)
        company = localize(other.organisation.name, expo.languages) if other.organisation else ""
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@tradefair")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.slot.starts_at)
        event.add("dtend", meeting.slot.ends_at)
        who = {"name": other.name, "company": company or country_name(other.country.code)}
        if meeting.online:
            summary = _("Online meeting with %(name)s (%(company)s), room %(room)s") % {
                **who,
                "room": meeting.room,
            }
            location = _("Online, room %(room)s") % {"room": meeting.room}
        else:
            summary = _("Meeting with %(name)s (%(company)s), table %(table)s") % {
                **who,
                "table": meeting.table,
            }
            location = _("Table %(table)s") % {"table": meeting.table}
        event.add("summary", summary)
        event.add("location", location)
        # Calendar apps show DTSTART on the reader's own clock; the description keeps the
        # venue's, as the agenda page prints it (CLDR date, the expo's zone named).
        when = format_span(meeting.slot.starts_at, meeting.slot.ends_at, DAY, zone=expo.tz)
        zone = format_time_zone(expo.time_zone, at=meeting.slot.starts_at)
        description = f"{company} · {country_name(other.country.code)}\n{when} ({zone})"
        if mine is not None:
            # A remote participant reads the meeting on their own clock too, labelled with it.
            own = format_span(meeting.slot.starts_at, meeting.slot.ends_at, DAY, zone=zoneinfo.ZoneInfo(mine))
            description += f"\n{own} ({format_time_zone(mine, at=meeting.slot.starts_at)})"
        event.add("description", description)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
