"""A buyer writes to an exhibitor's team in a real browser (Debian's Chromium through
Playwright), in two languages: one colleague answers, the buyer's open page shows the
answer without reloading, the other colleague reads the thread, and the conversation
becomes a meeting request that the colleague accepts (issue 15, "Done when")."""

import shutil

import pytest
from django.utils import translation

from tests.chromium import chromium, sign_in
from tests.conversations.factories import make_world
from tradefair.common.models import LanguagePreference
from tradefair.matchmaking.models import RequestStatus

PASSWORD = "correct horse battery"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]
LANGUAGES = {"en": "en-GB", "zh-hans": "zh-CN"}
QUESTION = "Вы доставляете в Иркутск? <b>40</b> штук"
ANSWER = "可以，铁路运输，每件38美元。"


@pytest.fixture(params=sorted(LANGUAGES))
def world(request):
    language = request.param
    world = make_world()
    for name in ("buyer", "seller", "colleague"):
        LanguagePreference.objects.create(user=world[name].user, language=language)
    with translation.override(language):
        world["texts"] = {
            "write": translation.gettext("Write"),
            "from_conversation": translation.gettext("From a conversation"),
            "accepted": str(RequestStatus.ACCEPTED.label),
            "team_note": translation.gettext(
                "Everyone on the exhibitor's team reads this conversation and may answer."
            ),
        }
    world["language"] = language
    return world


@pytest.fixture
def browser(world):
    with chromium() as browser:
        yield browser


def _page(browser, world, *, mobile: bool = False):
    viewport = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900}
    return browser.new_context(viewport=viewport, locale=LANGUAGES[world["language"]]).new_page()


def test_a_buyer_and_two_team_members_hold_a_conversation_that_becomes_a_meeting(live_server, browser, world):
    base, texts, language = live_server.url, world["texts"], world["language"]
    exhibitor = world["exhibitor"]

    buyer = _page(browser, world, mobile=True)
    sign_in(buyer, base, "buyer-cnea", PASSWORD)
    buyer.goto(f"{base}/expos/cnea/exhibitors/{exhibitor.pk}/")
    assert buyer.locator("html").get_attribute("lang") == language
    write = buyer.locator("a.write")
    assert write.inner_text() == texts["write"]
    with buyer.expect_navigation():
        write.click()
    buyer.fill("textarea[name=body]", QUESTION)
    with buyer.expect_navigation():
        buyer.click("form.reply button[type=submit]")
    assert texts["team_note"] in buyer.locator("body").inner_text()
    # Shown as text, never as markup.
    assert buyer.locator("#thread li.msg .body").first.inner_text() == QUESTION
    assert buyer.locator("#thread b").count() == 0

    colleague = _page(browser, world)
    sign_in(colleague, base, "colleague-cnea", PASSWORD)
    colleague.goto(f"{base}/expos/cnea/messages/")
    assert colleague.locator(".messages-link .unread-count").inner_text() == "1"
    with colleague.expect_navigation():
        colleague.click("#conversations a")
    colleague.fill("textarea[name=body]", ANSWER)
    with colleague.expect_navigation():
        colleague.click("form.reply button[type=submit]")

    # The buyer's page, left open, receives the answer by polling, with who answered.
    answer = buyer.locator("#thread li.msg").nth(1)
    answer.wait_for(timeout=20000)
    assert ANSWER in answer.inner_text()
    assert "Li Wei" in answer.locator(".sender").inner_text()
    assert answer.locator(".lang").get_attribute("lang") == language
    buyer.screenshot(path=f"/tmp/conversations-buyer-{language}.png", full_page=True)

    # The other member of the team reads the whole thread.
    seller = _page(browser, world)
    sign_in(seller, base, "seller-cnea", PASSWORD)
    seller.goto(f"{base}/expos/cnea/messages/")
    with seller.expect_navigation():
        seller.click("#conversations a")
    bodies = seller.locator("#thread li.msg .body").all_inner_texts()
    assert bodies[0] == QUESTION and ANSWER in bodies[1]

    # One click: a meeting request to the colleague who answered, linked back.
    with buyer.expect_navigation():
        buyer.click("#request-meeting")
    assert buyer.url.endswith("/expos/cnea/matchmaking/requests/")
    assert buyer.locator("a.from-conversation").inner_text() == texts["from_conversation"]

    colleague.goto(f"{base}/expos/cnea/matchmaking/requests/")
    assert ANSWER in colleague.locator("#requests").inner_text()
    with colleague.expect_navigation():
        colleague.click("form[action$='/accept/'] button")
    assert texts["accepted"] in colleague.locator("#requests").inner_text()
    colleague.screenshot(path=f"/tmp/conversations-colleague-{language}.png", full_page=True)
    with colleague.expect_navigation():
        colleague.click("a.from-conversation")
    assert "/expos/cnea/messages/" in colleague.url
