"""The exhibitor list that the catalog page and the API both show, with its filters
checked once here so that both answer a bad filter alike."""

from django.core.cache import cache
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from tradefair.catalog.models import Exhibitor
from tradefair.common.errors import DomainError
from tradefair.common.regions import is_valid_code
from tradefair.expos.models import Booth, Expo
from tradefair.people.models import Organisation

# The columns the exhibitor list page shows: its page query sorted 1,337 full rows
# (profiles and all) by name on every view, 53 ms of PostgreSQL on opening morning.
PAGE_COLUMNS = (
    "id",
    "organisation_id",
    "pavilion_id",
    "organisation__name",
    "organisation__legal_name",
    "organisation__country",
    "pavilion__name",
)
# The country filter's choices: a DISTINCT over the expo's exhibitors' organisations (23 ms
# a view), kept in the shared cache and dropped whenever an exhibitor or an organisation
# is saved or deleted; the time limit bounds what bulk writes (which send no signal) leave.
COUNTRIES_SECONDS = 300


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


def exhibitor_list_page_rows(exhibitors):
    """``exhibitor_list`` narrowed to what the list page shows."""
    return exhibitors.select_related(None).select_related("organisation", "pavilion").only(*PAGE_COLUMNS)


def _countries_key(expo_id: int) -> str:
    return f"tradefair.exhibitor_countries.{expo_id}"


def exhibitor_countries(expo: Expo) -> list[str]:
    """The codes of the countries and regions the expo's exhibitors come from."""
    key = _countries_key(expo.pk)
    codes = cache.get(key)
    if codes is None:
        codes = sorted(
            set(
                Organisation.objects.filter(exhibitions__expo=expo)
                .values_list("country", flat=True)
                .distinct()
                .order_by()
            )
        )
        cache.set(key, codes, COUNTRIES_SECONDS)
    return codes


@receiver([post_save, post_delete], sender=Exhibitor, dispatch_uid="exhibitor_countries_exhibitor")
def _exhibitor_changed(sender, instance, **_kw):
    cache.delete(_countries_key(instance.expo_id))


@receiver([post_save, post_delete], sender=Organisation, dispatch_uid="exhibitor_countries_organisation")
def _organisation_changed(sender, instance, **_kw):
    expos = Exhibitor.objects.filter(organisation_id=instance.pk).values_list("expo_id", flat=True)
    cache.delete_many([_countries_key(expo_id) for expo_id in set(expos)])
