"""Invoices and credit notes: numbered without gaps per expo, frozen when issued.

The number comes from the expo's ``InvoiceCounter`` row, locked with SELECT ... FOR
UPDATE in the very transaction that writes the invoice: concurrent orders queue on that
row, and an invoice whose transaction rolls back gives its number back. A database
sequence would skip numbers on every rollback, which tax law does not allow. A wrong
invoice is never edited: a credit note (its own number, the same lines negated) cancels
it, and a new invoice is issued if needed."""

import io
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.domain.money import line_amounts, totals
from tradefair.commerce.domain.settings import commerce_settings
from tradefair.commerce.models import Invoice, InvoiceCounter, InvoiceKind, Order
from tradefair.common.audit import log_action

PDF_SECOND_LANGUAGE = "zh-hans"


def next_number(expo) -> int:
    """Inside the caller's transaction: the next invoice number of the expo, with its
    counter row locked until the transaction ends."""
    InvoiceCounter.objects.get_or_create(expo=expo)
    counter = InvoiceCounter.objects.select_for_update().get(expo=expo)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def payment_reference(expo, sequence: int) -> str:
    """What the exhibitor writes on the bank transfer: the expo, the number and a check
    digit (ISO 7064 mod 97, as in IBANs), so a mistyped reference is noticed."""
    digits = f"{expo.pk:04d}{sequence:07d}"
    check = 98 - (int(digits) * 100) % 97
    return f"TF{digits}{check:02d}"


def translations_of(value) -> dict:
    """A translated field's texts as a plain {language: text} dict, to freeze in JSON."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return {code: text for code, text in data.items() if text}
    return {"en": str(data)} if data else {}


def _seller(expo) -> dict:
    settings = commerce_settings(expo)
    return {
        "name": translations_of(settings.seller_name),
        "address": translations_of(settings.seller_address),
        "tax_id": settings.tax_id,
        "bank_name": settings.bank_name,
        "bank_account": settings.bank_account,
        "bank_swift": settings.bank_swift,
    }


def _buyer(application) -> dict:
    return {
        "name": application.organisation_name,
        "address": application.address,
        "country": application.country.code,
        "tax_id": application.tax_id,
        "contact": application.contact_name,
    }


def _frozen_lines(order: Order, *, sign: int = 1) -> list[dict]:
    lines = []
    for line in order.lines.all():
        amounts = line_amounts(quantity=line.quantity, unit_price=line.unit_price, tax_rate=line.tax_rate)
        lines.append(
            {
                "description": line.description,
                "quantity": sign * line.quantity,
                "unit_price": str(line.unit_price),
                "tax_rate": str(line.tax_rate),
                "net": str(sign * amounts.net),
                "tax": str(sign * amounts.tax),
                "gross": str(sign * amounts.gross),
            }
        )
    return lines


def issue_invoice(order: Order, *, by=None) -> Invoice:
    """Inside the caller's transaction (an approval) or its own: the order's invoice."""
    with transaction.atomic():
        order = Order.objects.select_related("expo", "application").get(pk=order.pk)
        expo = order.expo
        sum_ = totals([(line.quantity, line.unit_price, line.tax_rate) for line in order.lines.all()])
        sequence = next_number(expo)
        settings = commerce_settings(expo)
        invoice = Invoice.objects.create(
            expo=expo,
            order=order,
            kind=InvoiceKind.INVOICE,
            sequence=sequence,
            number=f"{settings.invoice_prefix}{sequence:05d}",
            issued_at=timezone.now(),
            language=order.application.language,
            currency=order.currency,
            seller=_seller(expo),
            buyer=_buyer(order.application),
            lines=_frozen_lines(order),
            net_total=sum_.net,
            tax_total=sum_.tax,
            gross_total=sum_.gross,
            payment_reference=payment_reference(expo, sequence),
            issued_by=by if getattr(by, "is_authenticated", False) else None,
        )
        log_action(
            invoice,
            "commerce.invoice_issued",
            actor=by,
            expo=expo,
            data={"number": invoice.number, "gross": str(invoice.gross_total)},
        )
    return invoice


def issue_credit_note(invoice: Invoice, *, by, reason: str) -> Invoice:
    """Cancel an invoice by a credit note of the same lines, negated. The invoice stays
    as it was; the order goes back to awaiting a new invoice if the organiser issues one."""
    if not by.has_perm("commerce.handle_payments", invoice.expo):
        raise CommerceForbidden("forbidden", _("Only finance staff and administrators issue credit notes."))
    reason = (reason or "").strip()
    if not reason:
        raise CommerceError("reason_required", _("Say why the invoice is corrected."))
    if len(reason) > 2000:
        raise CommerceError("too_long", _("The reason is too long (at most 2,000 characters)."))
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(of=("self",)).select_related("expo", "order").get(pk=invoice.pk)
        )
        if invoice.kind != InvoiceKind.INVOICE:
            raise CommerceError("not_an_invoice", _("A credit note cannot itself be credited."))
        if Invoice.objects.filter(corrects=invoice).exists():
            raise CommerceError(
                "already_credited",
                _("Invoice %(number)s already has a credit note.") % {"number": invoice.number},
            )
        expo = invoice.expo
        sequence = next_number(expo)
        settings = commerce_settings(expo)
        negate = [
            {
                **line,
                **{key: str(-Decimal(line[key])) for key in ("net", "tax", "gross")},
                "quantity": -int(line["quantity"]),
            }
            for line in invoice.lines
        ]
        note = Invoice.objects.create(
            expo=expo,
            order=invoice.order,
            kind=InvoiceKind.CREDIT_NOTE,
            corrects=invoice,
            sequence=sequence,
            number=f"{settings.invoice_prefix}{sequence:05d}",
            issued_at=timezone.now(),
            language=invoice.language,
            currency=invoice.currency,
            seller=invoice.seller,
            buyer=invoice.buyer,
            lines=negate,
            net_total=-invoice.net_total,
            tax_total=-invoice.tax_total,
            gross_total=-invoice.gross_total,
            payment_reference=invoice.payment_reference,
            reason=reason,
            issued_by=by if getattr(by, "is_authenticated", False) else None,
        )
        log_action(
            note,
            "commerce.credit_note_issued",
            actor=by,
            expo=expo,
            data={"number": note.number, "corrects": invoice.number, "reason": reason},
        )
    return note


def reissue_invoice(order: Order, *, by) -> Invoice:
    """A new invoice for an order whose last invoice was credited."""
    if not by.has_perm("commerce.handle_payments", order.expo):
        raise CommerceForbidden("forbidden", _("Only finance staff and administrators issue invoices."))
    current = current_invoice(order)
    if current is not None:
        raise CommerceError(
            "invoice_open", _("The order already has invoice %(number)s.") % {"number": current.number}
        )
    return issue_invoice(order, by=by)


def current_invoice(order: Order) -> Invoice | None:
    """The order's invoice that no credit note cancelled, if any."""
    return (
        Invoice.objects.filter(order=order, kind=InvoiceKind.INVOICE, credit_note__isnull=True)
        .order_by("-sequence")
        .first()
    )


def invoices_visible_to(expo, user):
    """Every invoice for those who read the accounts; the applicant's own otherwise."""
    invoices = Invoice.objects.filter(expo=expo).select_related("order__application", "corrects")
    if user.has_perm("commerce.read_accounts", expo):
        return invoices
    if not user.is_authenticated:
        return invoices.none()
    return invoices.filter(order__application__applicant=user)


# ---------------------------------------------------------------------------
# The PDF


def _pick(data: dict, language: str, fallbacks: list[str]) -> str:
    """The text in ``language``, else in the first of ``fallbacks`` that has one."""
    data = data or {}
    for code in [language, *fallbacks]:
        if data.get(code):
            return data[code]
    return next((text for text in data.values() if text), "")


def _labels(language: str) -> dict:
    from django.utils import translation

    with translation.override(language):
        return {
            "invoice": _("Invoice"),
            "credit_note": _("Credit note"),
            "number": _("Number"),
            "date": _("Date"),
            "seller": _("Seller"),
            "buyer": _("Buyer"),
            "tax_id": _("Taxpayer identification number"),
            "description": _("Description"),
            "quantity": _("Qty"),
            "unit_price": _("Unit price"),
            "rate": _("Tax"),
            "net": _("Net"),
            "tax": _("Tax amount"),
            "gross": _("Total"),
            "totals": _("Totals"),
            "pay_to": _("Pay by bank transfer to"),
            "reference": _("Payment reference (write it on the transfer)"),
            "corrects": _("Corrects invoice"),
            "reason": _("Reason"),
        }


def _both(labels: list[dict], key: str) -> str:
    texts = []
    for table in labels:
        if table[key] not in texts:
            texts.append(table[key])
    return " / ".join(texts)


def render_invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice in the exhibitor's language and in Chinese (the organiser's), labels
    side by side, with the fonts of common/pdf_fonts.py so any script prints."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from tradefair.common.pdf_fonts import draw_text, register_fonts

    register_fonts()
    languages = [invoice.language] + (
        [PDF_SECOND_LANGUAGE] if invoice.language != PDF_SECOND_LANGUAGE else []
    )
    labels = [_labels(language) for language in languages]
    both = lambda key: _both(labels, key)  # noqa: E731
    expo_languages = list(invoice.expo.languages)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    width, height = A4
    margin = 18 * mm
    inner = width - 2 * margin
    y = height - margin
    title = both("credit_note" if invoice.kind == InvoiceKind.CREDIT_NOTE else "invoice")
    canvas.setTitle(f"{title} {invoice.number}")

    def line(text, *, size=10, x=margin, w=inner, language=invoice.language, align="left"):
        draw_text(canvas, x, y, str(text), size=size, width=w, language=language, align=align)

    line(title, size=16)
    y -= 9 * mm
    line(
        f"{both('number')}: {invoice.number}    {both('date')}: {invoice.issued_at.astimezone(invoice.expo.tz).date().isoformat()}"
    )
    y -= 6 * mm
    if invoice.corrects_id:
        line(f"{both('corrects')}: {invoice.corrects.number}    {both('reason')}: {invoice.reason[:120]}")
        y -= 6 * mm
    y -= 3 * mm
    seller = invoice.seller
    column = inner / 2
    top = y
    line(both("seller"), size=9, w=column - 4 * mm)
    y -= 5 * mm
    for language in languages:
        name = _pick(seller.get("name", {}), language, expo_languages)
        if name and (
            language == languages[0] or name != _pick(seller.get("name", {}), languages[0], expo_languages)
        ):
            line(name, w=column - 4 * mm, language=language)
            y -= 5 * mm
    address = _pick(seller.get("address", {}), invoice.language, expo_languages)
    for part in address.splitlines()[:4]:
        line(part, size=9, w=column - 4 * mm)
        y -= 4.5 * mm
    if seller.get("tax_id"):
        line(f"{both('tax_id')}: {seller['tax_id']}", size=8, w=column - 4 * mm)
        y -= 5 * mm
    bottom = y
    y = top
    buyer = invoice.buyer
    x = margin + column
    line(both("buyer"), size=9, x=x, w=column)
    y -= 5 * mm
    line(buyer["name"], x=x, w=column)
    y -= 5 * mm
    for part in buyer.get("address", "").splitlines()[:4]:
        line(part, size=9, x=x, w=column)
        y -= 4.5 * mm
    if buyer.get("tax_id"):
        line(f"{both('tax_id')}: {buyer['tax_id']}", size=8, x=x, w=column)
        y -= 5 * mm
    y = min(y, bottom) - 6 * mm
    columns = [
        ("description", 0, 0.42, "left"),
        ("quantity", 0.42, 0.08, "right"),
        ("unit_price", 0.50, 0.14, "right"),
        ("rate", 0.64, 0.08, "right"),
        ("net", 0.72, 0.14, "right"),
        ("gross", 0.86, 0.14, "right"),
    ]
    for key, start, share, align in columns:
        line(both(key), size=7, x=margin + start * inner, w=share * inner - 2 * mm, align=align)
    y -= 2 * mm
    canvas.line(margin, y, width - margin, y)
    y -= 5 * mm
    for item in invoice.lines:
        description = " / ".join(
            dict.fromkeys(
                text
                for text in (_pick(item["description"], language, expo_languages) for language in languages)
                if text
            )
        )
        values = {
            "description": description,
            "quantity": str(item["quantity"]),
            "unit_price": item["unit_price"],
            "rate": f"{Decimal(item['tax_rate']).normalize():f}%",
            "net": item["net"],
            "gross": item["gross"],
        }
        for key, start, share, align in columns:
            line(values[key], size=8, x=margin + start * inner, w=share * inner - 2 * mm, align=align)
        y -= 5 * mm
        if y < 60 * mm:
            canvas.showPage()
            y = height - margin
    canvas.line(margin, y + 2 * mm, width - margin, y + 2 * mm)
    y -= 3 * mm
    for key, amount in (
        ("net", invoice.net_total),
        ("tax", invoice.tax_total),
        ("gross", invoice.gross_total),
    ):
        line(
            f"{both(key)}: {invoice.currency} {amount:,.2f}", size=10 if key != "gross" else 12, align="right"
        )
        y -= 6 * mm
    if invoice.kind == InvoiceKind.INVOICE:
        y -= 4 * mm
        line(both("pay_to"), size=9)
        y -= 5 * mm
        bank = " · ".join(
            part
            for part in (seller.get("bank_name"), seller.get("bank_account"), seller.get("bank_swift"))
            if part
        )
        line(bank or "—", size=9)
        y -= 5 * mm
        line(f"{both('reference')}: {invoice.payment_reference}", size=10)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
