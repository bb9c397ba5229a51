import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from tradefair.common.api_support import OptionalTokenAuth, PageNumberPagination, TokenAuth
from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.common.numbers import PathId, RowId
from tradefair.deals.domain.access import deals_visible_to
from tradefair.deals.domain.disclosure import set_deal_public
from tradefair.deals.domain.parties import describe_party, search_parties
from tradefair.deals.domain.rates import enter_rate
from tradefair.deals.domain.recording import DealTerms, change_status, confirm_deal, declare_deal
from tradefair.deals.models import Deal, DealKind, DealStatus
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import operates_expo, sees_as_organiser
from tradefair.people.models import RegistrationStatus
from tradefair.people.permissions import participant_of

router = Router(tags=["deals"])

# Database keys are 64-bit: a larger number is a client mistake (400), not a database error.
DealId = PathId


class PartyOut(Schema):
    id: int
    name: str
    country: str


class DealOut(Schema):
    id: int
    kind: str
    status: str
    signed_on: dt.date
    amount: str | None
    currency: str
    amount_cny: str | None = Field(description="Converted into the expo's base currency; null when no rate.")
    rate: str | None
    rate_source: str
    parties: list[PartyOut]
    meeting_id: int | None
    ceremony_id: int | None
    project_id: int | None
    title: str
    isic_section: str
    hs_code: str
    confirmed: bool
    public: bool = Field(description="Shown to everyone once the results are published.")

    @staticmethod
    def resolve_amount(deal) -> str | None:
        return None if deal.amount is None else f"{deal.amount:.2f}"

    @staticmethod
    def resolve_amount_cny(deal) -> str | None:
        return None if deal.amount_base is None else f"{deal.amount_base:.2f}"

    @staticmethod
    def resolve_rate(deal) -> str | None:
        return None if deal.rate is None else f"{deal.rate.normalize():f}"

    @staticmethod
    def resolve_parties(deal) -> list[dict]:
        languages = deal.expo.languages
        return [
            {
                "id": link.organisation.pk,
                "name": localize(link.organisation.name, languages) or link.organisation.legal_name,
                "country": link.organisation.country.code,
            }
            for link in deal.party_links.all()
        ]

    @staticmethod
    def resolve_confirmed(deal) -> bool:
        return deal.confirmed_at is not None


class DealIn(Schema):
    kind: DealKind
    status: DealStatus
    signed_on: dt.date
    parties: list[RowId] = Field(min_length=2, max_length=50, description="Organisation ids, two or more.")
    amount: str | None = Field(None, description='Decimal string such as "1250000.00".')
    currency: str = Field("CNY", max_length=3)
    title: str = Field("", max_length=300)
    hs_code: str = ""
    isic_section: str = ""
    meeting_id: RowId | None = None
    ceremony_id: RowId | None = None
    project_id: RowId | None = None


class PartyFound(Schema):
    id: int
    name: str
    legal_name: str
    country: str
    country_name: str
    label: str = Field(description="Display name · legal name · country, as the form shows it.")


class PartySearch(Schema):
    q: str = Field("", max_length=100, description="Letters of the display or legal name.")


class DisclosureIn(Schema):
    public: bool


class DealFilters(Schema):
    kind: DealKind | None = None
    status: DealStatus | None = None
    unconverted: bool = False


class StatusIn(Schema):
    status: DealStatus
    signed_on: dt.date | None = None


class RateIn(Schema):
    currency: str
    rate: str = Field(description="Units of the base currency for one unit of the currency.")
    valid_from: dt.date
    valid_until: dt.date | None = None
    note: str = ""


class RateOut(Schema):
    id: int
    currency: str
    rate: str
    valid_from: dt.date
    valid_until: dt.date | None
    note: str

    @staticmethod
    def resolve_rate(entry) -> str:
        return f"{entry.rate.normalize():f}"


def deal_queryset(deals):
    return (
        deals.select_related("expo")
        .prefetch_related("party_links__organisation")
        .order_by("-signed_on", "-id")
    )


@router.get(
    "expos/{slug}/deals",
    response=list[DealOut],
    auth=OptionalTokenAuth(),
    summary="Deals: all for organisers, one's own for parties, confirmed ones once results are published",
)
@paginate(PageNumberPagination)
def list_deals(request: HttpRequest, slug: str, filters: Query[DealFilters]):
    expo = get_visible_expo(slug, request.user)
    deals = deals_visible_to(expo, request.user)
    if filters.kind:
        deals = deals.filter(kind=filters.kind)
    if filters.status:
        deals = deals.filter(status=filters.status)
    if filters.unconverted:
        deals = deals.filter(amount__isnull=False, amount_base__isnull=True)
    return deal_queryset(deals)


@router.get(
    "expos/{slug}/deals/parties",
    response=list[PartyFound],
    auth=OptionalTokenAuth(),
    summary="Organisations the caller may name as parties of a deal, found by name (the form's autocomplete)",
)
@paginate(PageNumberPagination)
def find_parties(request: HttpRequest, slug: str, search: Query[PartySearch]):
    expo = get_visible_expo(slug, request.user)
    participant = participant_of(request.user, expo)
    approved = participant is not None and participant.status == RegistrationStatus.APPROVED
    if not (approved or operates_expo(request.user, expo)):
        error = DomainError(
            "deal_forbidden", _("Only the expo's participants and organisers name the parties of deals.")
        )
        error.status = 403 if request.user.is_authenticated else 401
        raise error
    return _Described(search_parties(expo, request.user, search.q), expo)


class _Described:
    """A queryset whose page is described as the form shows each party: the pagination
    counts and slices the queryset, and only the page's organisations are described."""

    def __init__(self, queryset, expo):
        self.queryset, self.expo = queryset, expo

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return [describe_party(organisation, self.expo) for organisation in self.queryset[index]]


def _visible_deal(request, slug: str, deal_id: DealId) -> Deal:
    expo = get_visible_expo(slug, request.user)
    return get_object_or_404(deal_queryset(deals_visible_to(expo, request.user)), pk=deal_id)


@router.get("expos/{slug}/deals/{deal_id}", response=DealOut, auth=OptionalTokenAuth(), summary="One deal")
def get_deal(request: HttpRequest, slug: str, deal_id: DealId):
    return _visible_deal(request, slug, deal_id)


@router.post(
    "expos/{slug}/deals",
    response={201: DealOut},
    auth=TokenAuth(),
    summary="Record a deal (organisers) or declare one for confirmation (parties)",
)
def create_deal(request: HttpRequest, slug: str, payload: DealIn):
    expo = get_visible_expo(slug, request.user)
    participant = participant_of(request.user, expo)
    if (
        participant is not None
        and participant.status != RegistrationStatus.APPROVED
        and not operates_expo(request.user, expo)
    ):
        # declare_deal accepts any registration; a cancelled or pending one declares nothing.
        error = DomainError("deal_forbidden", _("Only approved participants declare deals."))
        error.status = 403
        raise error
    terms = DealTerms(**payload.dict())
    deal = declare_deal(expo, terms, by=request.user)
    return Status(201, deal_queryset(Deal.objects.filter(pk=deal.pk)).get())


@router.post(
    "expos/{slug}/deals/{deal_id}/confirm",
    response=DealOut,
    auth=TokenAuth(),
    summary="Confirm a declared deal",
)
def confirm(request: HttpRequest, slug: str, deal_id: DealId):
    deal = _visible_deal(request, slug, deal_id)
    confirm_deal(deal, by=request.user)
    return deal_queryset(Deal.objects.filter(pk=deal.pk)).get()


@router.post(
    "expos/{slug}/deals/{deal_id}/status",
    response=DealOut,
    auth=TokenAuth(),
    summary="Sign, execute or cancel a deal",
)
def move(request: HttpRequest, slug: str, deal_id: DealId, payload: StatusIn):
    deal = _visible_deal(request, slug, deal_id)
    change_status(deal, status=payload.status, signed_on=payload.signed_on, by=request.user)
    return deal_queryset(Deal.objects.filter(pk=deal.pk)).get()


@router.post(
    "expos/{slug}/deals/{deal_id}/disclosure",
    response=DealOut,
    auth=TokenAuth(),
    summary="Make a deal public (shown to everyone once results are published) or private again",
)
def disclose(request: HttpRequest, slug: str, deal_id: DealId, payload: DisclosureIn):
    deal = _visible_deal(request, slug, deal_id)
    set_deal_public(deal, public=payload.public, by=request.user)
    return deal_queryset(Deal.objects.filter(pk=deal.pk)).get()


@router.get("expos/{slug}/rates", response=list[RateOut], auth=TokenAuth(), summary="Organiser-entered rates")
@paginate(PageNumberPagination)
def list_rates(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not sees_as_organiser(request.user, expo):
        raise _forbidden()
    return expo.exchange_rates.all()


@router.post(
    "expos/{slug}/rates", response={201: RateOut}, auth=TokenAuth(), summary="Enter an exchange rate"
)
def create_rate(request: HttpRequest, slug: str, payload: RateIn):
    expo = get_visible_expo(slug, request.user)
    return Status(201, enter_rate(expo, **payload.dict(), by=request.user))


def _forbidden() -> DomainError:
    error = DomainError("rate_forbidden", _("Only the expo's organisers see exchange rates."))
    error.status = 403
    return error
