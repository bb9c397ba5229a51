"""Meeting requests: send, accept, decline, propose another time, withdraw, expire.

An open request (pending, or with another time proposed) expires after the organiser's
time, so that it never blocks a counterpart for long; a participant holds at most the
organiser's number of open requests. Expiry is applied lazily, before anything reads or
counts open requests, and by the periodic task."""

import datetime as dt
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common import event_payloads, events
from tradefair.common.audit import log_action
from tradefair.matchmaking.domain.errors import MatchmakingError, NotYours
from tradefair.matchmaking.domain.notifications import notify
from tradefair.matchmaking.domain.profiles import matchmaking_settings
from tradefair.matchmaking.models import (
    OPEN_STATUSES,
    Mark,
    MarkKind,
    MatchPreferences,
    MeetingRequest,
    RequestStatus,
)
from tradefair.people.models import Participant, RegistrationStatus, Role


def requests_link(expo) -> str:
    return reverse("matchmaking:requests", kwargs={"slug": expo.slug})


def expire_requests(*, expo=None, now=None) -> int:
    now = now or timezone.now()
    stale = MeetingRequest.objects.filter(status__in=OPEN_STATUSES, expires_at__lte=now)
    if expo is not None:
        stale = stale.filter(expo=expo)
    expired = 0
    with transaction.atomic():
        for request in stale.select_for_update(of=("self",)).select_related("sender", "recipient", "expo"):
            request.status = RequestStatus.EXPIRED
            request.save(update_fields=["status"])
            log_action(request, "request.expired")
            notify(
                request.sender,
                kind="request_expired",
                params={"name": request.recipient.name},
                link=requests_link(request.expo),
            )
            expired += 1
    return expired


def _check_may_meet(sender: Participant, recipient: Participant, settings) -> None:
    if sender.pk == recipient.pk:
        raise MatchmakingError("request_self", _("You cannot ask yourself for a meeting."))
    if sender.expo_id != recipient.expo_id or recipient.status != RegistrationStatus.APPROVED:
        raise MatchmakingError("request_recipient", _("This participant does not take part in matchmaking."))
    if not settings.exhibitors_meet_exhibitors:
        both = (
            Participant.objects.filter(pk__in=[sender.pk, recipient.pk], roles__role=Role.EXHIBITOR)
            .distinct()
            .count()
        )
        if both == 2:
            raise MatchmakingError(
                "request_exhibitors", _("The organisers do not arrange meetings between exhibitors.")
            )
    refused = Mark.objects.filter(participant=recipient, target=sender, kind=MarkKind.NOT_INTERESTED).exists()
    preferences = MatchPreferences.objects.filter(participant=recipient).first()
    if refused or (preferences and sender.country.code in (preferences.excluded_countries or [])):
        raise MatchmakingError(
            "request_refused", _("This participant does not accept meeting requests from you.")
        )


def on_expo_clock(value, expo):
    """An aware UTC datetime from a time given with an offset, or without one (an API
    client sending "2030-08-26T10:00"), which is then read in the expo's time zone."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, expo.tz)
    return value.astimezone(dt.UTC)


def send_request(
    sender: Participant,
    *,
    recipient: Participant,
    message: str = "",
    preferred_start=None,
    interpretation: str = "",
) -> MeetingRequest:
    expo = sender.expo
    if interpretation and interpretation not in (expo.languages or []):
        raise MatchmakingError(
            "unknown_language", _("Interpretation can only be into one of the expo's languages.")
        )
    settings = matchmaking_settings(expo)
    _check_may_meet(sender, recipient, settings)
    expire_requests(expo=expo)
    with transaction.atomic():
        # The sender's row is the lock that serialises their requests, so that two
        # clicks at once cannot both pass the limit.
        Participant.objects.select_for_update().filter(pk=sender.pk).first()
        open_between = MeetingRequest.objects.filter(status__in=OPEN_STATUSES).filter(
            sender__in=[sender, recipient], recipient__in=[sender, recipient]
        )
        if open_between.exists():
            raise MatchmakingError("request_exists", _("There is already an open request between you."))
        held = MeetingRequest.objects.filter(sender=sender, status__in=OPEN_STATUSES).count()
        if held >= settings.max_pending_requests:
            raise MatchmakingError(
                "request_limit",
                _("You already have %(count)s requests waiting for an answer, the most the organisers allow.")
                % {"count": held},
            )
        request = MeetingRequest.objects.create(
            expo=expo,
            sender=sender,
            recipient=recipient,
            message=message.strip()[:2000],
            preferred_start=on_expo_clock(preferred_start, expo),
            interpretation=interpretation,
            expires_at=timezone.now() + timedelta(hours=settings.request_expiry_hours),
        )
        log_action(request, "request.sent", actor=sender.user, data={"recipient": recipient.pk})
        notify(
            recipient,
            kind="request_received",
            params={
                "name": sender.name,
                **({"at": request.preferred_start.isoformat()} if request.preferred_start else {}),
            },
            link=requests_link(expo),
        )
    return request


def _locked(request: MeetingRequest) -> MeetingRequest:
    locked = (
        MeetingRequest.objects.select_for_update()
        .select_related("sender", "recipient", "expo")
        .get(pk=request.pk)
    )
    if locked.is_open and locked.expires_at <= timezone.now():
        locked.status = RequestStatus.EXPIRED
        locked.save(update_fields=["status"])
    return locked


def _refuse_closed(request: MeetingRequest) -> None:
    if not request.is_open:
        raise MatchmakingError(
            "request_closed",
            _("This request is no longer open (%(status)s).") % {"status": request.get_status_display()},
        )


def accept_request(request: MeetingRequest, *, by: Participant) -> MeetingRequest:
    """The recipient accepts a pending request, or the sender accepts the time the
    recipient proposed. Either way the pair becomes a required meeting of the next round."""
    with transaction.atomic():
        request = _locked(request)
        _refuse_closed(request)
        if request.status == RequestStatus.PENDING and by.pk != request.recipient_id:
            raise NotYours("request_not_yours", _("Only the recipient can accept this request."))
        if request.status == RequestStatus.COUNTER_PROPOSED and by.pk != request.sender_id:
            raise NotYours("request_not_yours", _("Only the sender can accept the time proposed."))
        request.status = RequestStatus.ACCEPTED
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "answered_at"])
        log_action(request, "request.accepted", actor=by.user)
        accepted = request
        events.send(
            events.REQUEST_ACCEPTED,
            expo=accepted.expo,
            payload=lambda: {"request": event_payloads.meeting_request(accepted)},
        )
        other = request.sender if by.pk == request.recipient_id else request.recipient
        notify(other, kind="request_accepted", params={"name": by.name}, link=requests_link(request.expo))
    return request


def decline_request(request: MeetingRequest, *, by: Participant, reply: str = "") -> MeetingRequest:
    with transaction.atomic():
        request = _locked(request)
        _refuse_closed(request)
        if by.pk not in (request.recipient_id, request.sender_id) or (
            request.status == RequestStatus.PENDING and by.pk != request.recipient_id
        ):
            raise NotYours("request_not_yours", _("Only the recipient can decline this request."))
        request.status = RequestStatus.DECLINED
        request.reply = reply.strip()[:2000]
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "reply", "answered_at"])
        log_action(request, "request.declined", actor=by.user)
        other = request.sender if by.pk == request.recipient_id else request.recipient
        notify(other, kind="request_declined", params={"name": by.name}, link=requests_link(request.expo))
    return request


def propose_time(request: MeetingRequest, *, by: Participant, start, reply: str = "") -> MeetingRequest:
    """The recipient proposes another time; the request stays open, now waiting for the
    sender, and its expiry starts again."""
    with transaction.atomic():
        request = _locked(request)
        _refuse_closed(request)
        if by.pk != request.recipient_id or request.status != RequestStatus.PENDING:
            raise NotYours("request_not_yours", _("Only the recipient can propose another time."))
        start = on_expo_clock(start, request.expo)
        if start is None or start <= timezone.now():
            raise MatchmakingError("request_time", _("Propose a time in the future."))
        settings = matchmaking_settings(request.expo)
        request.status = RequestStatus.COUNTER_PROPOSED
        request.proposed_start = start
        request.reply = reply.strip()[:2000]
        request.expires_at = timezone.now() + timedelta(hours=settings.request_expiry_hours)
        request.save(update_fields=["status", "proposed_start", "reply", "expires_at"])
        log_action(request, "request.proposed", actor=by.user, data={"start": start.isoformat()})
        notify(
            request.sender,
            kind="request_proposed",
            params={"name": by.name, "at": start.isoformat()},
            link=requests_link(request.expo),
        )
    return request


def withdraw_request(request: MeetingRequest, *, by: Participant) -> MeetingRequest:
    with transaction.atomic():
        request = _locked(request)
        _refuse_closed(request)
        if by.pk != request.sender_id:
            raise NotYours("request_not_yours", _("Only the sender can withdraw this request."))
        request.status = RequestStatus.WITHDRAWN
        request.save(update_fields=["status"])
        log_action(request, "request.withdrawn", actor=by.user)
        notify(
            request.recipient,
            kind="request_withdrawn",
            params={"name": by.name},
            link=requests_link(request.expo),
            email=False,
        )
    return request


def requests_of(participant: Participant):
    """Requests the participant sent or received, newest first (after lazy expiry)."""
    from django.db.models import Q

    expire_requests(expo=participant.expo)
    return (
        MeetingRequest.objects.filter(Q(sender=participant) | Q(recipient=participant))
        .select_related("sender__organisation", "recipient__organisation")
        .order_by("-created_at", "-id")
    )
