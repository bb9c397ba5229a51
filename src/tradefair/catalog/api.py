from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tradefair.catalog.domain import booths as booth_actions
from tradefair.catalog.domain import exhibitor_editing as editing
from tradefair.catalog.domain.exhibitor_list import exhibitor_list
from tradefair.catalog.domain.exhibitor_page import get_exhibitor, visible_contacts
from tradefair.catalog.domain.floor_plan import floor_plan
from tradefair.catalog.domain.search import search
from tradefair.catalog.models import InvestmentProject, Product
from tradefair.common.api_support import (
    OptionalTokenAuth,
    PageNumberPagination,
    TokenAuth,
    all_translations,
    localized,
    translations_of,
)
from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.common.numbers import Int64, PathId, RowId
from tradefair.expos.domain.visibility import expo_of_request, get_visible_expo
from tradefair.expos.models import Booth

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

    resolve_name = localized("organisation.name", languages="expo.languages")
    resolve_pavilion_name = localized("pavilion.name", languages="expo.languages", missing=None)

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
    def resolve_booths(exhibitor) -> list[str]:
        return [booth.code for booth in exhibitor.booths.all()]

    @staticmethod
    def resolve_website(exhibitor) -> str:
        return exhibitor.organisation.website


class ExhibitorFilters(Schema):
    country: str = ""
    pavilion: Int64 | None = None


@router.get("expos/{slug}/exhibitors", response=list[ExhibitorOut], summary="Exhibitors of an edition")
@paginate(PageNumberPagination)
def list_exhibitors(request: HttpRequest, slug: str, filters: Query[ExhibitorFilters]):
    expo = get_visible_expo(slug, request.user)
    return exhibitor_list(expo, country=filters.country, pavilion=filters.pavilion)


class ProductOut(Schema):
    id: int
    name: str
    hs_code: str
    exhibitor_id: int
    description: str
    translations: dict[str, str] = Field(description="the name in every language given")

    resolve_name = localized("name")
    resolve_description = localized("description")
    resolve_translations = translations_of("name")


class ProductFilters(Schema):
    exhibitor: Int64 | None = None
    hs_code: str = Field("", description="an HS code or its first digits: 8429 lists 842952")


@router.get("expos/{slug}/products", response=list[ProductOut], summary="Products shown at an edition")
@paginate(PageNumberPagination)
def list_products(request: HttpRequest, slug: str, filters: Query[ProductFilters]):
    expo = expo_of_request(request, slug)
    products = Product.objects.filter(exhibitor__expo=expo).order_by("id")
    if filters.exhibitor is not None:
        products = products.filter(exhibitor_id=filters.exhibitor)
    if filters.hs_code:
        if not filters.hs_code.isdigit():
            raise DomainError("bad_hs_code", _("An HS code is given in digits only."))
        products = products.filter(hs_code__startswith=filters.hs_code)
    return products


class ProjectOut(Schema):
    id: int
    name: str
    exhibitor_id: int | None
    isic_section: str
    country: str
    amount_sought: str
    currency: str
    stage: str

    resolve_name = localized("name")

    @staticmethod
    def resolve_country(project) -> str:
        return project.country.code

    @staticmethod
    def resolve_amount_sought(project) -> str:
        return f"{project.amount_sought:.2f}"


@router.get("expos/{slug}/projects", response=list[ProjectOut], summary="Investment projects of an edition")
@paginate(PageNumberPagination)
def list_projects(request: HttpRequest, slug: str):
    expo = expo_of_request(request, slug)
    return InvestmentProject.objects.filter(expo=expo).order_by("id")


class SearchParams(Schema):
    q: str = Field(..., description="text in any language, a name, an HS code or its first digits")
    kind: str = Field("", description="exhibitor, product or project")
    country: str = ""
    pavilion: Int64 | None = None
    hs_section: str = Field("", description="HS section as a Roman numeral, e.g. XVI")
    isic_section: str = Field("", description="ISIC Rev.4 section letter, e.g. C")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=100)


class SearchHitOut(Schema):
    kind: str
    id: int
    name: str
    exhibitor_id: int | None
    country: str
    pavilion: int | None
    score: float


class SearchOut(Schema):
    count: int
    next: str | None
    results: list[SearchHitOut]
    facets: dict[str, dict[str, int]]


@router.get("expos/{slug}/search", response=SearchOut, summary="Search exhibitors, products and projects")
def search_catalog(request: HttpRequest, slug: str, params: Query[SearchParams]):
    expo = get_visible_expo(slug, request.user)
    page = search(
        expo,
        query=params.q,
        kind=params.kind,
        country=params.country,
        pavilion=params.pavilion,
        hs_section=params.hs_section,
        isic_section=params.isic_section,
        offset=(params.page - 1) * params.page_size,
        limit=params.page_size,
    )
    following = None
    if params.page * params.page_size < page.count:
        query = request.GET.copy()
        query["page"] = str(params.page + 1)
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"count": page.count, "next": following, "results": page.hits, "facets": page.facets}


class ContactsOut(Schema):
    name: str
    email: str
    phone: str


class BoothOut(Schema):
    id: int
    code: str
    hall: str
    area_m2: str

    @staticmethod
    def resolve_hall(booth) -> str:
        return booth.hall.code

    @staticmethod
    def resolve_area_m2(booth) -> str:
        return f"{booth.area_m2:.2f}"


class ExhibitorDetailOut(Schema):
    id: int
    name: str
    legal_name: str
    country: str
    pavilion: int | None
    profile: str
    profile_translations: dict[str, str]
    booths: list[BoothOut]
    products: list[ProductOut]
    projects: list[ProjectOut]
    contacts: ContactsOut | None
    contact_visibility: str


def _detail(request, exhibitor) -> dict:
    request.expo = exhibitor.expo
    languages = exhibitor.expo.languages
    return {
        "id": exhibitor.pk,
        "name": localize(exhibitor.organisation.name, languages),
        "legal_name": exhibitor.organisation.legal_name,
        "country": exhibitor.organisation.country.code,
        "pavilion": exhibitor.pavilion_id,
        "profile": localize(exhibitor.profile, languages),
        "profile_translations": all_translations(exhibitor.profile),
        "booths": list(exhibitor.booths.all()),
        "products": list(exhibitor.products.all()),
        "projects": list(exhibitor.projects.all()),
        "contacts": visible_contacts(exhibitor, request.user),
        "contact_visibility": exhibitor.contact_visibility,
    }


@router.get(
    "expos/{slug}/exhibitors/{exhibitor_id}", response=ExhibitorDetailOut, summary="One exhibitor's page"
)
def exhibitor_detail(request: HttpRequest, slug: str, exhibitor_id: PathId):
    expo = get_visible_expo(slug, request.user)
    return _detail(request, get_exhibitor(expo, exhibitor_id))


class ExhibitorPatch(Schema):
    profile: dict[str, str] | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_visibility: str | None = None


def _given(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


@router.patch(
    "expos/{slug}/exhibitors/{exhibitor_id}",
    response=ExhibitorDetailOut,
    auth=TokenAuth(),
    summary="Change an exhibitor's page (its own people or the organisers)",
)
def exhibitor_update(request: HttpRequest, slug: str, exhibitor_id: PathId, payload: ExhibitorPatch):
    expo = get_visible_expo(slug, request.user)
    exhibitor = get_exhibitor(expo, exhibitor_id)
    editing.update_exhibitor(exhibitor, by=request.user, **_given(payload))
    return _detail(request, get_exhibitor(expo, exhibitor_id))


class ProductIn(Schema):
    name: dict[str, str]
    hs_code: str
    description: dict[str, str] = {}


class ProductPatch(Schema):
    name: dict[str, str] | None = None
    hs_code: str | None = None
    description: dict[str, str] | None = None


def _product(expo, product_id: int) -> Product:
    return get_object_or_404(
        Product.objects.select_related("exhibitor__expo"), pk=product_id, exhibitor__expo=expo
    )


@router.post(
    "expos/{slug}/exhibitors/{exhibitor_id}/products",
    response={201: ProductOut},
    auth=TokenAuth(),
    summary="Add a product to an exhibitor's page",
)
def product_create(request: HttpRequest, slug: str, exhibitor_id: PathId, payload: ProductIn):
    expo = expo_of_request(request, slug)
    exhibitor = get_exhibitor(expo, exhibitor_id)
    return Status(201, editing.add_product(exhibitor, by=request.user, **payload.dict()))


@router.patch(
    "expos/{slug}/products/{product_id}", response=ProductOut, auth=TokenAuth(), summary="Change a product"
)
def product_update(request: HttpRequest, slug: str, product_id: PathId, payload: ProductPatch):
    expo = expo_of_request(request, slug)
    return editing.update_product(_product(expo, product_id), by=request.user, **_given(payload))


@router.delete(
    "expos/{slug}/products/{product_id}", response={204: None}, auth=TokenAuth(), summary="Remove a product"
)
def product_delete(request: HttpRequest, slug: str, product_id: PathId):
    expo = get_visible_expo(slug, request.user)
    editing.remove_product(_product(expo, product_id), by=request.user)
    return Status(204, None)


class ProjectIn(Schema):
    name: dict[str, str]
    isic_section: str
    amount_sought: Decimal
    currency: str = "CNY"
    country: str | None = None  # the expo's host country when not given
    description: dict[str, str] = {}
    location: dict[str, str] = {}
    stage: str = "concept"


class ProjectPatch(Schema):
    name: dict[str, str] | None = None
    isic_section: str | None = None
    amount_sought: Decimal | None = None
    currency: str | None = None
    country: str | None = None
    description: dict[str, str] | None = None
    location: dict[str, str] | None = None
    stage: str | None = None


@router.post(
    "expos/{slug}/exhibitors/{exhibitor_id}/projects",
    response={201: ProjectOut},
    auth=TokenAuth(),
    summary="Add an investment project to an exhibitor's page",
)
def project_create(request: HttpRequest, slug: str, exhibitor_id: PathId, payload: ProjectIn):
    expo = expo_of_request(request, slug)
    exhibitor = get_exhibitor(expo, exhibitor_id)
    return Status(201, editing.add_project(exhibitor, by=request.user, **payload.dict()))


@router.patch(
    "expos/{slug}/projects/{project_id}", response=ProjectOut, auth=TokenAuth(), summary="Change a project"
)
def project_update(request: HttpRequest, slug: str, project_id: PathId, payload: ProjectPatch):
    expo = expo_of_request(request, slug)
    project = get_object_or_404(
        InvestmentProject.objects.select_related("exhibitor__expo"), pk=project_id, expo=expo
    )
    return editing.update_project(project, by=request.user, **_given(payload))


class UnplacedOut(Schema):
    exhibitor_id: int
    reason: str


class AssignmentReportOut(Schema):
    placed: int
    unplaced: list[UnplacedOut]


@router.post(
    "expos/{slug}/booths/assign",
    response=AssignmentReportOut,
    auth=TokenAuth(),
    summary="Give a booth in its pavilion's area to every exhibitor still without one (organisers)",
)
def booths_assign(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    report = booth_actions.assign_booths_automatically(expo, by=request.user)
    return {
        "placed": report.placed,
        "unplaced": [{"exhibitor_id": e.pk, "reason": reason} for e, reason in report.unplaced],
    }


class BoothAssignmentIn(Schema):
    exhibitor_id: RowId


def _booth(expo, booth_id: int) -> Booth:
    return get_object_or_404(Booth.objects.select_related("hall__expo"), pk=booth_id, hall__expo=expo)


@router.put(
    "expos/{slug}/booths/{booth_id}/assignment",
    response=BoothOut,
    auth=TokenAuth(),
    summary="Give a booth to an exhibitor by hand (organisers)",
)
def booth_assign(request: HttpRequest, slug: str, booth_id: PathId, payload: BoothAssignmentIn):
    expo = get_visible_expo(slug, request.user)
    booth = _booth(expo, booth_id)
    booth_actions.assign_booth(booth, get_exhibitor(expo, payload.exhibitor_id), by=request.user)
    return booth


@router.delete(
    "expos/{slug}/booths/{booth_id}/assignment",
    response={204: None},
    auth=TokenAuth(),
    summary="Free a booth (organisers)",
)
def booth_release(request: HttpRequest, slug: str, booth_id: PathId):
    expo = get_visible_expo(slug, request.user)
    booth_actions.release_booth(_booth(expo, booth_id), by=request.user)
    return Status(204, None)


class BoothShapeOut(Schema):
    id: int
    code: str
    x_m: str
    y_m: str
    width_m: str
    depth_m: str
    area_m2: str
    colour: str
    pavilion: str
    exhibitor_id: int | None
    exhibitor: str


class HallPlanOut(Schema):
    hall: str
    name: str
    width_m: str
    depth_m: str
    halls: list[str]
    booths: list[BoothShapeOut]


@router.get(
    "expos/{slug}/floor-plan", response=HallPlanOut, summary="One hall's booths as rectangles in metres"
)
def hall_plan(request: HttpRequest, slug: str, hall: str = ""):
    expo = get_visible_expo(slug, request.user)
    plan = floor_plan(expo, hall_code=hall)
    return {
        "hall": plan.hall.code,
        "name": localize(plan.hall.name, expo.languages),
        "width_m": plan.width,
        "depth_m": plan.depth,
        "halls": [h.code for h in plan.halls],
        "booths": [
            {
                "id": b.id,
                "code": b.code,
                "x_m": b.x,
                "y_m": b.y,
                "width_m": b.width,
                "depth_m": b.depth,
                "area_m2": b.area_m2,
                "colour": b.colour,
                "pavilion": b.pavilion,
                "exhibitor_id": b.exhibitor_id,
                "exhibitor": b.exhibitor,
            }
            for b in plan.booths
        ],
    }
