"""What an exhibitor's page shows to whom, read once for the page and the API."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tradefair.catalog.models import ContactVisibility, Exhibitor, InvestmentProject, Product
from tradefair.common.errors import NotFound
from tradefair.expos.models import Booth, Expo
from tradefair.expos.permissions import sees_as_organiser
from tradefair.people.permissions import participant_of


@dataclass(frozen=True)
class Contacts:
    name: str
    email: str
    phone: str


def get_exhibitor(expo: Expo, exhibitor_id) -> Exhibitor:
    try:
        exhibitor_id = int(exhibitor_id)
    except (TypeError, ValueError):
        exhibitor_id = 0
    exhibitor = (
        Exhibitor.objects.filter(expo=expo, pk=exhibitor_id)
        .select_related("organisation", "pavilion", "expo")
        .prefetch_related(
            Prefetch("products", queryset=Product.objects.order_by("id")),
            Prefetch("projects", queryset=InvestmentProject.objects.order_by("id")),
            Prefetch("booths", queryset=Booth.objects.select_related("hall").order_by("hall__code", "code")),
        )
        .first()
    )
    if exhibitor is None:
        raise NotFound("unknown_exhibitor", _("This expo has no exhibitor %(id)s.") % {"id": exhibitor_id})
    return exhibitor


def visible_contacts(exhibitor: Exhibitor, user) -> Contacts | None:
    """The contact details the user may see, following the exhibitor's privacy setting;
    the exhibitor's own people and the organisers (of any level) always see them."""
    if not (exhibitor.contact_name or exhibitor.contact_email or exhibitor.contact_phone):
        return None
    allowed = exhibitor.contact_visibility == ContactVisibility.PUBLIC
    if not allowed and exhibitor.contact_visibility == ContactVisibility.PARTICIPANTS:
        allowed = participant_of(user, exhibitor.expo) is not None
    if not allowed:
        allowed = bool(getattr(user, "is_authenticated", False)) and (
            user.has_perm("catalog.edit_exhibitor", exhibitor) or sees_as_organiser(user, exhibitor.expo)
        )
    if not allowed:
        return None
    return Contacts(exhibitor.contact_name, exhibitor.contact_email, exhibitor.contact_phone)
