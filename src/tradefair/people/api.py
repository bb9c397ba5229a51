from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tradefair.common.api_support import PageNumberPagination, TokenAuth, localized
from tradefair.common.errors import DomainError, NotFound
from tradefair.common.numbers import PathId
from tradefair.common.regions import is_valid_code
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import operates_expo, sees_as_organiser
from tradefair.people.domain import registration
from tradefair.people.domain.organisation_access import readable_organisations
from tradefair.people.models import OrganisationKind, Participant
from tradefair.people.notifications_api import router as notifications_router
from tradefair.people.personal_data_api import router as personal_data_router
from tradefair.people.registration_api import RegistrationOut
from tradefair.people.registration_api import router as registration_router

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

    resolve_name = localized("name")

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
def get_organisation(request: HttpRequest, organisation_id: PathId):
    organisation = readable_organisations(request.user).filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound("not_found", _("No such organisation, or it is not visible to you."))
    return organisation


# Registration review ---------------------------------------------------------------------


class ReviewIn(Schema):
    decision: str = Field(..., description="approve, reject or changes")
    note: str = Field("", max_length=2000, description="the reason for a rejection or the changes needed")


def _organised_expo(request: HttpRequest, slug: str, *, may=operates_expo):
    """The expo, if the caller organises it at the level ``may`` asks for: reading the
    queue is for every organiser, deciding on a registration for staff and admins."""
    expo = get_visible_expo(slug, request.user)
    if not may(request.user, expo):
        raise NotFound("not_found", _("No such expo, or you do not organise it."))
    return expo


@router.get(
    "expos/{slug}/registrations/queue",
    response=list[RegistrationOut],
    summary="Registrations waiting for review, oldest first (organisers)",
)
@paginate(PageNumberPagination)
def registration_queue(request: HttpRequest, slug: str):
    return registration.review_queue(_organised_expo(request, slug, may=sees_as_organiser))


@router.post(
    "expos/{slug}/registrations/{participant_id}/review",
    response=RegistrationOut,
    summary="Approve, reject or ask for changes (organisers)",
)
def review_registration(request: HttpRequest, slug: str, participant_id: PathId, payload: ReviewIn):
    expo = _organised_expo(request, slug)
    participant = Participant.objects.filter(expo=expo, pk=participant_id).first()
    if participant is None:
        raise NotFound("not_found", _("No such registration at this expo."))
    if payload.decision == "approve":
        registration.approve(participant, by=request.user)
    elif payload.decision == "reject":
        registration.reject(participant, by=request.user, reason=payload.note)
    elif payload.decision == "changes":
        registration.request_changes(participant, by=request.user, message=payload.note)
    else:
        raise DomainError("unknown_decision", _("The decision is one of: approve, reject, changes."))
    return Participant.objects.select_related("organisation").prefetch_related("roles").get(pk=participant.pk)


# The caller's own personal data: export and erasure (people.personal_data_api).
router.add_router("", personal_data_router)

# Public registration and the applicant's own link (people.registration_api).
router.add_router("", registration_router)
# How the caller receives e-mail notifications (people.notifications_api).
router.add_router("", notifications_router)
