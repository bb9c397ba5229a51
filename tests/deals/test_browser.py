"""The deal journey in a real browser (Debian's Chromium through Playwright), in two
languages: a buyer records a deal from a held meeting of the agenda, the organiser
confirms it and publishes again, and the public results page shows the new figure with
the update history (issue #16)."""

import datetime as dt
import shutil

import pytest
from django.utils import translation

from tests.chromium import chromium, sign_in
from tests.deals.factories import make_deal
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.models import LanguagePreference
from tradefair.matchmaking.models import Meeting, MeetingStatus, Round, RoundStatus, Slot
from tradefair.people.models import Role
from tradefair.reports.domain.publication import publish_results
from tradefair.reports.domain.wording import in_large_units

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "correct horse battery"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]
LANGUAGES = {"en": "en-GB", "zh-hans": "zh-CN"}


@pytest.fixture(params=sorted(LANGUAGES))
def world(request):
    language = request.param
    expo = ExpoFactory(slug="cnea")
    admin = UserFactory(username="admin", is_staff=True)
    buyer_user = UserFactory(username="buyer")
    for user in (admin, buyer_user):
        LanguagePreference.objects.create(user=user, language=language)
    buyer = ParticipantFactory(
        expo=expo, user=buyer_user, roles=[Role.BUYER], organisation__legal_name="Amur Timber LLC"
    )
    seller = ParticipantFactory(expo=expo, roles=[Role.EXHIBITOR], organisation__legal_name="Jilin Wood Co.")
    round_ = Round.objects.create(expo=expo, name="Day 1", status=RoundStatus.PUBLISHED)
    slot = Slot.objects.create(
        round=round_,
        starts_at=dt.datetime(2019, 8, 24, 2, tzinfo=dt.UTC),
        ends_at=dt.datetime(2019, 8, 24, 2, 20, tzinfo=dt.UTC),
    )
    Meeting.objects.create(
        round=round_, requester=buyer, counterpart=seller, slot=slot, table=4, status=MeetingStatus.HELD
    )
    make_deal(expo, by=admin, amount="728670000.00")
    publish_results(expo, by=admin)
    with translation.override(language):
        texts = {
            "before": in_large_units("728670000.00", "CNY", language),
            "after": in_large_units("731800000.00", "CNY", language),
            "record": translation.gettext("Record a deal"),
            "changes": translation.gettext("Changes since publication %(number)s") % {"number": 1},
            "history": translation.gettext("Update history"),
            "first": translation.gettext("First publication"),
            "second": translation.gettext("Publication %(number)s") % {"number": 2},
            "trade": str(translation.gettext("Trade volume")),
        }
    return {"language": language, "texts": texts}


@pytest.fixture
def browser(world):
    """Made after the data: Playwright runs an event loop in this thread, in which the
    ORM refuses to run."""
    with chromium() as browser:
        yield browser


def _page(browser, world):
    return browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=LANGUAGES[world["language"]]
    ).new_page()


def test_a_deal_from_the_agenda_reaches_the_public_results_when_published_again(live_server, browser, world):
    texts, base, language = world["texts"], live_server.url, world["language"]

    buyer = _page(browser, world)
    sign_in(buyer, base, "buyer", PASSWORD)
    buyer.goto(f"{base}/expos/cnea/matchmaking/agenda/")
    assert buyer.locator("html").get_attribute("lang") == language
    link = buyer.locator("a.record-deal")
    assert link.inner_text() == texts["record"]
    with buyer.expect_navigation():
        link.click()
    # Prefilled: both parties and the meeting; the buyer gives the terms.
    chosen = buyer.locator("#chosen-parties li")
    assert chosen.count() == 2
    assert "Amur Timber LLC" in chosen.nth(0).inner_text() and "Jilin Wood Co." in chosen.nth(1).inner_text()
    assert buyer.locator("select[name=meeting]").input_value() != ""
    assert buyer.locator("select[name=currency]").input_value() == "CNY"
    buyer.select_option("select[name=status]", "signed")
    buyer.fill("input[name=amount]", "3130000.00")
    with buyer.expect_navigation():
        buyer.click(".deal-form button[type=submit]")
    assert buyer.url.endswith("/expos/cnea/deals/")
    buyer.screenshot(path=f"/tmp/deals-buyer-{language}.png", full_page=True)

    admin = _page(browser, world)
    sign_in(admin, base, "admin", PASSWORD)
    admin.goto(f"{base}/expos/cnea/deals/")
    with admin.expect_navigation():
        admin.click("button[name=action][value=confirm]")
    admin.goto(f"{base}/expos/cnea/results/")
    changes = admin.locator("#changes-since-publication")
    assert texts["changes"] in changes.inner_text()
    assert texts["before"] in changes.locator("#change-trade_volume").inner_text()
    assert texts["after"] in changes.locator("#change-trade_volume").inner_text()
    # The public still reads publication 1.
    visitor = _page(browser, world)
    visitor.goto(f"{base}/expos/cnea/results/")
    assert visitor.locator("#figure-trade_volume .value").inner_text() == texts["before"]

    with admin.expect_navigation():
        admin.click("button[name=action][value=publish]")
    admin.screenshot(path=f"/tmp/deals-admin-{language}.png", full_page=True)

    visitor.goto(f"{base}/expos/cnea/results/")
    assert visitor.locator("#figure-trade_volume .value").inner_text() == texts["after"]
    page = visitor.locator("body").inner_text()
    assert texts["history"] in page and texts["first"] in page and texts["second"] in page
    assert f"{texts['trade']}:" in page
    visitor.screenshot(path=f"/tmp/deals-public-{language}.png", full_page=True)
