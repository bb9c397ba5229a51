"""Who may change an exhibitor's page: the exhibitor's own people (its exhibitor admins), or
the expo's organisers of staff or admin level."""

import rules

from tradefair.expos.permissions import administers_expo, operates_expo
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
def operates_exhibitors_expo(user, exhibitor) -> bool:
    """Organisers of staff or admin level edit any exhibitor of their expo (viewers read
    the catalogue like everyone else)."""
    return exhibitor is not None and operates_expo(user, exhibitor.expo)


can_edit_exhibitor = represents_exhibitor | operates_exhibitors_expo

rules.add_perm("catalog.edit_exhibitor", can_edit_exhibitor)
rules.add_perm("catalog.assign_booths", operates_expo)
rules.add_perm("catalog.set_booth_rule", administers_expo)
