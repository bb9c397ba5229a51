from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from tradefair.catalog.domain.exhibitor_list import exhibitor_list
from tradefair.common.api_support import OptionalTokenAuth, PageNumberPagination
from tradefair.common.i18n import localize
from tradefair.expos.domain.visibility import get_visible_expo

router = Router(tags=["catalog"], auth=OptionalTokenAuth())


class ExhibitorOut(Schema):
    id: int
    name: str
    legal_name: str
    country: str
    pavilion: int | None
    pavilion_name: str | None
    booths: list[str]
    website: str

    @staticmethod
    def resolve_name(exhibitor) -> str:
        return localize(exhibitor.organisation.name, exhibitor.expo.languages)

    @staticmethod
    def resolve_legal_name(exhibitor) -> str:
        return exhibitor.organisation.legal_name

    @staticmethod
    def resolve_country(exhibitor) -> str:
        return exhibitor.organisation.country.code

    @staticmethod
    def resolve_pavilion(exhibitor) -> int | None:
        return exhibitor.pavilion_id

    @staticmethod
    def resolve_pavilion_name(exhibitor) -> str | None:
        return localize(exhibitor.pavilion.name, exhibitor.expo.languages) if exhibitor.pavilion else None

    @staticmethod
    def resolve_booths(exhibitor) -> list[str]:
        return [booth.code for booth in exhibitor.booths.all()]

    @staticmethod
    def resolve_website(exhibitor) -> str:
        return exhibitor.organisation.website


class ExhibitorFilters(Schema):
    country: str = ""
    pavilion: int | None = None


@router.get("expos/{slug}/exhibitors", response=list[ExhibitorOut], summary="Exhibitors of an edition")
@paginate(PageNumberPagination)
def list_exhibitors(request: HttpRequest, slug: str, filters: Query[ExhibitorFilters]):
    expo = get_visible_expo(slug, request.user)
    return exhibitor_list(expo, country=filters.country, pavilion=filters.pavilion)
