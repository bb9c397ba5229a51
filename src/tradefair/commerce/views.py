"""Exhibitor sales pages: the application form and the exhibitor's own status, team and
invoices; the organisers' queue, packages, accounts and settings. Each view parses,
calls one domain function and renders; the domain checks who may act."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.catalog.domain.booths import assign_booth
from tradefair.commerce.domain.applications import (
    ApplicationForm as ApplicationData,
)
from tradefair.commerce.domain.applications import (
    application_of,
    review_application,
    review_queue,
    submit_application,
)
from tradefair.commerce.domain.invoices import (
    current_invoice,
    invoices_visible_to,
    issue_credit_note,
    render_invoice_pdf,
)
from tradefair.commerce.domain.packages import create_extra, create_package, extras_on_sale, packages_on_sale
from tradefair.commerce.domain.payments import paid_amount, provider
from tradefair.commerce.domain.settings import commerce_settings, update_commerce_settings
from tradefair.commerce.domain.team import invite_colleague, seats_used
from tradefair.commerce.forms import (
    ApplicationForm,
    CreditNoteForm,
    InviteForm,
    PackageForm,
    PaymentForm,
    ReviewForm,
    SettingsForm,
)
from tradefair.commerce.models import (
    Application,
    ApplicationStatus,
    BoothPackage,
    Extra,
    Invoice,
    Order,
    OrderStatus,
)
from tradefair.common.errors import DomainError
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.models import Booth, BoothStatus

PAGE = 25


def _require(request, perm: str, expo) -> None:
    if not request.user.has_perm(perm, expo):
        raise PermissionDenied


@login_required
def apply(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    application = application_of(expo, request.user)
    editable = application is None or application.status in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.CHANGES_REQUESTED,
    )
    packages, extras = list(packages_on_sale(expo)), list(extras_on_sale(expo))
    initial = {"contact_email": request.user.email, "contact_name": request.user.get_full_name()}
    if application is not None:
        initial = {
            name: getattr(application, name)
            for name in (
                "organisation_name",
                "address",
                "tax_id",
                "space_type",
                "area_m2",
                "products",
                "staff_count",
                "contact_name",
                "contact_email",
                "contact_phone",
            )
        }
        initial.update(
            country=application.country.code,
            pavilion=application.pavilion_id,
            package=application.package_id,
            hs_codes=", ".join(application.hs_codes),
            **{f"extra_{key}": value for key, value in application.extras.items()},
        )
    form = ApplicationForm(request.POST or None, initial=initial, expo=expo, packages=packages, extras=extras)
    if request.method == "POST":
        if not editable:
            messages.error(
                request,
                _("Your application is %(status)s; it can no longer be changed.")
                % {"status": application.get_status_display()},
            )
            return redirect("commerce:apply", slug=slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submit_application(
                    expo,
                    ApplicationData(
                        organisation_name=data["organisation_name"],
                        country=data["country"],
                        address=data["address"],
                        tax_id=data["tax_id"],
                        pavilion_id=data["pavilion"],
                        package_id=data["package"],
                        space_type=data["space_type"],
                        area_m2=data["area_m2"],
                        products=data["products"],
                        hs_codes=form.hs_code_list(),
                        staff_count=data["staff_count"],
                        contact_name=data["contact_name"],
                        contact_email=data["contact_email"],
                        contact_phone=data["contact_phone"],
                        extras=form.extra_quantities(),
                        language=get_language(),
                    ),
                    by=request.user,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Your application has been sent. The organisers will answer by e-mail.")
                )
                return redirect("commerce:apply", slug=slug)
    order = getattr(application, "order", None) if application is not None else None
    context = {
        "expo": expo,
        "application": application,
        "editable": editable and bool(packages),
        "no_packages": not packages,
        "form": form,
        "order": order,
    }
    if order is not None:
        invoice = current_invoice(order)
        context.update(
            invoices=order.invoices.order_by("sequence"),
            invoice=invoice,
            instructions=provider().instructions(invoice) if invoice else None,
            paid=paid_amount(order),
            team=application.team.select_related("participant"),
            seats_used=seats_used(order),
            invite_form=InviteForm(),
            booths=list(application.exhibitor.booth_assignments.select_related("booth__hall"))
            if application.exhibitor
            else [],
        )
    return render(request, "commerce/apply.html", context)


@login_required
@require_POST
def invite(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    application = application_of(expo, request.user)
    if application is None:
        raise Http404
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invite_colleague(application, by=request.user, language=get_language(), **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s is on your team and has been sent an e-mail.")
                % {"name": form.cleaned_data["name"]},
            )
    else:
        messages.error(request, _("Give the colleague's name and a valid e-mail address."))
    return redirect(reverse("commerce:apply", kwargs={"slug": slug}) + "#team")


@login_required
def invoice_pdf(request, slug: str, invoice_id: int):
    expo = get_visible_expo(slug, request.user)
    invoice = get_object_or_404(invoices_visible_to(expo, request.user), pk=invoice_id)
    response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@login_required
def applications(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _require(request, "commerce.read_applications", expo)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    page = Paginator(review_queue(expo, by=request.user, status=status), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "commerce/applications.html",
        {"expo": expo, "page": page, "status": status, "statuses": ApplicationStatus.choices},
    )


@login_required
def application_detail(request, slug: str, application_id: int):
    expo = get_visible_expo(slug, request.user)
    _require(request, "commerce.read_applications", expo)
    application = get_object_or_404(
        Application.objects.filter(expo=expo).select_related("package", "pavilion", "exhibitor"),
        pk=application_id,
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        _require(request, "commerce.review_applications", expo)
        if request.POST.get("action") == "assign_booth":
            return _assign_booth(request, expo, application)
        if form.is_valid():
            try:
                review_application(application, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Decision saved; the applicant has been told by e-mail."))
                return redirect("commerce:application", slug=slug, application_id=application.pk)
    order = Order.objects.filter(application=application).first()
    free_booths = []
    if order is not None and application.exhibitor is not None:
        free_booths = Booth.objects.filter(
            hall__expo=expo, status=BoothStatus.AVAILABLE, assignment__isnull=True
        ).select_related("hall", "pavilion")
        if application.pavilion_id:
            free_booths = free_booths.filter(pavilion=application.pavilion)
        free_booths = free_booths.filter(area_m2__gte=application.package.area_m2).order_by(
            "hall__code", "code"
        )[:200]
    extras = {
        str(extra.pk): extra
        for extra in Extra.objects.filter(expo=expo, pk__in=[int(key) for key in application.extras])
    }
    return render(
        request,
        "commerce/application.html",
        {
            "expo": expo,
            "application": application,
            "form": form,
            "can_review": request.user.has_perm("commerce.review_applications", expo),
            "order": order,
            "extras": [
                (extras[key], quantity) for key, quantity in application.extras.items() if key in extras
            ],
            "free_booths": free_booths,
            "booths": list(application.exhibitor.booth_assignments.select_related("booth__hall"))
            if application.exhibitor
            else [],
        },
    )


def _assign_booth(request, expo, application):
    booth = Booth.objects.filter(
        hall__expo=expo,
        pk=request.POST.get("booth") if str(request.POST.get("booth", "")).isdigit() else None,
    ).first()
    if booth is None or application.exhibitor is None:
        messages.error(request, _("Choose a free booth."))
    else:
        try:
            assign_booth(booth, application.exhibitor, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Booth %(code)s assigned.") % {"code": booth.code})
    return redirect("commerce:application", slug=expo.slug, application_id=application.pk)


@login_required
def packages(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _require(request, "commerce.read_applications", expo)
    form = PackageForm(request.POST or None)
    if request.method == "POST":
        _require(request, "commerce.define_packages", expo)
        if form.is_valid():
            data = form.cleaned_data
            name = {"en": data["name"], **({"zh-hans": data["name_zh"]} if data["name_zh"] else {})}
            common = {
                "name": name,
                "description": {"en": data["description"]} if data["description"] else {},
                "price": data["price"],
                "tax_rate": data["tax_rate"],
                "staff_badges": data["staff_badges"],
                "stock": data["stock"],
            }
            try:
                if data["kind"] == "package":
                    if not data["area_m2"]:
                        raise DomainError("area_required", _("Give the package's area in m²."))
                    create_package(
                        expo,
                        by=request.user,
                        area_m2=data["area_m2"],
                        space_type=data["space_type"] or "shell",
                        furniture={"en": data["furniture"]} if data["furniture"] else {},
                        **common,
                    )
                else:
                    create_extra(expo, by=request.user, **common)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("commerce:packages", slug=slug)
    return render(
        request,
        "commerce/packages.html",
        {
            "expo": expo,
            "packages": BoothPackage.objects.filter(expo=expo),
            "extras": Extra.objects.filter(expo=expo),
            "form": form,
            "can_define": request.user.has_perm("commerce.define_packages", expo),
        },
    )


@login_required
def accounts(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _require(request, "commerce.read_accounts", expo)
    status = request.GET.get("status", "")
    orders = (
        Order.objects.filter(expo=expo).select_related("application").prefetch_related("invoices", "payments")
    )
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    page = Paginator(orders.order_by("-created_at", "-id"), PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "order": order,
            "invoice": current_invoice(order),
            "paid": paid_amount(order),
            "invoices": sorted(order.invoices.all(), key=lambda i: i.sequence),
        }
        for order in page.object_list
    ]
    return render(
        request,
        "commerce/accounts.html",
        {
            "expo": expo,
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": OrderStatus.choices,
            "can_handle": request.user.has_perm("commerce.handle_payments", expo),
            "payment_form": PaymentForm(),
            "credit_form": CreditNoteForm(),
        },
    )


@login_required
@require_POST
def record_payment_view(request, slug: str, order_id: int):
    expo = get_visible_expo(slug, request.user)
    _require(request, "commerce.read_accounts", expo)
    order = get_object_or_404(Order.objects.filter(expo=expo), pk=order_id)
    _require(request, "commerce.handle_payments", expo)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the amount and the date received."))
    else:
        try:
            provider().record(order, by=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Payment recorded."))
    return redirect("commerce:accounts", slug=slug)


@login_required
@require_POST
def credit_note(request, slug: str, invoice_id: int):
    expo = get_visible_expo(slug, request.user)
    _require(request, "commerce.read_accounts", expo)
    invoice = get_object_or_404(Invoice.objects.filter(expo=expo), pk=invoice_id)
    _require(request, "commerce.handle_payments", expo)
    form = CreditNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the invoice is corrected."))
    else:
        try:
            note = issue_credit_note(invoice, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Credit note %(number)s issued.") % {"number": note.number})
    return redirect("commerce:accounts", slug=slug)


@login_required
def settings_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _require(request, "commerce.read_applications", expo)
    current = commerce_settings(expo)
    name = current.seller_name.data if hasattr(current.seller_name, "data") else {}
    address = current.seller_address.data if hasattr(current.seller_address, "data") else {}
    initial = {
        "seller_name_zh": (name or {}).get("zh-hans", ""),
        "seller_name_en": (name or {}).get("en", ""),
        "seller_address": next(iter((address or {}).values()), ""),
        **{
            field: getattr(current, field)
            for field in (
                "tax_id",
                "bank_name",
                "bank_account",
                "bank_swift",
                "invoice_prefix",
                "payment_days",
                "reminder_days",
                "reminders",
                "unpaid_action",
            )
        },
    }
    form = SettingsForm(request.POST or None, initial=initial)
    can_change = request.user.has_perm("commerce.change_settings", expo)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            names = {
                code: data.pop(key)
                for code, key in (("zh-hans", "seller_name_zh"), ("en", "seller_name_en"))
                if data.get(key)
            }
            data.pop("seller_name_zh", None)
            data.pop("seller_name_en", None)
            data["seller_name"] = names
            data["seller_address"] = {"zh-hans": data["seller_address"]} if data["seller_address"] else {}
            try:
                update_commerce_settings(expo, by=request.user, **data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("commerce:settings", slug=slug)
    return render(request, "commerce/settings.html", {"expo": expo, "form": form, "can_change": can_change})
