"""Deals' part of a person's data (people.signals): the deals they declared are in the
export. Erasure leaves deals as they are: their parties are organisations, and they
count in the edition's results."""

from django.dispatch import receiver

from tradefair.deals.models import Deal
from tradefair.people.signals import collect_personal_data, when


@receiver(collect_personal_data, dispatch_uid="tradefair.deals.personal_data")
def deals_data(sender, *, participant, **kwargs) -> dict:
    deals = Deal.objects.filter(declared_by=participant).prefetch_related("party_links__organisation")
    return {
        "deals_declared": [
            {
                "kind": deal.kind,
                "status": deal.status,
                "title": deal.title,
                "amount": f"{deal.amount:.2f}" if deal.amount is not None else None,
                "currency": deal.currency,
                "signed_on": when(deal.signed_on),
                "parties": [link.organisation.legal_name for link in deal.party_links.all()],
                "confirmed": deal.is_confirmed,
            }
            for deal in deals.order_by("signed_on", "id")
        ]
    }
