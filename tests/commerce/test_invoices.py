import datetime as dt
from decimal import Decimal

import pytest

from tests.commerce.factories import approved, commerce_world
from tests.factories import BoothFactory, HallFactory
from tradefair.catalog.domain.booths import assign_booth
from tradefair.commerce.domain.deadlines import process_deadlines
from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.domain.figures import sales_figures
from tradefair.commerce.domain.invoices import (
    current_invoice,
    issue_credit_note,
    reissue_invoice,
    render_invoice_pdf,
)
from tradefair.commerce.domain.payments import provider
from tradefair.commerce.models import BoothPackage, CommerceSettings, Invoice, InvoiceKind, OrderStatus
from tradefair.expos.models import BoothStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return commerce_world()


def test_invoices_and_credit_notes_share_one_numbering_without_gaps(world):
    first = approved(world)
    second = approved(world)
    invoice = current_invoice(first.order)
    note = issue_credit_note(invoice, by=world["finance"], reason="Wrong address")
    again = reissue_invoice(first.order, by=world["finance"])
    numbers = list(
        Invoice.objects.filter(expo=world["expo"]).order_by("sequence").values_list("sequence", flat=True)
    )
    assert numbers == [1, 2, 3, 4]
    assert (note.kind, note.corrects, note.gross_total) == (
        InvoiceKind.CREDIT_NOTE,
        invoice,
        -invoice.gross_total,
    )
    # The credited invoice is unchanged; the new one is the one to pay.
    invoice.refresh_from_db()
    assert invoice.gross_total == Decimal("13568.00")
    assert current_invoice(first.order) == again
    assert current_invoice(second.order).sequence == 2


def test_an_invoice_is_credited_once_and_only_by_finance_staff_or_admins(world):
    application = approved(world)
    invoice = current_invoice(application.order)
    with pytest.raises(CommerceForbidden):
        issue_credit_note(invoice, by=application.applicant, reason="mine")
    issue_credit_note(invoice, by=world["organiser"], reason="Wrong name")
    with pytest.raises(CommerceError) as refused:
        issue_credit_note(invoice, by=world["finance"], reason="again")
    assert refused.value.code == "already_credited"


def test_the_pdf_is_in_the_exhibitors_language_and_chinese(world):
    invoice = current_invoice(approved(world).order)
    pdf = render_invoice_pdf(invoice)
    assert pdf.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "CNEA-00001" in text
    assert "Счёт" in text or "Счет" in text
    assert invoice.payment_reference in text


def test_a_payment_covering_the_invoice_pays_the_order_and_more_is_refused(world):
    order = approved(world).order
    pay = provider()
    pay.record(order, amount="10000.00", received_on=dt.date.today(), reference="A", by=world["finance"])
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN
    with pytest.raises(CommerceError) as refused:
        pay.record(order, amount="5000.00", received_on=dt.date.today(), reference="B", by=world["finance"])
    assert refused.value.code == "overpaid"
    pay.record(order, amount="3568.00", received_on=dt.date.today(), reference="B", by=world["finance"])
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    figures = sales_figures(world["expo"])
    assert (figures.invoiced, figures.paid, figures.orders_paid) == (
        Decimal("13568.00"),
        Decimal("13568.00"),
        1,
    )


def test_unpaid_past_the_deadline_reminders_then_the_booth_goes_back(world):
    settings = CommerceSettings.objects.get(expo=world["expo"])
    settings.unpaid_action, settings.reminders, settings.reminder_days = "release", 1, 1
    settings.save()
    application = approved(world)
    order = application.order
    booth = BoothFactory(hall=HallFactory(expo=world["expo"]), pavilion=world["pavilion"], area_m2=9)
    assign_booth(booth, application.exhibitor, by=world["organiser"])
    from django.utils import timezone

    later = timezone.now() + dt.timedelta(days=31)
    assert process_deadlines(now=later).reminded == 1
    assert process_deadlines(now=later).reminded == 0  # not twice within the spacing
    report = process_deadlines(now=later + dt.timedelta(days=2))
    assert report.released == 1
    order.refresh_from_db()
    booth.refresh_from_db()
    assert order.status == OrderStatus.RELEASED
    assert booth.status == BoothStatus.AVAILABLE
    assert BoothPackage.objects.get(pk=world["package"].pk).sold == 0
    assert Invoice.objects.filter(order=order, kind=InvoiceKind.CREDIT_NOTE).count() == 1
