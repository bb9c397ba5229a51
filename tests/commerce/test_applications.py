import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from tests.commerce.factories import approved, commerce_world, make_package, submitted
from tests.factories import UserFactory
from tradefair.catalog.models import Exhibitor
from tradefair.commerce.domain.applications import review_application
from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.domain.payments import provider
from tradefair.commerce.domain.team import invite_colleague
from tradefair.commerce.models import ApplicationStatus, BoothPackage, Invoice, OrderStatus
from tradefair.common.models import AuditEntry
from tradefair.people.models import Participant, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return commerce_world()


def test_an_approved_application_becomes_an_exhibitor_an_order_and_an_invoice(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = approved(world, extras={str(world["extra"].pk): 2})
    assert application.status == ApplicationStatus.APPROVED
    exhibitor = Exhibitor.objects.get(pk=application.exhibitor_id)
    assert exhibitor.pavilion == world["pavilion"]
    assert exhibitor.requested_area_m2 == Decimal("9.00")
    participant = Participant.objects.get(expo=world["expo"], user=application.applicant)
    assert participant.organisation_id == exhibitor.organisation_id
    assert list(participant.roles.values_list("role", flat=True)) == [Role.EXHIBITOR]
    order = application.order
    assert order.status == OrderStatus.OPEN
    assert order.staff_badges == 3 + 2  # the package's three, one per extra badge
    invoice = Invoice.objects.get(order=order)
    # 12800.00 + 2 × 300.00 = 13400.00 net, 6 % tax 804.00.
    assert (invoice.number, invoice.net_total, invoice.tax_total, invoice.gross_total) == (
        "CNEA-00001",
        Decimal("13400.00"),
        Decimal("804.00"),
        Decimal("14204.00"),
    )
    assert BoothPackage.objects.get(pk=world["package"].pk).sold == 1
    # The applicant hears in Russian, the language they applied in, with the invoice attached.
    approval = mail.outbox[-1]
    assert approval.subject.startswith("Ваша заявка")
    assert approval.attachments[0][0] == "CNEA-00001.pdf"
    actions = set(AuditEntry.objects.filter(expo=world["expo"]).values_list("action", flat=True))
    assert {
        "commerce.application_submitted",
        "commerce.application_approved",
        "commerce.invoice_issued",
    } <= actions


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_a_refusal_or_a_request_for_changes_needs_a_reason(world, decision):
    application = submitted(world)
    with pytest.raises(CommerceError) as refused:
        review_application(application, decision=decision, by=world["organiser"])
    assert refused.value.code == "reason_required"


def test_asked_for_changes_the_applicant_sends_the_same_application_again(world):
    user = UserFactory()
    application = submitted(world, user)
    review_application(
        application, decision="request_changes", reason="Give the HS codes", by=world["organiser"]
    )
    again = submitted(world, user, hs_codes=["860711", "842951"])
    assert (again.pk, again.status, again.hs_codes) == (
        application.pk,
        ApplicationStatus.SUBMITTED,
        ["860711", "842951"],
    )


def test_a_waitlisted_application_can_still_be_approved_but_a_rejected_one_not(world):
    waiting = submitted(world)
    review_application(waiting, decision="waitlist", by=world["organiser"])
    assert (
        review_application(waiting, decision="approve", by=world["organiser"]).status
        == ApplicationStatus.APPROVED
    )
    rejected = submitted(world)
    review_application(rejected, decision="reject", reason="Out of scope", by=world["organiser"])
    with pytest.raises(CommerceError) as refused:
        review_application(rejected, decision="approve", by=world["organiser"])
    assert refused.value.code == "already_decided"


def test_finance_staff_and_viewers_do_not_review(world):
    application = submitted(world)
    with pytest.raises(CommerceForbidden):
        review_application(application, decision="approve", by=world["finance"])


def test_the_last_package_in_stock_is_never_sold_twice(world):
    scarce = make_package(world["expo"], name={"en": "Corner booth"}, stock=1)
    approved(world, package_id=scarce.pk)
    second = submitted(world, package_id=scarce.pk)
    with pytest.raises(CommerceError) as refused:
        review_application(second, decision="approve", by=world["organiser"])
    assert refused.value.code == "sold_out"
    second.refresh_from_db()
    assert second.status == ApplicationStatus.SUBMITTED  # the whole approval rolled back
    assert BoothPackage.objects.get(pk=scarce.pk).sold == 1


def test_bad_input_is_refused_with_a_message(world):
    with pytest.raises(CommerceError) as refused:
        submitted(world, hs_codes=["000000"])
    assert refused.value.code == "invalid_hs_code"
    with pytest.raises(CommerceError) as refused:
        submitted(world, area_m2="4")
    assert refused.value.code == "area_below_package"
    with pytest.raises(CommerceError) as refused:
        submitted(world, area_m2="NaN")
    assert refused.value.code == "invalid_area"


def test_the_team_stays_within_the_staff_badge_quota_once_paid(world):
    application = approved(world)
    with pytest.raises(CommerceError) as refused:
        invite_colleague(application, by=application.applicant, name="Li Na", email="li@example.com")
    assert refused.value.code == "not_paid"
    order = application.order
    provider().record(
        order,
        amount=order.invoices.get().gross_total,
        received_on=dt.date.today(),
        reference="B1",
        by=world["finance"],
    )
    # Three badges: the applicant holds one, two colleagues the others.
    invite_colleague(application, by=application.applicant, name="Li Na", email="li@example.com")
    invite_colleague(application, by=application.applicant, name="Zhao Lei", email="zhao@example.com")
    with pytest.raises(CommerceError) as refused:
        invite_colleague(application, by=application.applicant, name="Sun Yu", email="sun@example.com")
    assert refused.value.code == "quota_reached"
    assert "3 staff badges" in refused.value.message
    team = Participant.objects.filter(
        expo=world["expo"], organisation_id=application.exhibitor.organisation_id
    )
    assert team.count() == 3
