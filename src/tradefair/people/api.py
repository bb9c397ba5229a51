from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from tradefair.common.api_support import PageNumberPagination, TokenAuth
from tradefair.common.errors import DomainError, NotFound
from tradefair.common.i18n import localize
from tradefair.common.regions import is_valid_code
from tradefair.people.domain.organisation_access import readable_organisations
from tradefair.people.models import OrganisationKind

router = Router(tags=["people"], auth=TokenAuth())


class OrganisationOut(Schema):
    id: int
    legal_name: str
    name: str
    kind: str
    country: str
    isic_sections: list[str]
    hs_codes: list[str]
    size_band: str
    website: str

    @staticmethod
    def resolve_name(organisation) -> str:
        return localize(organisation.name)

    @staticmethod
    def resolve_country(organisation) -> str:
        return organisation.country.code


class OrganisationFilters(Schema):
    country: str = ""
    kind: str = ""


@router.get("organisations", response=list[OrganisationOut], summary="Organisations (API token required)")
@paginate(PageNumberPagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):
    organisations = readable_organisations(request.user).order_by("legal_name", "id")
    if filters.country:
        if not is_valid_code(filters.country.upper()):
            raise DomainError("unknown_country", f"“{filters.country}” is not a country or region code.")
        organisations = organisations.filter(country=filters.country.upper())
    if filters.kind:
        if filters.kind not in OrganisationKind.values:
            raise DomainError(
                "unknown_kind", f"“{filters.kind}” is not one of: {', '.join(OrganisationKind.values)}."
            )
        organisations = organisations.filter(kind=filters.kind)
    return organisations


@router.get("organisations/{organisation_id}", response=OrganisationOut, summary="One organisation")
def get_organisation(request: HttpRequest, organisation_id: int):
    organisation = readable_organisations(request.user).filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound("not_found", "No such organisation, or it is not visible to you.")
    return organisation
