"""The exhibitor list that the catalog page and the API both show, with its filters
checked once here so that both answer a bad filter alike."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tradefair.catalog.models import Exhibitor
from tradefair.common.errors import DomainError
from tradefair.common.regions import is_valid_code
from tradefair.expos.models import Booth, Expo


def exhibitor_list(expo: Expo, *, country: str = "", pavilion: str | int | None = None):
    exhibitors = (
        Exhibitor.objects.filter(expo=expo)
        .select_related("organisation", "pavilion", "expo")
        .prefetch_related(Prefetch("booths", queryset=Booth.objects.order_by("code").only("id", "code")))
        .order_by("organisation__legal_name", "id")
    )
    if country:
        code = country.upper()
        if not is_valid_code(code):
            raise DomainError(
                "unknown_country", _("“%(code)s” is not a country or region code.") % {"code": country}
            )
        exhibitors = exhibitors.filter(organisation__country=code)
    if pavilion not in (None, ""):
        try:
            pavilion_id = int(pavilion)
        except (TypeError, ValueError):
            raise DomainError("bad_pavilion", _("The pavilion must be given by its number.")) from None
        if not expo.pavilions.filter(pk=pavilion_id).exists():
            raise DomainError(
                "unknown_pavilion", _("This expo has no pavilion %(id)s.") % {"id": pavilion_id}
            )
        exhibitors = exhibitors.filter(pavilion_id=pavilion_id)
    return exhibitors
