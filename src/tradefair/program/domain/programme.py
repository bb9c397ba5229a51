"""Reading the programme: events with their sessions, speakers and seat counts, in a
fixed number of queries whatever its size."""

from django.core import signing
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from tradefair.common.errors import Forbidden, NotFound
from tradefair.expos.models import Expo
from tradefair.people.models import Participant
from tradefair.people.permissions import participant_of, registration_awaiting_review
from tradefair.program.models import Event, Session, SessionSignup, SignupStatus, Speaker

ICAL_SALT = "tradefair.program.ical"


def sessions_with_counts():
    return (
        Session.objects.select_related("event")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
        .annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITING)),
        )
        .order_by("starts_at", "id")
    )


def programme(expo: Expo):
    return (
        Event.objects.filter(expo=expo)
        .order_by("starts_at", "id")
        .prefetch_related(Prefetch("sessions", queryset=sessions_with_counts()))
    )


def get_session(expo: Expo, session_id) -> Session:
    session = sessions_with_counts().filter(event__expo=expo, pk=session_id).first()
    if session is None:
        raise NotFound("unknown_session", _("This expo has no session %(id)s.") % {"id": session_id})
    return session


def signups_of(participant: Participant | None) -> dict[int, SessionSignup]:
    """The participant's active sign-ups by session id."""
    if participant is None:
        return {}
    signups = SessionSignup.objects.filter(participant=participant).exclude(status=SignupStatus.CANCELLED)
    return {signup.session_id: signup for signup in signups}


def personal_programme(participant: Participant):
    return (
        SessionSignup.objects.filter(participant=participant)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("session__event")
        .prefetch_related("session__speakers")
        .order_by("session__starts_at", "session_id")
    )


def participant_for(user, expo: Expo) -> Participant | None:
    return participant_of(user, expo)


def signing_up_participant(user, expo: Expo) -> Participant:
    """The approved participant who signs up for sessions. Someone whose registration
    still waits for the organisers is told so (not "register first": they did); a
    refused or cancelled registration, or none, is told to register."""
    participant = participant_of(user, expo)
    if participant is not None:
        return participant
    if registration_awaiting_review(user, expo) is not None:
        raise Forbidden(
            "not_approved",
            _(
                "Your registration awaits the organisers' approval: you can sign up for sessions once it is approved."
            ),
        )
    raise Forbidden("not_participant", _("Register for the expo to sign up for sessions."))


def ical_token(participant: Participant) -> str:
    """A secret for the participant's calendar address: calendar apps cannot log in."""
    return signing.dumps(participant.pk, salt=ICAL_SALT, compress=True)


def participant_from_ical_token(expo: Expo, token: str) -> Participant:
    try:
        participant_id = signing.loads(token, salt=ICAL_SALT)
    except signing.BadSignature:
        participant_id = None
    participant = (
        Participant.objects.filter(pk=participant_id, expo=expo, anonymised_at__isnull=True).first()
        if participant_id
        else None
    )
    if participant is None:
        raise NotFound("bad_calendar_token", _("This calendar address is not valid."))
    return participant
