"""The programme's part of a person's data: its copy in the export, and its erasure
(people.signals). Seats of sessions still to come go to the waiting list through
``cancel_signup``."""

from django.dispatch import receiver
from django.utils import timezone

from tradefair.common.i18n import localize
from tradefair.people.signals import collect_personal_data, participant_erased, when
from tradefair.program.domain.signup import cancel_signup
from tradefair.program.models import SessionSignup, SignupStatus, Speaker


@receiver(collect_personal_data, dispatch_uid="tradefair.program.personal_data")
def programme_data(sender, *, participant, **kwargs) -> dict:
    languages = participant.expo.languages
    signups = SessionSignup.objects.filter(participant=participant).select_related("session").order_by("id")
    speakers = Speaker.objects.filter(participant=participant).order_by("id")
    return {
        "session_signups": [
            {
                "session": localize(signup.session.title, languages),
                "starts_at": when(signup.session.starts_at),
                "status": signup.status,
                "queued_at": when(signup.queued_at),
                "confirmed_at": when(signup.confirmed_at),
            }
            for signup in signups
        ],
        "speaker_profiles": [
            {
                "name": speaker.name,
                "name_latin": speaker.name_latin,
                "position": localize(speaker.position, languages),
                "biography": localize(speaker.bio, languages),
                "photo_url": speaker.photo_url,
            }
            for speaker in speakers
        ],
    }


@receiver(participant_erased, dispatch_uid="tradefair.program.erase")
def erase_programme(sender, *, participant, name: str, withdraw: bool, **kwargs) -> list:
    """A speaker profile keeps its place in the programme under the placeholder; sign-ups
    stay for the figures, unless the person withdraws from sessions still to come."""
    if withdraw:
        seats = SessionSignup.objects.filter(
            participant=participant,
            status__in=[SignupStatus.CONFIRMED, SignupStatus.WAITING],
            session__starts_at__gt=timezone.now(),
        )
        for signup in seats:
            cancel_signup(signup)
    Speaker.objects.filter(participant=participant).update(
        name=name, name_latin="", position="", bio="", photo_url=""
    )
    return []
