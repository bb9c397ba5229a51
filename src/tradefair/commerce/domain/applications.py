"""Exhibitor applications: sent by a signed-in person, reviewed in the organisers' queue.

Approval does in one transaction what makes the applicant an exhibitor: the organisation
and the exhibitor (with the pavilion and area asked for), the applicant's participation
with the exhibitor role, the order with its lines and the package's and extras' stock
(under row locks), and the invoice with the next number of the expo's counter. The
applicant hears of every decision by e-mail in the language they applied in."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tradefair.catalog.models import Exhibitor
from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.domain.invoices import issue_invoice, render_invoice_pdf, translations_of
from tradefair.commerce.domain.mail import send_to_applicant
from tradefair.commerce.domain.packages import take_stock
from tradefair.commerce.domain.settings import commerce_settings
from tradefair.commerce.models import (
    Application,
    ApplicationStatus,
    BoothPackage,
    Extra,
    Order,
    OrderLine,
    SpaceType,
)
from tradefair.commerce.models.applications import OPEN_STATUSES
from tradefair.common.audit import log_action
from tradefair.common.taxonomy import is_hs_code
from tradefair.expos.models import ExpoStatus, Pavilion
from tradefair.people.models import Organisation, Participant, ParticipantRole, RegistrationStatus, Role

MAX_EXTRA_QUANTITY = 100


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    WAITLIST = "waitlist"
    REQUEST_CHANGES = "request_changes"
    ALL = (APPROVE, REJECT, WAITLIST, REQUEST_CHANGES)


STATUS_OF = {
    Decision.APPROVE: ApplicationStatus.APPROVED,
    Decision.REJECT: ApplicationStatus.REJECTED,
    Decision.WAITLIST: ApplicationStatus.WAITLISTED,
    Decision.REQUEST_CHANGES: ApplicationStatus.CHANGES_REQUESTED,
}


@dataclass
class ApplicationForm:
    organisation_name: str
    country: str
    address: str
    package_id: int
    area_m2: Decimal | str
    products: str
    contact_name: str
    contact_email: str
    space_type: str = SpaceType.SHELL
    pavilion_id: int | None = None
    tax_id: str = ""
    hs_codes: list[str] = field(default_factory=list)
    staff_count: int = 2
    contact_phone: str = ""
    extras: dict = field(default_factory=dict)
    language: str = ""


def application_of(expo, user) -> Application | None:
    if not (user and user.is_authenticated):
        return None
    return Application.objects.filter(expo=expo, applicant=user).select_related("package", "pavilion").first()


def _clean(expo, form: ApplicationForm) -> dict:
    from django_countries import countries

    text = {
        "organisation_name": (form.organisation_name or "").strip(),
        "address": (form.address or "").strip(),
        "products": (form.products or "").strip(),
        "contact_name": (form.contact_name or "").strip(),
        "contact_email": (form.contact_email or "").strip(),
    }
    missing = [name for name, value in text.items() if not value]
    if missing:
        raise CommerceError("missing", _("Fill in: %(fields)s.") % {"fields": ", ".join(missing)})
    if len(text["organisation_name"]) > 300 or len(text["address"]) > 1000 or len(text["products"]) > 4000:
        raise CommerceError(
            "too_long", _("A text is too long (name 300, address 1,000, products 4,000 characters).")
        )
    if form.country not in dict(countries):
        raise CommerceError("invalid_country", _("Choose a country or region."))
    package = BoothPackage.objects.filter(expo=expo, pk=form.package_id, active=True).first()
    if package is None:
        raise CommerceError("invalid_package", _("Choose one of the expo's booth packages."))
    if form.space_type not in SpaceType.values:
        raise CommerceError("invalid_space_type", _("Choose shell scheme or raw space."))
    if form.space_type != package.space_type:
        raise CommerceError(
            "space_type_mismatch",
            _("The package %(package)s is %(type)s.")
            % {"package": package.name, "type": package.get_space_type_display()},
        )
    try:
        area = Decimal(str(form.area_m2)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise CommerceError("invalid_area", _("Give the size in m², such as 9 or 36.")) from None
    if not area.is_finite() or not Decimal(1) <= area <= Decimal(10000):
        raise CommerceError("invalid_area", _("Give the size in m², from 1 to 10,000."))
    if area < package.area_m2:
        raise CommerceError(
            "area_below_package",
            _("The package includes %(area)s m²: ask for at least that.")
            % {"area": package.area_m2.normalize()},
        )
    pavilion = None
    if form.pavilion_id:
        pavilion = Pavilion.objects.filter(expo=expo, pk=form.pavilion_id).first()
        if pavilion is None:
            raise CommerceError("invalid_pavilion", _("Choose one of the expo's pavilions."))
    codes = [str(code).strip() for code in (form.hs_codes or []) if str(code).strip()]
    if len(codes) > 50:
        raise CommerceError("too_many_codes", _("Give at most 50 HS codes."))
    wrong = [code for code in codes if not is_hs_code(code)]
    if wrong:
        raise CommerceError(
            "invalid_hs_code", _("Not HS codes: %(codes)s.") % {"codes": ", ".join(wrong[:5])}
        )
    extras = {}
    for key, quantity in (form.extras or {}).items():
        try:
            extra_id, quantity = int(key), int(quantity)
        except (TypeError, ValueError):
            raise CommerceError("invalid_extra", _("Give each extra as a whole number.")) from None
        if quantity == 0:
            continue
        if not 0 < quantity <= MAX_EXTRA_QUANTITY:
            raise CommerceError("invalid_extra", _("Order from 1 to 100 of each extra."))
        if not Extra.objects.filter(expo=expo, pk=extra_id, active=True).exists():
            raise CommerceError("invalid_extra", _("Choose extras the expo offers."))
        extras[str(extra_id)] = quantity
    try:
        staff = int(form.staff_count)
    except (TypeError, ValueError):
        raise CommerceError("invalid_staff", _("Give the number of staff as a whole number.")) from None
    if not 1 <= staff <= 200:
        raise CommerceError("invalid_staff", _("Give from 1 to 200 staff."))
    languages = {code for code, _name in settings.LANGUAGES}
    language = form.language if form.language in languages else (get_language() or settings.LANGUAGE_CODE)
    if language not in languages:
        language = settings.LANGUAGE_CODE
    return {
        **text,
        "country": form.country,
        "tax_id": (form.tax_id or "").strip()[:40],
        "package": package,
        "pavilion": pavilion,
        "space_type": form.space_type,
        "area_m2": area,
        "hs_codes": codes,
        "extras": extras,
        "staff_count": staff,
        "contact_phone": (form.contact_phone or "").strip()[:40],
        "language": language,
    }


def submit_application(expo, form: ApplicationForm, *, by) -> Application:
    """A new application, or the applicant's own sent again after the organisers asked
    for changes (or while it still waits)."""
    if not (by and by.is_authenticated):
        raise CommerceForbidden("sign_in", _("Sign in to apply for space."))
    if expo.status not in (ExpoStatus.REGISTRATION_OPEN, ExpoStatus.RUNNING):
        raise CommerceError("applications_closed", _("Applications for space are not open."))
    values = _clean(expo, form)
    with transaction.atomic():
        existing = Application.objects.select_for_update().filter(expo=expo, applicant=by).first()
        if existing is not None and existing.status not in (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.CHANGES_REQUESTED,
        ):
            raise CommerceError(
                "already_decided",
                _("Your application is %(status)s; it can no longer be changed.")
                % {"status": existing.get_status_display()},
            )
        application = existing or Application(expo=expo, applicant=by)
        for name, value in values.items():
            setattr(application, name, value)
        application.status = ApplicationStatus.SUBMITTED
        application.save()
        log_action(
            application,
            "commerce.application_resubmitted" if existing else "commerce.application_submitted",
            actor=by,
            data={"package": application.package_id, "area_m2": str(application.area_m2)},
        )
        send_to_applicant(application, template="received")
    return application


def _make_exhibitor(application: Application) -> Exhibitor:
    expo = application.expo
    participant = Participant.objects.filter(expo=expo, user=application.applicant).first()
    organisation = (
        participant.organisation if participant is not None and participant.organisation_id else None
    )
    if organisation is None:
        organisation = Organisation.objects.create(
            legal_name=application.organisation_name,
            name={application.language: application.organisation_name},
            country=application.country,
            hs_codes=application.hs_codes,
        )
    exhibitor, _created = Exhibitor.objects.get_or_create(
        expo=expo,
        organisation=organisation,
        defaults={
            "pavilion": application.pavilion,
            "requested_area_m2": application.area_m2,
            "contact_name": application.contact_name,
            "contact_email": application.contact_email,
            "contact_phone": application.contact_phone,
        },
    )
    if participant is None:
        participant = Participant.objects.create(
            expo=expo,
            user=application.applicant,
            organisation=organisation,
            name=application.contact_name,
            email=application.contact_email,
            country=application.country,
            language=application.language,
            status=RegistrationStatus.APPROVED,
        )
    else:
        if participant.organisation_id is None:
            participant.organisation = organisation
        participant.status = RegistrationStatus.APPROVED
        participant.save(update_fields=["organisation", "status"])
    ParticipantRole.objects.get_or_create(participant=participant, role=Role.EXHIBITOR)
    return exhibitor


def _make_order(application: Application) -> Order:
    expo = application.expo
    package = take_stock(BoothPackage, application.package_id, 1, label=str(application.package.name))
    settings_ = commerce_settings(expo)
    order = Order.objects.create(
        expo=expo,
        application=application,
        currency=expo.base_currency,
        due_on=timezone.localdate() + dt.timedelta(days=settings_.payment_days),
        staff_badges=package.staff_badges,
    )
    lines = [
        OrderLine(
            order=order,
            package=package,
            description=translations_of(package.name),
            quantity=1,
            unit_price=package.price,
            tax_rate=package.tax_rate,
        )
    ]
    extra_area = application.area_m2 - package.area_m2
    badges = package.staff_badges
    for key, quantity in sorted(application.extras.items(), key=lambda item: int(item[0])):
        extra = take_stock(Extra, int(key), quantity, label="")
        lines.append(
            OrderLine(
                order=order,
                extra=extra,
                description=translations_of(extra.name),
                quantity=quantity,
                unit_price=extra.price,
                tax_rate=extra.tax_rate,
            )
        )
        badges += extra.staff_badges * quantity
    if extra_area > 0 and package.space_type == SpaceType.RAW:
        # Raw space is sold by the m²: the package's price is for its area, more is pro rata.
        per_m2 = (package.price / package.area_m2).quantize(Decimal("0.01"))
        from django.utils import translation

        description = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                description[code] = _("Additional raw space (m²)")
        lines.append(
            OrderLine(
                order=order,
                package=package,
                description=description,
                quantity=int(extra_area),
                unit_price=per_m2,
                tax_rate=package.tax_rate,
            )
        )
    OrderLine.objects.bulk_create(lines)
    order.staff_badges = badges
    order.save(update_fields=["staff_badges"])
    return order


def review_application(application: Application, *, decision: str, by, reason: str = "") -> Application:
    expo = application.expo
    if not by.has_perm("commerce.review_applications", expo):
        raise CommerceForbidden(
            "forbidden", _("Only the organisers' staff and administrators review applications.")
        )
    if decision not in Decision.ALL:
        raise CommerceError("invalid_decision", _("Choose approve, reject, waitlist or ask for changes."))
    reason = (reason or "").strip()
    if decision in (Decision.REJECT, Decision.REQUEST_CHANGES) and not reason:
        raise CommerceError("reason_required", _("Give the applicant a reason."))
    if len(reason) > 2000:
        raise CommerceError("too_long", _("The reason is too long (at most 2,000 characters)."))
    invoice = None
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("expo", "package")
            .get(pk=application.pk)
        )
        if application.status not in OPEN_STATUSES:
            raise CommerceError(
                "already_decided",
                _("This application is already %(status)s.") % {"status": application.get_status_display()},
            )
        if decision == Decision.WAITLIST and application.status == ApplicationStatus.WAITLISTED:
            raise CommerceError("already_waitlisted", _("This application is already on the waiting list."))
        if decision == Decision.APPROVE:
            application.exhibitor = _make_exhibitor(application)
        application.status = STATUS_OF[decision]
        application.reason = reason
        application.reviewed_by = by
        application.reviewed_at = timezone.now()
        application.save()
        if decision == Decision.APPROVE:
            order = _make_order(application)
            invoice = issue_invoice(order, by=by)
        log_action(
            application, f"commerce.application_{STATUS_OF[decision]}", actor=by, data={"reason": reason}
        )
        attachments = ()
        if invoice is not None:
            attachments = [(f"{invoice.number}.pdf", render_invoice_pdf(invoice), "application/pdf")]
        send_to_applicant(
            application, template=STATUS_OF[decision], context={"invoice": invoice}, attachments=attachments
        )
    return application


def review_queue(expo, *, by, status: str = ""):
    if not by.has_perm("commerce.read_applications", expo):
        raise CommerceForbidden("forbidden", _("Only the expo's organisers see the applications."))
    queue = Application.objects.filter(expo=expo).select_related("package", "pavilion", "order")
    if status:
        if status not in ApplicationStatus.values:
            raise CommerceError("invalid_status", _("Unknown status."))
        queue = queue.filter(status=status)
    return queue.order_by("submitted_at", "id")
