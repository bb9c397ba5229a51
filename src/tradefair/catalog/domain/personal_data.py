"""The catalogue's part of a person's data (people.signals): an exhibitor's contact
belongs to the company, unless it is this person's own address; then the name, address
and telephone are in the export, and go together on erasure."""

from django.db.models import Q
from django.dispatch import receiver

from tradefair.catalog.models import Exhibitor
from tradefair.people.signals import collect_personal_data, participant_erased


def _own_contacts(participant, addresses):
    if not addresses:
        return Exhibitor.objects.none()
    contacts = Q()
    for address in addresses:
        contacts |= Q(contact_email__iexact=address)
    return Exhibitor.objects.filter(expo_id=participant.expo_id).filter(contacts)


@receiver(collect_personal_data, dispatch_uid="tradefair.catalog.personal_data")
def exhibitor_contact_data(sender, *, participant, **kwargs) -> dict:
    addresses = [a for a in (participant.email, getattr(participant.user, "email", "")) if a]
    exhibitors = _own_contacts(participant, addresses).select_related("organisation")
    return {
        "exhibitor_contacts": [
            {
                "exhibitor": exhibitor.organisation.legal_name,
                "contact_name": exhibitor.contact_name,
                "contact_email": exhibitor.contact_email,
                "contact_phone": exhibitor.contact_phone,
            }
            for exhibitor in exhibitors.order_by("id")
        ]
    }


@receiver(participant_erased, dispatch_uid="tradefair.catalog.erase")
def erase_exhibitor_contacts(sender, *, participant, addresses, **kwargs) -> list:
    _own_contacts(participant, addresses).update(contact_name="", contact_email="", contact_phone="")
    return []
