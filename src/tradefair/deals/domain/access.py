"""Who sees which deals. Organisers of every level see all of an expo's deals (staff
and admins also record and confirm them, see recording.py).
A party (a participant whose organisation is a party) declares deals for an organiser to
confirm and sees its own deals. Anyone else sees a deal only once the results are
published and an organiser has marked the deal public (domain.disclosure); the published
totals are everybody's, the individual amounts are not."""

from django.db.models import Q

from tradefair.common.publication import results_published
from tradefair.deals.models import Deal
from tradefair.expos.permissions import sees_as_organiser
from tradefair.people.permissions import participant_of


def deals_visible_to(expo, user):
    deals = Deal.objects.filter(expo=expo)
    if sees_as_organiser(user, expo):
        return deals
    participant = participant_of(user, expo)
    own = Q(pk__in=[])
    if participant is not None:
        own = Q(declared_by=participant)
        if participant.organisation_id:
            own |= Q(party_links__organisation_id=participant.organisation_id)
    if results_published(expo):
        return deals.filter(Q(confirmed_at__isnull=False, public=True) | own).distinct()
    return deals.filter(own).distinct()
