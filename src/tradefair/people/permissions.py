"""Who takes part in an expo, as django-rules predicates: only approved participants count."""

import rules


def participant_of(user, expo):
    """The user's participation in the expo while it is approved, or None. Only approved
    participants count as participants anywhere (exhibitors' "participants only"
    contacts, matchmaking, the programme, deals, the gates): an applicant awaiting
    review, asked for changes, rejected or cancelled is not one (issue #19)."""
    if not (user and user.is_authenticated) or expo is None:
        return None
    from tradefair.people.models import Participant, RegistrationStatus

    return Participant.objects.filter(expo=expo, user=user, status=RegistrationStatus.APPROVED).first()


def registration_awaiting_review(user, expo):
    """The user's registration for the expo while the organisers have not approved it yet
    (pending, or sent back for changes), or None: such a person is not a participant, but
    is told that the registration waits rather than asked to register."""
    if not (user and user.is_authenticated) or expo is None:
        return None
    from tradefair.people.models import Participant, RegistrationStatus

    return Participant.objects.filter(
        expo=expo,
        user=user,
        status__in=[RegistrationStatus.PENDING, RegistrationStatus.CHANGES_REQUESTED],
    ).first()


@rules.predicate
def is_participant(user, expo) -> bool:
    return participant_of(user, expo) is not None
