"""Issue #17, "Done when": an exhibitor from the application to the staff badges, in a
real browser (Debian's Chromium through Playwright), in English and Russian. The
exhibitor applies from the expo's "Exhibit" page; an organiser approves it from the
queue; the exhibitor finds the order and downloads the invoice PDF; finance staff mark
the bank transfer received; the organiser gives the booth by hand on the floor plan; the exhibitor invites
colleagues up to the package's staff-badge quota and is told clearly when it is full."""

import datetime as dt
import shutil
from decimal import Decimal

import pytest
from django.core import mail

from tests.commerce.factories import make_extra, make_package
from tests.factories import BoothFactory, ExpoFactory, HallFactory, PavilionFactory, UserFactory
from tests.journeys.conftest import t
from tradefair.catalog.models import BoothAssignment
from tradefair.commerce.models import Application, ApplicationStatus, CommerceSettings, Order, OrderStatus
from tradefair.expos.models import ExpoStatus, OrganiserLevel
from tradefair.people.models import Participant

PASSWORD = "Amber-lantern-2026!"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.fixture(params=["en", "ru"])
def world(request):
    expo = ExpoFactory(
        slug="cnea", status=ExpoStatus.REGISTRATION_OPEN, name={"en": "CNEA Expo", "ru": "ЭКСПО Китай — СВА"}
    )
    CommerceSettings.objects.create(
        expo=expo,
        seller_name={"zh-hans": "中国—东北亚博览会组委会", "en": "CNEA Organising Committee"},
        tax_id="91220100MA0Y123456",
        bank_name="Bank of China, Changchun",
        bank_account="1588 0000 1234",
        invoice_prefix="CNEA-",
    )
    pavilion = PavilionFactory(expo=expo, name={"en": "Pavilion of the 5G New Era", "ru": "Павильон 5G"})
    package = make_package(expo, staff_badges=3)
    make_extra(expo)
    booth = BoothFactory(hall=HallFactory(expo=expo), pavilion=pavilion, code="A-07", area_m2=Decimal("9"))
    users = {}
    for role in ("exhibitor", "organiser", "finance"):
        users[role] = UserFactory(username=f"journey-{role}", password=PASSWORD, email=f"{role}@example.com")
    expo.organisers.add(users["organiser"])
    expo.organisers.add(users["finance"], through_defaults={"level": OrganiserLevel.FINANCE})
    return {
        "language": request.param,
        "expo": expo,
        "pavilion": pavilion,
        "package": package,
        "booth": booth,
        "users": users,
    }


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked-form button[type=submit]")


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_an_exhibitor_goes_from_application_to_staff_badges(live_server, new_page, world):
    language, base, expo = world["language"], live_server.url, world["expo"]
    say = lambda text, **params: t(language, text, **params)  # noqa: E731

    # The exhibitor applies.
    exhibitor = new_page(language)
    _sign_in(exhibitor, base, "journey-exhibitor")
    exhibitor.goto(f"{base}/expos/cnea/exhibit/")
    exhibitor.fill("input[name=organisation_name]", "Jilin Rail Works Co., Ltd.")
    exhibitor.select_option("select[name=country]", "CN")
    exhibitor.fill("textarea[name=address]", "88 Renmin St, Changchun")
    exhibitor.select_option("select[name=pavilion]", str(world["pavilion"].pk))
    exhibitor.select_option("select[name=package]", str(world["package"].pk))
    exhibitor.select_option("select[name=space_type]", "shell")
    exhibitor.fill("input[name=area_m2]", "9")
    exhibitor.fill("textarea[name=products]", "Railway couplers")
    exhibitor.fill("input[name=hs_codes]", "860711")
    exhibitor.fill("input[name=contact_name]", "Wang Fang")
    exhibitor.fill("input[name=contact_email]", "wang@example.com")
    _submit(exhibitor, ".application-form button[type=submit]")
    assert say("Submitted, awaiting review") in exhibitor.inner_text("#status")
    application = Application.objects.get(expo=expo)
    assert application.language == language

    # An organiser approves it from the queue.
    organiser = new_page(language)
    _sign_in(organiser, base, "journey-organiser")
    organiser.goto(f"{base}/expos/cnea/exhibitor-applications/")
    _submit(organiser, "table.applications a")
    organiser.select_option("select[name=decision]", "approve")
    _submit(organiser, ".review-form button[type=submit]")
    assert say("Approved") in organiser.inner_text("main")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    approval = [message for message in mail.outbox if message.to == ["wang@example.com"]][-1]
    assert approval.subject == say(
        "Your application to exhibit at %(expo)s is approved",
        expo={"en": "CNEA Expo", "ru": "ЭКСПО Китай — СВА"}[language],
    )

    # The exhibitor finds the order and the invoice PDF with the payment reference.
    exhibitor.goto(f"{base}/expos/cnea/exhibit/")
    assert say("Awaiting payment") in exhibitor.inner_text("#order")
    reference = exhibitor.inner_text("#payment-reference")
    link = exhibitor.locator("ul.invoices a").first
    assert "CNEA-00001" in link.inner_text()
    pdf = exhibitor.request.get(base + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    order = Order.objects.get(application=application)
    assert reference == order.invoices.get().payment_reference

    # Finance staff mark the bank transfer received.
    finance = new_page(language)
    _sign_in(finance, base, "journey-finance")
    finance.goto(f"{base}/expos/cnea/orders/")
    finance.fill(".payment-form input[name=received_on]", dt.date.today().isoformat())
    finance.fill(".payment-form input[name=reference]", "BOC-778812")
    _submit(finance, ".payment-form button[type=submit]")
    assert say("Payment recorded.") in finance.inner_text("main")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    # Finance staff see no registration queue (personal data they do not need).
    assert finance.goto(f"{base}/expos/cnea/exhibitor-applications/").status == 403

    # The organiser gives the booth by hand on the floor plan: the booth, then the exhibitor found by name.
    organiser.goto(f"{base}/expos/cnea/floor-plan/?booth={world['booth'].pk}&q=Jilin")
    _submit(organiser, ".candidates input[name=action][value=assign] ~ button")
    assert BoothAssignment.objects.get(booth=world["booth"]).exhibitor_id == application.exhibitor_id
    organiser.goto(f"{base}/expos/cnea/exhibitor-applications/{application.pk}/")
    assert "A-07" in organiser.inner_text("#assigned-booths")

    # The exhibitor sees the booth and invites the team within the quota of three badges.
    exhibitor.goto(f"{base}/expos/cnea/exhibit/")
    assert "A-07" in exhibitor.inner_text("#booths")
    for name, email in (
        ("Li Na", "li@example.com"),
        ("Zhao Lei", "zhao@example.com"),
        ("Sun Yu", "sun@example.com"),
    ):
        exhibitor.fill("#team input[name=name]", name)
        exhibitor.fill("#team input[name=email]", email)
        _submit(exhibitor, "#team button[type=submit]")
    page_text = exhibitor.inner_text("main")
    assert (
        say(
            "Your package includes %(quota)s staff badges and all %(quota)s are taken. Order extra staff badges from the organisers to invite more colleagues.",
            quota=3,
        )
        in page_text
    )
    assert say("%(used)s of %(quota)s staff badges taken (you hold one).", used=3, quota=3) in page_text
    team = Participant.objects.filter(expo=expo, organisation_id=application.exhibitor.organisation_id)
    assert sorted(team.values_list("name", flat=True)) == ["Li Na", "Wang Fang", "Zhao Lei"]
