"""Who sees and records which deals. Organisers see and record all of an expo's deals.
A party (a participant whose organisation is a party) declares deals for an organiser to
confirm and sees only its own deals, until the organisers publish the results: from then
on everyone sees the confirmed deals behind the published figures."""

from django.db.models import Q

from tradefair.common.permissions import is_expo_organiser, participant_of
from tradefair.deals.models import Deal


def is_organiser(user, expo) -> bool:
    """common.permissions.is_expo_organiser, safe while ``Expo.organisers`` is not yet a
    field: then only platform staff organise (the predicate would fail on the missing
    relation for any other signed-in user)."""
    if not (user and getattr(user, "is_authenticated", False)):
        return False
    if not getattr(user, "is_staff", False) and not hasattr(expo, "organisers"):
        return False
    return bool(is_expo_organiser(user, expo))


def results_published(expo) -> bool:
    from tradefair.reports.domain.publication import is_published

    return is_published(expo)


def deals_visible_to(expo, user):
    deals = Deal.objects.filter(expo=expo)
    if is_organiser(user, expo):
        return deals
    participant = participant_of(user, expo)
    own = Q(pk__in=[])
    if participant is not None:
        own = Q(declared_by=participant)
        if participant.organisation_id:
            own |= Q(party_links__organisation_id=participant.organisation_id)
    if results_published(expo):
        return deals.filter(Q(confirmed_at__isnull=False) | own).distinct()
    return deals.filter(own).distinct()
