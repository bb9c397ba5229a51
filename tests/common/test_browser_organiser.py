"""An organiser signs in and reaches every organiser page from the navigation, in two
languages, and prints the badges of a filtered set from the web as a PDF; on a 390 px
phone every main page fits the screen and the navigation folds behind a menu button
(issue #16, items 9 and 10). Debian's Chromium through Playwright."""

import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.chromium import chromium, sign_in
from tests.factories import UserFactory
from tests.onsite.helpers import pdf_pages_text
from tradefair.common.organiser_pages import GROUPS
from tradefair.demo.generator import DemoSize, generate_demo
from tradefair.expos.models import Organiser, OrganiserLevel
from tradefair.people.models import Participant, RegistrationStatus, Role

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path("/tmp/tradefair-phone")
PASSWORD = "a-long-demo-password-1"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def world():
    expo = generate_demo(DemoSize(merchants=60, exhibitors=12, countries=8, seed=4, slug="cnea"))
    organiser = UserFactory(username="chair")
    organiser.set_password(PASSWORD)
    organiser.save()
    Organiser.objects.create(expo=expo, user=organiser, level=OrganiserLevel.ADMIN)
    buyer = (
        Participant.objects.filter(expo=expo, roles__role=Role.BUYER, user__isnull=False)
        .select_related("user")
        .order_by("id")
        .first()
    )
    buyer.user.set_password(PASSWORD)
    buyer.user.save()
    mongolians = Participant.objects.filter(expo=expo, country="MN", status=RegistrationStatus.APPROVED)
    return {
        "expo": expo,
        "organiser": organiser.username,
        "buyer": buyer.user.username,
        "mongolians": sorted(mongolians.values_list("name", flat=True)),
        "exhibitor": expo.exhibitors.order_by("id").first().pk,
    }


@pytest.fixture
def browser(world):
    """Made after the data: Playwright runs an event loop in this thread, in which the
    ORM refuses to run."""
    with chromium() as browser:
        yield browser


def _expected_menu(language: str) -> list[tuple[str, str, str]]:
    with translation.override(language):
        return [
            (str(group.label), str(page.label), reverse(page.url_name, args=["cnea"]))
            for group in GROUPS
            for page in group.pages
        ]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_organiser_reaches_every_organiser_page_from_the_navigation(live_server, browser, world, language):
    expected = _expected_menu(language)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, world["organiser"], PASSWORD)
    page.goto(f"{live_server.url}/expos/cnea/")
    if language != "en":
        with page.expect_navigation():
            page.select_option("#language-select", language)

    for group, label, path in expected:
        nav = page.locator(".organiser-nav")
        nav.locator("summary", has_text=group).first.click()
        link = nav.locator(f'a[href="{path}"]')
        assert link.inner_text() == label
        with page.expect_navigation():
            link.click()
        assert page.url == f"{live_server.url}{path}", label
        assert page.locator("html").get_attribute("lang") == language
        heading = page.locator("main h1").first.inner_text()
        assert heading and heading not in ("403", "404", "Forbidden"), path
        # The page marks itself in the navigation, which stays on every organiser page.
        assert page.locator(f'.organiser-nav a[href="{path}"][aria-current="page"]').count() == 1


def test_an_organiser_prints_the_badges_of_a_filtered_set_as_a_pdf(live_server, browser, world):
    assert world["mongolians"]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    sign_in(page, live_server.url, world["organiser"], PASSWORD)
    page.goto(f"{live_server.url}/expos/cnea/?lang=en")
    page.locator(".organiser-nav summary", has_text="On site").click()
    with page.expect_navigation():
        page.click(".organiser-nav >> text=Badges")
    page.fill("input[name=country]", "MN")
    with page.expect_download() as download:
        page.click("form[action$='/badges/print/'] button[type=submit]")

    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "badges-cnea-a6.pdf" and pdf.startswith(b"%PDF")
    pages = pdf_pages_text(pdf)
    assert len(pages) == len(world["mongolians"])
    assert all(name in text for name, text in zip(world["mongolians"], pages, strict=True))


# The innermost elements that stick out on the right, to say what is too wide.
WIDEST = """() => Array.from(document.querySelectorAll("body *"))
  .filter((el) => el.getBoundingClientRect().right > 391
    && !Array.from(el.children).some((child) => child.getBoundingClientRect().right > 391))
  .slice(0, 5).map((el) => el.tagName + "." + el.className + " " + Math.round(el.getBoundingClientRect().right))"""


def _phone_pages(world) -> dict[str, list[str]]:
    exhibitor = world["exhibitor"]
    public = [
        "/",
        "/expos/cnea/",
        "/expos/cnea/exhibitors/",
        f"/expos/cnea/exhibitors/{exhibitor}/",
        "/expos/cnea/programme/",
        "/expos/cnea/search/?q=steel",
        "/expos/cnea/floor-plan/",
        "/expos/cnea/news/",
        "/expos/cnea/results/",
        "/expos/cnea/register/",
    ]
    participant = [
        "/expos/cnea/matchmaking/",
        "/expos/cnea/matchmaking/agenda/",
        "/expos/cnea/matchmaking/requests/",
        "/expos/cnea/matchmaking/profile/",
        "/expos/cnea/messages/",
        "/expos/cnea/programme/mine/",
        "/expos/cnea/deals/",
        # The exhibitor's side (issue #17): applying for space at the expo.
        "/expos/cnea/exhibit/",
    ]
    organiser = [path for _group, _label, path in _expected_menu("en")]
    return {"public": public, world["buyer"]: participant, world["organiser"]: organiser}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_main_page_fits_a_phone_with_the_menu_folded(live_server, browser, world, language):
    SCREENSHOTS.mkdir(exist_ok=True)
    too_wide, too_tall = [], []
    for who, paths in _phone_pages(world).items():
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = context.new_page()
        if who != "public":
            sign_in(page, live_server.url, who, PASSWORD)
        for path in paths:
            separator = "&" if "?" in path else "?"
            page.goto(f"{live_server.url}{path}{separator}lang={language}")
            width = page.evaluate("document.documentElement.scrollWidth")
            header = page.locator(".site-header").bounding_box()["height"]
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            page.screenshot(path=str(SCREENSHOTS / f"{language}-{name}.png"))
            if width > 390:
                too_wide.append((path, width, page.evaluate(WIDEST)))
            if header >= 844 / 3:
                too_tall.append((path, header))
        # The menu button opens every link and closes them again.
        button = page.locator(".menu-button")
        assert button.is_visible() and not page.locator(".expo-nav").is_visible()
        button.click()
        assert page.locator(".expo-nav").is_visible() and button.get_attribute("aria-expanded") == "true"
        page.screenshot(
            path=str(
                SCREENSHOTS
                / f"{language}-menu-open-{'organiser' if who == world['organiser'] else 'other'}.png"
            )
        )
        button.click()
        assert not page.locator(".expo-nav").is_visible()
        context.close()
    assert too_wide == [], too_wide
    assert too_tall == [], too_tall
