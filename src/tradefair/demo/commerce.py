"""Exhibitor sales for the demo edition: the organiser's invoicing settings, booth
packages and extras, an approved application with its order and invoice for every
exhibitor (most paid by bank transfer, a few corrected by a credit note and invoiced
again), and applications waiting in every other state of the review queue.

The exhibitors' rows are written in bulk, with the rules of
``commerce.domain.applications.review_application`` (numbers from the expo's counter,
one after the other, lines and totals by ``commerce.domain.money``), since they are
dated weeks before a past expo and 1,337 approvals one by one would send 1,337 e-mails."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tradefair.catalog.models import Exhibitor
from tradefair.commerce.domain.invoices import payment_reference, translations_of
from tradefair.commerce.domain.money import line_amounts, totals
from tradefair.commerce.models import (
    Application,
    ApplicationStatus,
    BoothPackage,
    CommerceSettings,
    Extra,
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    SpaceType,
    UnpaidAction,
)
from tradefair.common.audit import log_action
from tradefair.people.models import Participant, Role

BATCH = 500
PAID_SHARE = 0.85
WAITING = {
    ApplicationStatus.SUBMITTED: 6,
    ApplicationStatus.WAITLISTED: 4,
    ApplicationStatus.CHANGES_REQUESTED: 3,
    ApplicationStatus.REJECTED: 3,
}
REASONS = {
    ApplicationStatus.WAITLISTED: "The pavilion is full; we will write as soon as space frees up.",
    ApplicationStatus.CHANGES_REQUESTED: "Please give the HS codes of the products you will show.",
    ApplicationStatus.REJECTED: "The products shown are outside the themes of the expo.",
}


def _i18n(**texts) -> dict:
    return {code.replace("_", "-"): text for code, text in texts.items()}


def _packages(expo) -> tuple[list[BoothPackage], list[Extra]]:
    packages = [
        BoothPackage.objects.create(
            expo=expo,
            name=_i18n(
                zh_hans="标准展位（9平方米）",
                en="Standard shell scheme booth (9 m²)",
                ru="Стандартный стенд (9 м²)",
                ja="標準ブース（9㎡）",
                ko="표준 부스 (9㎡)",
                mn="Стандарт лангуу (9 м²)",
            ),
            furniture=_i18n(
                zh_hans="一桌两椅、三盏射灯、楣板、地毯、一个插座",
                en="One table, two chairs, three spotlights, fascia board, carpet, one socket",
            ),
            space_type=SpaceType.SHELL,
            area_m2=Decimal("9"),
            price=Decimal("12800.00"),
            staff_badges=3,
            position=1,
        ),
        BoothPackage.objects.create(
            expo=expo,
            name=_i18n(
                zh_hans="光地（36平方米起）",
                en="Raw space (from 36 m²)",
                ru="Площадь без застройки (от 36 м²)",
                ja="スペース渡し（36㎡から）",
                ko="독립 부스 공간 (36㎡부터)",
                mn="Хоосон талбай (36 м²-ээс)",
            ),
            space_type=SpaceType.RAW,
            area_m2=Decimal("36"),
            price=Decimal("43200.00"),
            staff_badges=6,
            position=2,
        ),
        BoothPackage.objects.create(
            expo=expo,
            name=_i18n(
                zh_hans="特装角位展位（18平方米）",
                en="Corner booth (18 m²)",
                ru="Угловой стенд (18 м²)",
                ja="角ブース（18㎡）",
                ko="코너 부스 (18㎡)",
                mn="Булангийн лангуу (18 м²)",
            ),
            space_type=SpaceType.SHELL,
            area_m2=Decimal("18"),
            price=Decimal("28800.00"),
            staff_badges=4,
            stock=60,
            position=3,
        ),
    ]
    extras = [
        Extra.objects.create(
            expo=expo,
            name=_i18n(zh_hans="额外工作证", en="Extra staff badge", ru="Дополнительный бейдж"),
            price=Decimal("300.00"),
            staff_badges=1,
            position=1,
        ),
        Extra.objects.create(
            expo=expo,
            name=_i18n(zh_hans="展示柜", en="Glass showcase", ru="Витрина"),
            price=Decimal("650.00"),
            stock=120,
            position=2,
        ),
        Extra.objects.create(
            expo=expo,
            name=_i18n(zh_hans="电源（3千瓦）", en="Power socket (3 kW)", ru="Электропитание (3 кВт)"),
            price=Decimal("480.00"),
            tax_rate=Decimal("13.00"),
            position=3,
        ),
        Extra.objects.create(
            expo=expo,
            name=_i18n(zh_hans="有线网络", en="Wired internet", ru="Проводной интернет"),
            price=Decimal("800.00"),
            position=4,
        ),
    ]
    return packages, extras


def record_demo_sales(expo, *, seed: int = 12) -> int:
    """Returns the number of invoices written."""
    rng = random.Random(seed * 17 + 3)
    with transaction.atomic():
        CommerceSettings.objects.create(
            expo=expo,
            seller_name=_i18n(
                zh_hans="中国—东北亚博览会组委会办公室",
                en="Office of the China-Northeast Asia Expo Organising Committee",
            ),
            seller_address=_i18n(
                zh_hans="吉林省长春市南关区人民大街 9999 号",
                en="9999 Renmin Street, Nanguan District, Changchun, Jilin",
            ),
            tax_id="12220000MB0X00001X",
            bank_name="中国银行长春分行 Bank of China, Changchun Branch",
            bank_account="1588 0000 1234 5678 901",
            bank_swift="BKCHCNBJ840",
            invoice_prefix=f"{expo.slug.upper()[:8]}-",
            unpaid_action=UnpaidAction.RELEASE,
        )
        packages, extras = _packages(expo)
        shell, raw, corner = packages
        count = _approved_exhibitors(expo, rng, packages, extras)
        _waiting_applications(expo, rng, shell, raw)
    return count


def _applicants(expo) -> dict[int, Participant]:
    """The first exhibitor-role participant of each exhibiting organisation."""
    found = {}
    people = (
        Participant.objects.filter(expo=expo, roles__role=Role.EXHIBITOR, user__isnull=False)
        .order_by("pk")
        .only("pk", "organisation_id", "user_id", "name", "email", "language", "country")
    )
    for person in people:
        found.setdefault(person.organisation_id, person)
    return found


def _approved_exhibitors(expo, rng, packages, extras) -> int:
    shell, raw, corner = packages
    applicants = _applicants(expo)
    exhibitors = list(Exhibitor.objects.filter(expo=expo).select_related("organisation").order_by("pk"))
    reviewed_at = dt.datetime.combine(expo.starts - dt.timedelta(days=60), dt.time(10), tzinfo=expo.tz)
    applications = []
    corners_left = corner.stock
    # Scarce extras are sold until their stock is gone, as the order form would refuse more.
    extras_left = {extra.pk: extra.stock for extra in extras}
    for exhibitor in exhibitors:
        person = applicants.get(exhibitor.organisation_id)
        if person is None:
            continue
        area = exhibitor.requested_area_m2 or Decimal(9)
        if area >= raw.area_m2:
            package = raw
        elif area >= corner.area_m2 and corners_left > 0:
            package, corners_left = corner, corners_left - 1
        else:
            package = shell
        wanted = {}
        for extra in extras:
            if rng.random() < 0.3:
                count = rng.randint(1, 3)
                left = extras_left[extra.pk]
                if left is not None and left < count:
                    continue
                wanted[str(extra.pk)] = count
                if left is not None:
                    extras_left[extra.pk] = left - count
        applications.append(
            Application(
                expo=expo,
                applicant_id=person.user_id,
                organisation_name=exhibitor.organisation.legal_name,
                country=exhibitor.organisation.country,
                address=f"{exhibitor.organisation.legal_name}\n{exhibitor.organisation.country.name}",
                pavilion_id=exhibitor.pavilion_id,
                package=package,
                space_type=package.space_type,
                area_m2=max(area, package.area_m2),
                extras=wanted,
                products="; ".join(exhibitor.products.values_list("hs_code", flat=True)[:3]) or "—",
                hs_codes=[code for code in exhibitor.organisation.hs_codes[:5]],
                staff_count=rng.randint(2, 6),
                contact_name=person.name,
                contact_email=person.email,
                language=person.language or "en",
                status=ApplicationStatus.APPROVED,
                reviewed_at=reviewed_at,
                exhibitor=exhibitor,
            )
        )
    Application.objects.bulk_create(applications, batch_size=BATCH)
    by_id = {extra.pk: extra for extra in extras}
    orders, lines_of = [], []
    for application in applications:
        package = application.package
        lines = [(package, None, translations_of(package.name), 1, package.price, package.tax_rate)]
        badges = package.staff_badges
        for key, quantity in application.extras.items():
            extra = by_id[int(key)]
            lines.append((None, extra, translations_of(extra.name), quantity, extra.price, extra.tax_rate))
            badges += extra.staff_badges * quantity
        more = int(application.area_m2 - package.area_m2)
        if more > 0 and package.space_type == SpaceType.RAW:
            per_m2 = (package.price / package.area_m2).quantize(Decimal("0.01"))
            lines.append(
                (
                    package,
                    None,
                    {"en": "Additional raw space (m²)", "zh-hans": "增加光地面积（平方米）"},
                    more,
                    per_m2,
                    package.tax_rate,
                )
            )
        orders.append(
            Order(
                expo=expo,
                application=application,
                currency=expo.base_currency,
                staff_badges=badges,
                due_on=(reviewed_at + dt.timedelta(days=30)).date(),
                status=OrderStatus.OPEN,
            )
        )
        lines_of.append(lines)
    Order.objects.bulk_create(orders, batch_size=BATCH)
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                package=package,
                extra=extra,
                description=text,
                quantity=quantity,
                unit_price=price,
                tax_rate=rate,
            )
            for order, lines in zip(orders, lines_of, strict=True)
            for package, extra, text, quantity, price, rate in lines
        ],
        batch_size=BATCH,
    )
    BoothPackage.objects.filter(pk=shell.pk).update(
        sold=sum(1 for a in applications if a.package_id == shell.pk)
    )
    BoothPackage.objects.filter(pk=raw.pk).update(sold=sum(1 for a in applications if a.package_id == raw.pk))
    BoothPackage.objects.filter(pk=corner.pk).update(
        sold=sum(1 for a in applications if a.package_id == corner.pk)
    )
    for extra in extras:
        Extra.objects.filter(pk=extra.pk).update(
            sold=sum(int(a.extras.get(str(extra.pk), 0)) for a in applications)
        )
    seller = _seller_of(expo)
    invoices, payments, paid_orders = [], [], []
    sequence = 0
    corrected = set(rng.sample(range(len(orders)), min(5, len(orders))))
    for index, (order, lines) in enumerate(zip(orders, lines_of, strict=True)):
        application = order.application
        frozen = [_frozen(text, quantity, price, rate) for _p, _e, text, quantity, price, rate in lines]
        sums = totals([(quantity, price, rate) for _p, _e, _t, quantity, price, rate in lines])
        buyer = {
            "name": application.organisation_name,
            "address": application.address,
            "country": application.country.code,
            "tax_id": "",
            "contact": application.contact_name,
        }
        issued = reviewed_at + dt.timedelta(minutes=index)
        sequence += 1
        first = _invoice(expo, order, sequence, issued, application.language, seller, buyer, frozen, sums)
        invoices.append(first)
        if index in corrected:
            sequence += 1
            invoices.append(
                _invoice(
                    expo,
                    order,
                    sequence,
                    issued + dt.timedelta(days=2),
                    application.language,
                    seller,
                    buyer,
                    [_negated(line) for line in frozen],
                    sums,
                    sign=-1,
                    corrects=first,
                    reason="The buyer's legal name was misspelt.",
                )
            )
            sequence += 1
            invoices.append(
                _invoice(
                    expo,
                    order,
                    sequence,
                    issued + dt.timedelta(days=2, minutes=1),
                    application.language,
                    seller,
                    buyer,
                    frozen,
                    sums,
                )
            )
        if rng.random() < PAID_SHARE:
            payments.append(
                Payment(
                    order=order,
                    provider="bank_transfer",
                    amount=sums.gross,
                    currency=order.currency,
                    received_on=(issued + dt.timedelta(days=rng.randint(3, 25))).date(),
                    reference=f"BOC{rng.randint(10**9, 10**10 - 1)}",
                )
            )
            paid_orders.append(order.pk)
    # Credit notes point at the invoice they cancel: write invoices first, then the notes.
    plain = [invoice for invoice in invoices if invoice.kind == InvoiceKind.INVOICE]
    Invoice.objects.bulk_create(plain, batch_size=BATCH)
    for invoice in invoices:
        if invoice.kind == InvoiceKind.CREDIT_NOTE:
            invoice.corrects_id = invoice.corrects.pk
    Invoice.objects.bulk_create(
        [invoice for invoice in invoices if invoice.kind == InvoiceKind.CREDIT_NOTE], batch_size=BATCH
    )
    InvoiceCounter.objects.update_or_create(expo=expo, defaults={"last": sequence})
    Payment.objects.bulk_create(payments, batch_size=BATCH)
    Order.objects.filter(pk__in=paid_orders).update(status=OrderStatus.PAID)
    log_action(
        expo,
        "commerce.demo_sales_recorded",
        data={"applications": len(applications), "invoices": len(invoices), "payments": len(payments)},
    )
    return len(invoices)


def _seller_of(expo) -> dict:
    settings = CommerceSettings.objects.get(expo=expo)
    return {
        "name": translations_of(settings.seller_name),
        "address": translations_of(settings.seller_address),
        "tax_id": settings.tax_id,
        "bank_name": settings.bank_name,
        "bank_account": settings.bank_account,
        "bank_swift": settings.bank_swift,
    }


def _frozen(text, quantity, price, rate) -> dict:
    amounts = line_amounts(quantity=quantity, unit_price=price, tax_rate=rate)
    return {
        "description": text,
        "quantity": quantity,
        "unit_price": str(price),
        "tax_rate": str(rate),
        "net": str(amounts.net),
        "tax": str(amounts.tax),
        "gross": str(amounts.gross),
    }


def _negated(line: dict) -> dict:
    return {
        **line,
        "quantity": -int(line["quantity"]),
        **{key: str(-Decimal(line[key])) for key in ("net", "tax", "gross")},
    }


def _invoice(
    expo, order, sequence, issued, language, seller, buyer, lines, sums, *, sign=1, corrects=None, reason=""
) -> Invoice:
    prefix = CommerceSettings.objects.filter(expo=expo).values_list("invoice_prefix", flat=True).first() or ""
    return Invoice(
        expo=expo,
        order=order,
        kind=InvoiceKind.CREDIT_NOTE if corrects is not None else InvoiceKind.INVOICE,
        corrects=corrects,
        sequence=sequence,
        number=f"{prefix}{sequence:05d}",
        issued_at=issued,
        language=language,
        currency=order.currency,
        seller=seller,
        buyer=buyer,
        lines=lines,
        net_total=sign * sums.net,
        tax_total=sign * sums.tax,
        gross_total=sign * sums.gross,
        payment_reference=payment_reference(expo, sequence),
        reason=reason,
    )


def _waiting_applications(expo, rng, shell, raw) -> None:
    """Applications from organisations not exhibiting (yet), in every state but approved."""
    user_model = get_user_model()
    rows = []
    number = 0
    for status, count in WAITING.items():
        for _index in range(count):
            number += 1
            handle = f"{expo.slug}-applicant-{number:03d}"
            user = user_model.objects.create(
                username=handle, email=f"{handle}@demo.tradefair.invalid", password="!"
            )
            package = shell if number % 3 else raw
            rows.append(
                Application(
                    expo=expo,
                    applicant=user,
                    organisation_name=f"Applicant Trading Co. No. {number}",
                    country=rng.choice(["RU", "MN", "JP", "KR", "DE", "CN"]),
                    address=f"{number} Harbour Road",
                    pavilion=expo.pavilions.order_by("?").first(),
                    package=package,
                    space_type=package.space_type,
                    area_m2=package.area_m2,
                    products="Machine tools and spare parts",
                    hs_codes=["845710"],
                    staff_count=2,
                    contact_name=f"Applicant {number}",
                    contact_email=user.email,
                    language=rng.choice(["en", "ru", "ja", "ko", "mn", "zh-hans"]),
                    status=status,
                    reason=REASONS.get(status, ""),
                    reviewed_at=None if status == ApplicationStatus.SUBMITTED else timezone.now(),
                )
            )
    Application.objects.bulk_create(rows)
