"""The pages in a real browser (Debian's Chromium through Playwright): the language
switcher works without typing a URL, and an Arabic page is laid out right to left."""

import shutil

import pytest

from tests.chromium import chromium
from tests.factories import ExpoFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


@pytest.fixture
def page(expo):
    """Made after the data: Playwright runs an event loop in this thread, in which the
    ORM refuses to run."""
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-GB")


def test_the_switcher_changes_the_language_and_keeps_the_page(live_server, page, expo):
    page.goto(f"{live_server.url}/expos/cnea/exhibitors/")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.select_option("#language-select", "ko")
    assert page.url.endswith("/expos/cnea/exhibitors/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("h1").inner_text() == "전시업체"
    # The choice stays for the next page.
    page.goto(f"{live_server.url}/expos/{expo.slug}/")
    assert page.locator("html").get_attribute("lang") == "ko"


def test_an_arabic_page_is_laid_out_right_to_left(live_server, page):
    page.goto(f"{live_server.url}/expos/cnea/exhibitors/?lang=ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".brand").bounding_box()
    heading = page.locator("h1").bounding_box()
    # The brand starts the header on the right; the heading is aligned to the right edge.
    assert brand["x"] > 640
    assert heading["x"] + heading["width"] > 900
