"""Who may change an exhibitor's page: the exhibitor's own people, or the expo's organisers."""

import rules

from tradefair.common.permissions import is_expo_organiser
from tradefair.people.models import Participant, RegistrationStatus, Role


@rules.predicate
def represents_exhibitor(user, exhibitor) -> bool:
    """An approved participant with the exhibitor role who belongs to the exhibitor's organisation."""
    if not (user and user.is_authenticated) or exhibitor is None:
        return False
    return Participant.objects.filter(
        expo_id=exhibitor.expo_id,
        user=user,
        organisation_id=exhibitor.organisation_id,
        status=RegistrationStatus.APPROVED,
        roles__role=Role.EXHIBITOR,
    ).exists()


@rules.predicate
def organises_expo(user, expo) -> bool:
    """common.permissions.is_expo_organiser, safe while ``Expo.organisers`` is not yet a
    field (then only platform staff organise)."""
    if expo is None or not (user and user.is_authenticated):
        return False
    if not hasattr(expo, "organisers"):
        return bool(user.is_staff)
    return is_expo_organiser(user, expo)


@rules.predicate
def organises_exhibitors_expo(user, exhibitor) -> bool:
    return exhibitor is not None and organises_expo(user, exhibitor.expo)


can_edit_exhibitor = represents_exhibitor | organises_exhibitors_expo

rules.add_perm("catalog.edit_exhibitor", can_edit_exhibitor)
rules.add_perm("catalog.assign_booths", organises_expo)
