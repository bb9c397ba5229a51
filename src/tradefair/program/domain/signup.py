"""Seats in sessions. A session's seats are scarce: sign-up and cancellation lock the
session row, so two people never take the last seat and the waiting list is promoted
strictly in the order people joined it."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.people.models import Participant, RegistrationStatus
from tradefair.program.domain.errors import ProgramError, ProgramForbidden
from tradefair.program.models import Session, SessionSignup, SignupStatus


@dataclass(frozen=True)
class SignupState:
    status: str
    waiting_position: int | None  # 1 for the next to be promoted


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("event").get(pk=session.pk)


def _confirmed_count(session: Session) -> int:
    return SessionSignup.objects.filter(session=session, status=SignupStatus.CONFIRMED).count()


def waiting_position(signup: SessionSignup) -> int | None:
    if signup.status != SignupStatus.WAITING:
        return None
    ahead = SessionSignup.objects.filter(session_id=signup.session_id, status=SignupStatus.WAITING).filter(
        Q(queued_at__lt=signup.queued_at) | Q(queued_at=signup.queued_at, id__lt=signup.pk)
    )
    return ahead.count() + 1


def sign_up(session: Session, *, participant: Participant, by=None) -> SessionSignup:
    """A seat if one is free, otherwise a place at the end of the waiting list."""
    if participant.status != RegistrationStatus.APPROVED:
        raise ProgramForbidden("not_approved", _("Only approved participants can sign up for sessions."))
    with transaction.atomic():
        session = _locked(session)
        if session.event.expo_id != participant.expo_id:
            raise ProgramError("other_expo", _("This session belongs to another expo."))
        if session.starts_at <= timezone.now():
            raise ProgramError("session_started", _("This session has already started."))
        signup = SessionSignup.objects.filter(session=session, participant=participant).first()
        if signup and signup.status != SignupStatus.CANCELLED:
            raise ProgramError("already_signed_up", _("You are already signed up for this session."))
        now = timezone.now()
        has_seat = _confirmed_count(session) < session.capacity
        signup = signup or SessionSignup(session=session, participant=participant)
        signup.status = SignupStatus.CONFIRMED if has_seat else SignupStatus.WAITING
        signup.queued_at = now
        signup.confirmed_at = now if has_seat else None
        signup.save()
        log_action(signup, f"session.signup.{signup.status}", actor=by, data={"session": session.pk})
    return signup


def cancel_signup(signup: SessionSignup, *, by=None) -> list[SessionSignup]:
    """Give the seat (or the waiting place) up; returns whoever was promoted to a seat."""
    with transaction.atomic():
        session = _locked(signup.session)
        signup = SessionSignup.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignupStatus.CANCELLED:
            raise ProgramError("not_signed_up", _("You are not signed up for this session."))
        signup.status = SignupStatus.CANCELLED
        signup.confirmed_at = None
        signup.save(update_fields=["status", "confirmed_at"])
        log_action(signup, "session.signup.cancelled", actor=by, data={"session": session.pk})
        return _promote(session, by=by)


def _promote(session: Session, *, by=None) -> list[SessionSignup]:
    free = session.capacity - _confirmed_count(session)
    if free <= 0:
        return []
    promoted = list(
        SessionSignup.objects.select_for_update()
        .filter(session=session, status=SignupStatus.WAITING)
        .order_by("queued_at", "id")[:free]
    )
    now = timezone.now()
    for signup in promoted:
        signup.status = SignupStatus.CONFIRMED
        signup.confirmed_at = now
        signup.save(update_fields=["status", "confirmed_at"])
        log_action(signup, "session.signup.promoted", actor=by, data={"session": session.pk})
    return promoted


def change_capacity(session: Session, *, capacity: int, by) -> list[SessionSignup]:
    """A larger room seats people from the waiting list at once, in order; a smaller one
    never takes a confirmed seat away."""
    if capacity < 1:
        raise ProgramError("bad_capacity", _("A session seats at least one person."))
    with transaction.atomic():
        session = _locked(session)
        if capacity < _confirmed_count(session):
            raise ProgramError(
                "capacity_below_confirmed", _("More people than that already have a confirmed seat.")
            )
        session.capacity = capacity
        session.save(update_fields=["capacity"])
        log_action(session, "session.capacity_changed", actor=by, data={"capacity": capacity})
        return _promote(session, by=by)
