from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tradefair.catalog.domain import booths as booth_actions
from tradefair.catalog.domain import exhibitor_editing as editing
from tradefair.catalog.domain import planning
from tradefair.catalog.domain.errors import Forbidden
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
from tradefair.common.errors import DomainError, NotFound
from tradefair.common.i18n import localize
from tradefair.common.numbers import Int64, PathId, RowId
from tradefair.expos.domain.visibility import expo_of_request, get_visible_expo
from tradefair.expos.models import Booth, Pavilion

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


class ProposedBoothOut(Schema):
    booth_id: int
    booth: str
    hall: str
    exhibitor_id: int
    exhibitor: str


class PavilionProposalOut(Schema):
    pavilion_id: int
    pavilion: str
    booths: list[ProposedBoothOut]


class BoothProposalOut(Schema):
    open: bool = Field(description="false when no proposal is waiting (then the lists are empty)")
    created_at: str | None
    pavilions: list[PavilionProposalOut]
    unplaced: list[UnplacedOut]


def _proposal_out(expo) -> dict:
    view = planning.proposal_view(expo)
    if view is None:
        return {"open": False, "created_at": None, "pavilions": [], "unplaced": []}
    return {
        "open": True,
        "created_at": view.proposal.created_at.isoformat(),
        "pavilions": [
            {
                "pavilion_id": pavilion.id,
                "pavilion": pavilion.name,
                "booths": [
                    {
                        "booth_id": line.booth_id,
                        "booth": line.booth_code,
                        "hall": line.hall_code,
                        "exhibitor_id": line.exhibitor_id,
                        "exhibitor": line.exhibitor,
                    }
                    for line in pavilion.lines
                ],
            }
            for pavilion in view.pavilions
        ],
        "unplaced": [
            {"exhibitor_id": int(pk), "reason": reason} for pk, reason in view.proposal.unplaced.items()
        ],
    }


def _check_planner(request, expo) -> None:
    if not request.user.has_perm("catalog.assign_booths", expo):
        raise Forbidden("forbidden", _("Only the organisers assign booths."))


@router.post(
    "expos/{slug}/booths/proposal",
    response={201: BoothProposalOut},
    auth=TokenAuth(),
    summary="Propose a booth in its pavilion's area for every exhibitor without one; assigns nothing (organisers)",
)
def booths_propose(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    booth_actions.propose_booths(expo, by=request.user)
    return Status(201, _proposal_out(expo))


@router.get(
    "expos/{slug}/booths/proposal",
    response=BoothProposalOut,
    auth=TokenAuth(),
    summary="The open booth proposal, pavilion by pavilion (organisers)",
)
def booths_proposal(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    _check_planner(request, expo)
    return _proposal_out(expo)


class AcceptanceOut(Schema):
    assigned: list[ProposedBoothOut]
    skipped: list[UnplacedOut]


def _open_proposal(expo):
    proposal = booth_actions.current_proposal(expo)
    if proposal is None:
        raise NotFound("no_proposal", _("No booth proposal is open for this expo."))
    return proposal


def _pavilion(expo, pavilion_id: int) -> Pavilion:
    pavilion = expo.pavilions.filter(pk=pavilion_id).first()
    if pavilion is None:
        raise NotFound("unknown_pavilion", _("This expo has no such pavilion."))
    return pavilion


@router.post(
    "expos/{slug}/booths/proposal/pavilions/{pavilion_id}/accept",
    response=AcceptanceOut,
    auth=TokenAuth(),
    summary="Assign one pavilion's proposed booths (organisers)",
)
def booths_accept(request: HttpRequest, slug: str, pavilion_id: PathId):
    expo = get_visible_expo(slug, request.user)
    _check_planner(request, expo)
    result = booth_actions.accept_proposal(
        _open_proposal(expo), pavilion=_pavilion(expo, pavilion_id), by=request.user
    )
    languages = expo.languages

    def line(move) -> dict:
        return {
            "booth_id": move.booth_id,
            "booth": move.booth.code,
            "hall": move.booth.hall.code,
            "exhibitor_id": move.exhibitor_id,
            "exhibitor": localize(move.exhibitor.organisation.name, languages),
        }

    return {
        "assigned": [line(move) for move in result.assigned],
        "skipped": [{"exhibitor_id": move.exhibitor_id, "reason": why} for move, why in result.skipped],
    }


class DiscardFilters(Schema):
    pavilion: Int64 | None = Field(None, description="discard only this pavilion's part")


@router.delete(
    "expos/{slug}/booths/proposal",
    response={204: None},
    auth=TokenAuth(),
    summary="Discard the booth proposal, or one pavilion's part of it (organisers)",
)
def booths_discard(request: HttpRequest, slug: str, filters: Query[DiscardFilters]):
    expo = get_visible_expo(slug, request.user)
    _check_planner(request, expo)
    pavilion = _pavilion(expo, filters.pavilion) if filters.pavilion is not None else None
    booth_actions.discard_proposal(_open_proposal(expo), pavilion=pavilion, by=request.user)
    return Status(204, None)


EXPECTED = Field(
    None,
    description="the exhibitor id the caller saw in the booth, 0 for free: refused with 409 if it changed meanwhile",
)


class BoothAssignmentIn(Schema):
    exhibitor_id: RowId
    expected_occupant: Int64 | None = EXPECTED


def _booth(expo, booth_id: int) -> Booth:
    return get_object_or_404(Booth.objects.select_related("hall__expo"), pk=booth_id, hall__expo=expo)


def _seen(value):
    return booth_actions.UNCHECKED if value is None else value


class ConflictOut(Schema):
    detail: str
    code: str


@router.put(
    "expos/{slug}/booths/{booth_id}/assignment",
    response={200: BoothOut, 409: ConflictOut},
    auth=TokenAuth(),
    summary="Give a booth to an exhibitor by hand (organisers)",
)
def booth_assign(request: HttpRequest, slug: str, booth_id: PathId, payload: BoothAssignmentIn):
    expo = get_visible_expo(slug, request.user)
    booth = _booth(expo, booth_id)
    booth_actions.assign_booth(
        booth,
        get_exhibitor(expo, payload.exhibitor_id),
        by=request.user,
        expected_occupant=_seen(payload.expected_occupant),
    )
    return booth


class BoothMoveIn(Schema):
    to_booth_id: RowId
    expected_occupant: Int64 | None = EXPECTED


@router.post(
    "expos/{slug}/booths/{booth_id}/move",
    response={200: BoothOut, 409: ConflictOut},
    auth=TokenAuth(),
    summary="Move the booth's exhibitor to a free booth (organisers)",
)
def booth_move(request: HttpRequest, slug: str, booth_id: PathId, payload: BoothMoveIn):
    expo = get_visible_expo(slug, request.user)
    target = _booth(expo, payload.to_booth_id)
    booth_actions.move_booth(
        _booth(expo, booth_id), target, by=request.user, expected_occupant=_seen(payload.expected_occupant)
    )
    return target


class BoothSwapIn(Schema):
    with_booth_id: RowId
    expected_occupant: Int64 | None = EXPECTED
    expected_other: Int64 | None = Field(
        None, description="the exhibitor id the caller saw in the other booth"
    )


@router.post(
    "expos/{slug}/booths/{booth_id}/swap",
    response={204: None, 409: ConflictOut},
    auth=TokenAuth(),
    summary="Swap the exhibitors of two booths (organisers)",
)
def booth_swap(request: HttpRequest, slug: str, booth_id: PathId, payload: BoothSwapIn):
    expo = get_visible_expo(slug, request.user)
    booth_actions.swap_booths(
        _booth(expo, booth_id),
        _booth(expo, payload.with_booth_id),
        by=request.user,
        expected_first=_seen(payload.expected_occupant),
        expected_second=_seen(payload.expected_other),
    )
    return Status(204, None)


class BoothReleaseFilters(Schema):
    expected_occupant: Int64 | None = EXPECTED


@router.delete(
    "expos/{slug}/booths/{booth_id}/assignment",
    response={204: None, 409: ConflictOut},
    auth=TokenAuth(),
    summary="Free a booth (organisers)",
)
def booth_release(request: HttpRequest, slug: str, booth_id: PathId, filters: Query[BoothReleaseFilters]):
    expo = get_visible_expo(slug, request.user)
    booth_actions.unassign_booth(
        _booth(expo, booth_id), by=request.user, expected_occupant=_seen(filters.expected_occupant)
    )
    return Status(204, None)


class BoothRuleIn(Schema):
    one_booth_per_exhibitor: bool


class BoothRuleOut(Schema):
    one_booth_per_exhibitor: bool


@router.get("expos/{slug}/booths/rule", response=BoothRuleOut, summary="Whether each exhibitor has one booth")
def booth_rule(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return {"one_booth_per_exhibitor": booth_actions.one_booth_each(expo)}


@router.put(
    "expos/{slug}/booths/rule",
    response=BoothRuleOut,
    auth=TokenAuth(),
    summary="Switch the one-booth-per-exhibitor rule (expo administrators)",
)
def booth_rule_update(request: HttpRequest, slug: str, payload: BoothRuleIn):
    expo = get_visible_expo(slug, request.user)
    settings = booth_actions.set_booth_rule(
        expo, one_booth_per_exhibitor=payload.one_booth_per_exhibitor, by=request.user
    )
    return {"one_booth_per_exhibitor": settings.one_booth_per_exhibitor}


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
