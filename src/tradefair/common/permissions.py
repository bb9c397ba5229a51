"""Who may do what, as django-rules predicates. Organisers are platform staff or the
users an expo names as its organisers; participants act only within their own expo."""

import rules


@rules.predicate
def is_platform_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


@rules.predicate
def is_expo_organiser(user, expo) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.is_staff:
        return True
    if expo is None:
        return False
    return expo.organisers.filter(pk=user.pk).exists()


def participant_of(user, expo):
    """The user's participation in the expo, or None."""
    if not (user and user.is_authenticated) or expo is None:
        return None
    from tradefair.people.models import Participant

    return Participant.objects.filter(expo=expo, user=user).first()


@rules.predicate
def is_participant(user, expo) -> bool:
    return participant_of(user, expo) is not None


rules.add_perm("expos.organise", is_expo_organiser)
