"""Which organisations a user may read through the API. Organisers see all of them;
others see those that exhibit at a published expo and their own, because a merchant's
company is not public just because it registered."""

from django.db.models import Q

from tradefair.expos.models import ExpoStatus
from tradefair.people.models import Organisation, RegistrationStatus


def readable_organisations(user):
    organisations = Organisation.objects.all()
    if user.is_staff:
        return organisations
    exhibiting = Organisation.objects.filter(exhibitions__expo__status__in=_public_statuses()).values("pk")
    # Only an approved participation makes the company one's own (issue #19): a pending
    # registration only claims it.
    own = Organisation.objects.filter(
        participants__user=user, participants__status=RegistrationStatus.APPROVED
    ).values("pk")
    return organisations.filter(Q(pk__in=exhibiting) | Q(pk__in=own))


def _public_statuses() -> list[str]:
    return [status for status in ExpoStatus.values if status != ExpoStatus.DRAFT]
