"""The exhibitors' side under /api/v1/: packages and extras, applications (submit, one's
own, the organisers' review), orders, invoices (with the PDF) and payments. Each
endpoint calls the same domain function as its page."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from tradefair.commerce.domain import applications as application_actions
from tradefair.commerce.domain.errors import CommerceForbidden, CommerceNotFound
from tradefair.commerce.domain.invoices import (
    current_invoice,
    invoices_visible_to,
    issue_credit_note,
    render_invoice_pdf,
)
from tradefair.commerce.domain.packages import create_extra, create_package
from tradefair.commerce.domain.payments import paid_amount, provider
from tradefair.commerce.domain.team import invite_colleague
from tradefair.commerce.models import (
    Application,
    ApplicationStatus,
    BoothPackage,
    Extra,
    Order,
    OrderStatus,
    Payment,
)
from tradefair.common.api_support import OptionalTokenAuth, PageNumberPagination, TokenAuth
from tradefair.common.i18n import localize
from tradefair.common.numbers import PathId, RowId
from tradefair.expos.domain.visibility import get_visible_expo

router = Router(tags=["commerce"])

Money = Field(description='Decimal string such as "12800.00", in the expo\'s base currency.')


class BoothPackageOut(Schema):
    id: int
    name: str
    description: str
    space_type: str
    area_m2: str
    furniture: str
    price: str = Money
    tax_rate: str
    staff_badges: int
    available: int | None = Field(description="Left in stock; null when unlimited.")


class ExtraOut(Schema):
    id: int
    name: str
    description: str
    price: str = Money
    tax_rate: str
    staff_badges: int
    available: int | None


class BoothPackageIn(Schema):
    name: dict[str, str] = Field(description="Language code -> name.")
    description: dict[str, str] = {}
    space_type: str = "shell"
    area_m2: str = "9"
    furniture: dict[str, str] = {}
    price: str
    tax_rate: str = "6.00"
    staff_badges: int = Field(2, ge=0, le=500)
    stock: int | None = Field(None, ge=0, le=1_000_000)


class ExtraIn(Schema):
    name: dict[str, str]
    description: dict[str, str] = {}
    price: str
    tax_rate: str = "6.00"
    staff_badges: int = Field(0, ge=0, le=500)
    stock: int | None = Field(None, ge=0, le=1_000_000)


def _package_out(item, expo) -> dict:
    languages = [get_language(), *expo.languages]
    out = {
        "id": item.pk,
        "name": localize(item.name, languages),
        "description": localize(item.description, languages),
        "price": f"{item.price:.2f}",
        "tax_rate": f"{item.tax_rate:.2f}",
        "staff_badges": item.staff_badges,
        "available": item.available,
    }
    if isinstance(item, BoothPackage):
        out.update(
            space_type=item.space_type,
            area_m2=f"{item.area_m2:.2f}",
            furniture=localize(item.furniture, languages),
        )
    return out


@router.get(
    "expos/{slug}/booth-packages",
    response=list[BoothPackageOut],
    auth=OptionalTokenAuth(),
    summary="Booth packages on sale",
)
def list_packages(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return [_package_out(item, expo) for item in BoothPackage.objects.filter(expo=expo, active=True)]


@router.post(
    "expos/{slug}/booth-packages",
    response={201: BoothPackageOut},
    auth=TokenAuth(),
    summary="Define a booth package",
)
def add_package(request: HttpRequest, slug: str, payload: BoothPackageIn):
    expo = get_visible_expo(slug, request.user)
    package = create_package(expo, by=request.user, **payload.dict())
    return Status(201, _package_out(package, expo))


@router.get(
    "expos/{slug}/booth-extras", response=list[ExtraOut], auth=OptionalTokenAuth(), summary="Extras on sale"
)
def list_extras(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return [_package_out(item, expo) for item in Extra.objects.filter(expo=expo, active=True)]


@router.post(
    "expos/{slug}/booth-extras", response={201: ExtraOut}, auth=TokenAuth(), summary="Define an extra"
)
def add_extra(request: HttpRequest, slug: str, payload: ExtraIn):
    expo = get_visible_expo(slug, request.user)
    extra = create_extra(expo, by=request.user, **payload.dict())
    return Status(201, _package_out(extra, expo))


# ---------------------------------------------------------------------------
# Applications


class ExhibitorApplicationIn(Schema):
    organisation_name: str = Field(max_length=300)
    country: str = Field(max_length=2, description="ISO 3166-1 alpha-2.")
    address: str = Field(max_length=1000)
    tax_id: str = Field("", max_length=40)
    pavilion_id: RowId | None = None
    package_id: RowId
    space_type: str = "shell"
    area_m2: str = "9"
    products: str = Field(max_length=4000)
    hs_codes: list[str] = Field([], max_length=50)
    staff_count: int = Field(2, ge=1, le=200)
    contact_name: str = Field(max_length=200)
    contact_email: str = Field(max_length=254)
    contact_phone: str = Field("", max_length=40)
    extras: dict[str, int] = Field({}, description="Extra id -> quantity.")
    language: str = Field("", max_length=10)


class ExhibitorApplicationOut(Schema):
    id: int
    status: str
    organisation_name: str
    country: str
    package_id: int
    space_type: str
    area_m2: str
    pavilion_id: int | None
    extras: dict[str, int]
    products: str
    hs_codes: list[str]
    staff_count: int
    contact_name: str
    contact_email: str
    reason: str
    order_id: int | None
    submitted_at: dt.datetime

    @staticmethod
    def resolve_country(application) -> str:
        return application.country.code

    @staticmethod
    def resolve_area_m2(application) -> str:
        return f"{application.area_m2:.2f}"

    @staticmethod
    def resolve_order_id(application) -> int | None:
        order = Order.objects.filter(application=application).values_list("pk", flat=True).first()
        return order


class ApplicationReviewIn(Schema):
    decision: str = Field(description="approve, reject, waitlist or request_changes.")
    reason: str = Field("", max_length=2000)


class ApplicationFilters(Schema):
    status: ApplicationStatus | None = None


class TeamMemberIn(Schema):
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)


class TeamMemberOut(Schema):
    id: int
    name: str
    email: str


@router.post(
    "expos/{slug}/exhibitor-applications",
    response={201: ExhibitorApplicationOut},
    auth=TokenAuth(),
    summary="Apply for space (or send one's application again)",
)
def submit(request: HttpRequest, slug: str, payload: ExhibitorApplicationIn):
    expo = get_visible_expo(slug, request.user)
    application = application_actions.submit_application(
        expo, application_actions.ApplicationForm(**payload.dict()), by=request.user
    )
    return Status(201, application)


@router.get(
    "expos/{slug}/exhibitor-applications/mine",
    response=ExhibitorApplicationOut,
    auth=TokenAuth(),
    summary="One's own application and its status",
)
def mine(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    application = application_actions.application_of(expo, request.user)
    if application is None:
        raise CommerceNotFound("no_application", _("You have not applied for space at this expo."))
    return application


@router.post(
    "expos/{slug}/exhibitor-applications/mine/team",
    response={201: TeamMemberOut},
    auth=TokenAuth(),
    summary="Invite a colleague within the staff-badge quota",
)
def invite(request: HttpRequest, slug: str, payload: TeamMemberIn):
    expo = get_visible_expo(slug, request.user)
    application = application_actions.application_of(expo, request.user)
    if application is None:
        raise CommerceNotFound("no_application", _("You have not applied for space at this expo."))
    member = invite_colleague(application, by=request.user, name=payload.name, email=payload.email)
    return Status(201, {"id": member.pk, "name": member.participant.name, "email": member.participant.email})


@router.get(
    "expos/{slug}/exhibitor-applications",
    response=list[ExhibitorApplicationOut],
    auth=TokenAuth(),
    summary="The organisers' application queue",
)
@paginate(PageNumberPagination)
def queue(request: HttpRequest, slug: str, filters: Query[ApplicationFilters]):
    expo = get_visible_expo(slug, request.user)
    return application_actions.review_queue(expo, by=request.user, status=filters.status or "")


@router.post(
    "expos/{slug}/exhibitor-applications/{application_id}/review",
    response=ExhibitorApplicationOut,
    auth=TokenAuth(),
    summary="Approve, reject, waitlist or ask for changes",
)
def review(request: HttpRequest, slug: str, application_id: PathId, payload: ApplicationReviewIn):
    expo = get_visible_expo(slug, request.user)
    if not request.user.has_perm("commerce.read_applications", expo):
        raise CommerceForbidden(
            "forbidden", _("Only the organisers' staff and administrators review applications.")
        )
    application = get_object_or_404(Application.objects.filter(expo=expo), pk=application_id)
    return application_actions.review_application(
        application, by=request.user, decision=payload.decision, reason=payload.reason
    )


# ---------------------------------------------------------------------------
# Orders, invoices, payments


class InvoiceOut(Schema):
    id: int
    number: str
    kind: str
    order_id: int
    corrects: str | None
    issued_at: dt.datetime
    currency: str
    buyer: str
    net_total: str = Money
    tax_total: str
    gross_total: str
    payment_reference: str
    lines: list[dict]

    @staticmethod
    def resolve_corrects(invoice) -> str | None:
        return invoice.corrects.number if invoice.corrects_id else None

    @staticmethod
    def resolve_buyer(invoice) -> str:
        return invoice.buyer.get("name", "")

    @staticmethod
    def resolve_net_total(invoice) -> str:
        return f"{invoice.net_total:.2f}"

    @staticmethod
    def resolve_tax_total(invoice) -> str:
        return f"{invoice.tax_total:.2f}"

    @staticmethod
    def resolve_gross_total(invoice) -> str:
        return f"{invoice.gross_total:.2f}"


class OrderOut(Schema):
    id: int
    status: str
    organisation_name: str
    currency: str
    due_on: dt.date
    staff_badges: int
    invoice: str | None = Field(description="The number of the invoice to pay, if any.")
    gross_total: str | None
    paid: str

    @staticmethod
    def resolve_organisation_name(order) -> str:
        return order.application.organisation_name

    @staticmethod
    def resolve_invoice(order) -> str | None:
        invoice = current_invoice(order)
        return invoice.number if invoice else None

    @staticmethod
    def resolve_gross_total(order) -> str | None:
        invoice = current_invoice(order)
        return f"{invoice.gross_total:.2f}" if invoice else None

    @staticmethod
    def resolve_paid(order) -> str:
        return f"{paid_amount(order):.2f}"


class PaymentIn(Schema):
    amount: str = Field(description='Decimal string such as "13568.00".')
    received_on: dt.date | None = None
    reference: str = Field("", max_length=100)
    provider: str = "bank_transfer"


class PaymentOut(Schema):
    id: int
    order_id: int
    provider: str
    amount: str
    currency: str
    received_on: dt.date
    reference: str

    @staticmethod
    def resolve_amount(payment) -> str:
        return f"{payment.amount:.2f}"


class CreditNoteIn(Schema):
    reason: str = Field(max_length=2000)


class OrderFilters(Schema):
    status: OrderStatus | None = None


def _accounts(request, expo) -> None:
    if not request.user.has_perm("commerce.read_accounts", expo):
        raise CommerceForbidden("forbidden", _("Only finance staff and the organisers see the accounts."))


@router.get(
    "expos/{slug}/orders",
    response=list[OrderOut],
    auth=TokenAuth(),
    summary="Orders: all for finance staff and organisers, one's own for an exhibitor",
)
@paginate(PageNumberPagination)
def orders(request: HttpRequest, slug: str, filters: Query[OrderFilters]):
    expo = get_visible_expo(slug, request.user)
    found = Order.objects.filter(expo=expo).select_related("application")
    if not request.user.has_perm("commerce.read_accounts", expo):
        found = found.filter(application__applicant=request.user)
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-created_at", "-id")


@router.get(
    "expos/{slug}/invoices",
    response=list[InvoiceOut],
    auth=TokenAuth(),
    summary="Invoices and credit notes: all for finance staff and organisers, one's own otherwise",
)
@paginate(PageNumberPagination)
def invoices(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return invoices_visible_to(expo, request.user).order_by("sequence")


@router.get(
    "expos/{slug}/invoices/{invoice_id}",
    response=InvoiceOut,
    auth=TokenAuth(),
    summary="One invoice or credit note",
)
def invoice(request: HttpRequest, slug: str, invoice_id: PathId):
    expo = get_visible_expo(slug, request.user)
    return get_object_or_404(invoices_visible_to(expo, request.user), pk=invoice_id)


@router.get(
    "expos/{slug}/invoices/{invoice_id}/pdf",
    auth=TokenAuth(),
    summary="The invoice as PDF, in the exhibitor's language and Chinese",
    response={200: None},
)
def invoice_pdf(request: HttpRequest, slug: str, invoice_id: PathId):
    expo = get_visible_expo(slug, request.user)
    found = get_object_or_404(invoices_visible_to(expo, request.user), pk=invoice_id)
    response = HttpResponse(render_invoice_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.number}.pdf"'
    return response


@router.post(
    "expos/{slug}/invoices/{invoice_id}/credit-note",
    response={201: InvoiceOut},
    auth=TokenAuth(),
    summary="Cancel an invoice by a credit note",
)
def credit(request: HttpRequest, slug: str, invoice_id: PathId, payload: CreditNoteIn):
    expo = get_visible_expo(slug, request.user)
    _accounts(request, expo)
    found = get_object_or_404(invoices_visible_to(expo, request.user), pk=invoice_id)
    return Status(201, issue_credit_note(found, by=request.user, reason=payload.reason))


@router.get("expos/{slug}/payments", response=list[PaymentOut], auth=TokenAuth(), summary="Payments received")
@paginate(PageNumberPagination)
def payments(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    _accounts(request, expo)
    return Payment.objects.filter(order__expo=expo).order_by("-recorded_at", "-id")


@router.post(
    "expos/{slug}/orders/{order_id}/payments",
    response={201: PaymentOut},
    auth=TokenAuth(),
    summary="Mark money received for an order (bank transfer)",
)
def pay(request: HttpRequest, slug: str, order_id: PathId, payload: PaymentIn):
    expo = get_visible_expo(slug, request.user)
    _accounts(request, expo)
    order = get_object_or_404(Order.objects.filter(expo=expo), pk=order_id)
    payment = provider(payload.provider).record(
        order,
        amount=payload.amount,
        received_on=payload.received_on,
        reference=payload.reference,
        by=request.user,
    )
    return Status(201, payment)
