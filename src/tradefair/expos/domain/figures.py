"""Headline figures of an edition, as an expo reports them ("30,000 merchants from 109
countries and regions, 1,337 exhibiting enterprises"). Only approved registrations
count: a pending one is not yet a participant."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q

from tradefair.catalog.models import Exhibitor
from tradefair.expos.models import Expo
from tradefair.people.models import Participant, RegistrationStatus, Role


@dataclass(frozen=True)
class ExpoFigures:
    participants: int
    merchants: int
    countries_and_regions: int
    exhibitors: int
    exhibitors_foreign: int
    pavilions: int


def expo_figures(expo: Expo, *, host_country: str | None = None) -> ExpoFigures:
    """The expo's headline figures; exhibitors from outside `host_country` (the expo's own
    host country unless given) are foreign."""
    host_country = host_country or expo.host_country
    approved = Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED)
    people = approved.aggregate(
        participants=Count("id"),
        countries=Count("country", distinct=True),
    )
    merchants = approved.filter(roles__role=Role.MERCHANT).count()
    exhibitors = Exhibitor.objects.filter(expo=expo).aggregate(
        total=Count("id"), foreign=Count("id", filter=~Q(organisation__country=host_country))
    )
    return ExpoFigures(
        participants=people["participants"],
        merchants=merchants,
        countries_and_regions=people["countries"],
        exhibitors=exhibitors["total"],
        exhibitors_foreign=exhibitors["foreign"],
        pavilions=expo.pavilions.count(),
    )


# The home page shows the figures to every visitor; counting 30,000 participants took
# 200 ms of the database per view on opening morning (bench/load, pg_stat_statements).
# They are kept a minute in the shared cache, so that every node counts once a minute.
PUBLIC_FIGURES_SECONDS = 60


def public_expo_figures(expo: Expo) -> ExpoFigures:
    """expo_figures for the public pages, at most a minute old; results and reports call
    expo_figures itself and are exact."""
    key = f"tradefair.expo_figures.{expo.pk}"
    figures = cache.get(key)
    if figures is None:
        figures = expo_figures(expo)
        cache.set(key, figures, PUBLIC_FIGURES_SECONDS)
    return figures
