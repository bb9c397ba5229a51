from datetime import date
from typing import Annotated, Literal

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from tradefair.common.api_support import OptionalTokenAuth, PageNumberPagination, TokenAuth, localized
from tradefair.expos.domain import organisers as team
from tradefair.expos.domain.errors import ExpoSetupForbidden
from tradefair.expos.domain.figures import public_expo_figures
from tradefair.expos.domain.visibility import get_visible_expo, visible_expos
from tradefair.expos.permissions import sees_as_organiser

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


class ExpoFiguresOut(Schema):
    participants: int
    merchants: int
    countries_and_regions: int
    exhibitors: int
    exhibitors_foreign: int
    pavilions: int


class ExpoDetailOut(ExpoOut):
    description: str
    figures: ExpoFiguresOut

    resolve_description = localized("description", languages="languages")

    @staticmethod
    def resolve_figures(expo) -> ExpoFiguresOut:
        return public_expo_figures(expo)


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


# The expo's organiser team: every organiser reads it, administrators change it (the
# domain functions check that, as they do for the HTML page).

OrganiserId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Level = Literal["admin", "staff", "viewer"]


class OrganiserOut(Schema):
    id: int
    username: str = Field(alias="user.username")
    name: str
    email: str = Field(alias="user.email")
    level: str

    @staticmethod
    def resolve_name(organiser) -> str:
        return organiser.user.get_full_name()


class OrganiserIn(Schema):
    user: str = Field(max_length=254, description="An existing user's user name or e-mail address.")
    level: Level


class OrganiserLevelIn(Schema):
    level: Level


def _team_expo(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not sees_as_organiser(request.user, expo):
        raise ExpoSetupForbidden("organisers_forbidden", _("Only the expo's organisers see its organisers."))
    return expo


@router.get(
    "expos/{slug}/organisers", response=list[OrganiserOut], auth=TokenAuth(), summary="The organiser team"
)
@paginate(PageNumberPagination)
def list_organisers(request: HttpRequest, slug: str):
    expo = _team_expo(request, slug)
    return expo.organiser_roles.select_related("user").order_by("level", "user__username")


@router.post(
    "expos/{slug}/organisers", response={201: OrganiserOut}, auth=TokenAuth(), summary="Name an organiser"
)
def create_organiser(request: HttpRequest, slug: str, payload: OrganiserIn):
    expo = _team_expo(request, slug)
    organiser = team.add_organiser(expo, by=request.user, user_identifier=payload.user, level=payload.level)
    return Status(201, organiser)


@router.patch(
    "expos/{slug}/organisers/{organiser_id}",
    response=OrganiserOut,
    auth=TokenAuth(),
    summary="Change an organiser's level",
)
def update_organiser(request: HttpRequest, slug: str, organiser_id: OrganiserId, payload: OrganiserLevelIn):
    expo = _team_expo(request, slug)
    organiser = team.get_organiser(expo, organiser_id)
    return team.change_organiser_level(organiser, by=request.user, level=payload.level)


@router.delete(
    "expos/{slug}/organisers/{organiser_id}",
    response={204: None},
    auth=TokenAuth(),
    summary="Remove an organiser",
)
def delete_organiser(request: HttpRequest, slug: str, organiser_id: OrganiserId):
    expo = _team_expo(request, slug)
    team.remove_organiser(team.get_organiser(expo, organiser_id), by=request.user)
    return Status(204, None)
