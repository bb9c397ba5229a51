from datetime import date

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from tradefair.common.api_support import OptionalTokenAuth, PageNumberPagination, localized
from tradefair.expos.domain.figures import expo_figures
from tradefair.expos.domain.visibility import get_visible_expo, visible_expos

router = Router(tags=["expos"], auth=OptionalTokenAuth())


class ExpoOut(Schema):
    slug: str
    edition: int
    name: str
    starts: date
    ends: date
    host_city: str
    venue: str
    time_zone: str
    base_currency: str
    languages: list[str]
    status: str

    resolve_name = localized("name", languages="languages")
    resolve_host_city = localized("host_city", languages="languages")
    resolve_venue = localized("venue", languages="languages")


class FiguresOut(Schema):
    participants: int
    merchants: int
    countries_and_regions: int
    exhibitors: int
    exhibitors_foreign: int
    pavilions: int


class ExpoDetailOut(ExpoOut):
    description: str
    figures: FiguresOut

    resolve_description = localized("description", languages="languages")

    @staticmethod
    def resolve_figures(expo) -> FiguresOut:
        return expo_figures(expo)


class PavilionOut(Schema):
    id: int
    name: str
    theme: str
    country: str | None
    colour: str
    exhibitors: int

    resolve_name = localized("name", languages="expo.languages")
    resolve_theme = localized("theme", languages="expo.languages")

    @staticmethod
    def resolve_country(pavilion) -> str | None:
        return pavilion.country.code or None

    @staticmethod
    def resolve_exhibitors(pavilion) -> int:
        return pavilion.exhibitor_count


@router.get("expos", response=list[ExpoOut], summary="Editions")
@paginate(PageNumberPagination)
def list_expos(request: HttpRequest):
    return visible_expos(request.user)


@router.get("expos/{slug}", response=ExpoDetailOut, summary="One edition with its headline figures")
def get_expo(request: HttpRequest, slug: str):
    return get_visible_expo(slug, request.user)


@router.get("expos/{slug}/pavilions", response=list[PavilionOut], summary="Pavilions of an edition")
@paginate(PageNumberPagination)
def list_pavilions(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return (
        expo.pavilions.select_related("expo")
        .annotate(exhibitor_count=Count("exhibitors"))
        .order_by("position", "id")
    )
