"""An organiser plans booths on the floor plan in Chromium, in two languages: assigns one
by click and search, moves one by drag and drop, swaps two (drop, then confirm), accepts
one pavilion's automatic proposal; the public plan then shows the exhibitors' names, and
on a 390 px phone the plan zooms and pans inside the page. No CSP violation on the way."""

import os
import shutil

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.chromium import chromium
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    ExhibitorFactory,
    ExpoFactory,
    HallFactory,
    OrganisationFactory,
    PavilionFactory,
    UserFactory,
)
from tradefair.catalog.models import BoothAssignment
from tradefair.expos.models import Organiser, OrganiserLevel

PASSWORD = "a-long-planning-password-1"
LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def t(language: str, text: str, **params) -> str:
    with translation.override(language):
        translated = gettext(text)
    return translated % params if params else translated


@pytest.fixture(autouse=True)
def _site(settings):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    expo = ExpoFactory(slug="cnea")
    pavilion = PavilionFactory(expo=expo, name={"en": "Pavilion of the 5G New Era", "zh-hans": "5G新时代馆"})
    hall = HallFactory(expo=expo, code="H1", name={"en": "Hall 1", "zh-hans": "1号馆"}, width_m=20, depth_m=8)
    booths = {
        code: BoothFactory(
            hall=hall, pavilion=pavilion, code=code, x_m=x, y_m=1, width_m=4, depth_m=4, area_m2=16
        )
        for code, x in (("H1-0001", 0), ("H1-0002", 5), ("H1-0003", 10), ("H1-0004", 15))
    }

    def firm(legal, names):
        return ExhibitorFactory(
            expo=expo, pavilion=pavilion, organisation=OrganisationFactory(legal_name=legal, name=names)
        )

    jilin = firm(
        "Jilin Yatai Group Co., Ltd.",
        {"en": "Jilin Yatai Group Co., Ltd.", "zh-hans": "吉林亚泰集团股份有限公司"},
    )
    cashmere = firm("Ulaanbaatar Cashmere LLC", {"en": "Ulaanbaatar Cashmere LLC"})
    latecomer = firm("Primorye Fisheries JSC", {"en": "Primorye Fisheries JSC", "zh-hans": "滨海渔业"})
    BoothAssignmentFactory(booth=booths["H1-0002"], exhibitor=cashmere, sole=True)
    organiser = UserFactory(username="planner")
    organiser.set_password(PASSWORD)
    organiser.save()
    Organiser.objects.create(expo=expo, user=organiser, level=OrganiserLevel.STAFF)
    return {
        "booths": {code: booth.pk for code, booth in booths.items()},
        "jilin": jilin.pk,
        "cashmere": cashmere.pk,
        "latecomer": latecomer.pk,
    }


@pytest.fixture
def browser(world):
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with chromium() as browser:
            yield browser
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def _watch_csp(page, violations: list) -> None:
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )


def _centre(page, booth_id: int) -> tuple[float, float]:
    box = page.locator(f"#booth-{booth_id} rect.booth").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _drag(page, source: tuple[float, float], target: tuple[float, float]) -> None:
    page.mouse.move(*source)
    page.mouse.down()
    page.mouse.move(source[0] + 10, source[1] + 5, steps=3)
    page.mouse.move(*target, steps=8)
    with page.expect_navigation():
        page.mouse.up()


def _holder(booth_id: int) -> int | None:
    return BoothAssignment.objects.filter(booth_id=booth_id).values_list("exhibitor_id", flat=True).first()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_organiser_plans_booths_by_click_drag_swap_and_proposal(live_server, browser, world, language):
    booths = world["booths"]
    base = live_server.url
    violations: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[language])
    page = context.new_page()
    _watch_csp(page, violations)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "planner")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"{base}/expos/cnea/floor-plan/")

    # Assign by click: select the free booth, search, assign.
    with page.expect_navigation():
        page.click(f"#booth-{booths['H1-0001']}")
    page.fill("#exhibitor-q", "Jilin")
    with page.expect_navigation():
        page.press("#exhibitor-q", "Enter")
    with page.expect_navigation():
        page.click(f"button:has-text('{t(language, 'Assign here')}')")
    assert t(language, "Booth %(code)s has been assigned.", code="H1-0001") in page.inner_text(".messages")
    assert _holder(booths["H1-0001"]) == world["jilin"]

    # Move by drag and drop onto a free booth.
    _drag(page, _centre(page, booths["H1-0001"]), _centre(page, booths["H1-0003"]))
    moved = t(
        language,
        "The exhibitor has moved from booth %(from)s to booth %(to)s.",
        **{"from": "H1-0001", "to": "H1-0003"},
    )
    assert moved in page.inner_text(".messages")
    assert (_holder(booths["H1-0001"]), _holder(booths["H1-0003"])) == (None, world["jilin"])

    # Swap: a drop onto an occupied booth asks to confirm.
    _drag(page, _centre(page, booths["H1-0003"]), _centre(page, booths["H1-0002"]))
    with page.expect_navigation():
        page.click("#panel form.plan-form button[type=submit]")
    swapped = t(
        language, "Booths %(first)s and %(second)s have been swapped.", first="H1-0003", second="H1-0002"
    )
    assert swapped in page.inner_text(".messages")
    assert (_holder(booths["H1-0002"]), _holder(booths["H1-0003"])) == (world["jilin"], world["cashmere"])

    # The automatic proposal waits for the organiser, then one pavilion is accepted.
    with page.expect_navigation():
        page.click(f"button:has-text('{t(language, 'Propose booths automatically')}')")
    assert _holder(booths["H1-0001"]) is None and _holder(booths["H1-0004"]) is None
    page.click("#proposal details summary")
    assert "Primorye Fisheries" in page.inner_text("#proposal") or "滨海渔业" in page.inner_text("#proposal")
    with page.expect_navigation():
        page.click(f"#proposal button:has-text('{t(language, 'Accept')}')")
    assert BoothAssignment.objects.filter(exhibitor_id=world["latecomer"]).count() == 1
    assert BoothAssignment.objects.count() == 3

    # The public plan names the exhibitors in their booths.
    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[language]).new_page()
    _watch_csp(public, violations)
    public.goto(f"{base}/expos/cnea/floor-plan/")
    joined = public.evaluate(
        "Array.from(document.querySelectorAll('#floor text.label tspan')).map(t => t.textContent).join(' ')"
    )
    if language == "zh-hans":
        assert "吉林亚泰集团" in joined and "有限公司" not in joined
    else:
        assert "Jilin Yatai Group" in joined and "Co., Ltd." not in joined
    assert "Ulaanbaatar Cashmere" in joined and "H1-0002" in joined
    context.close()
    assert violations == []


def test_on_a_phone_the_plan_zooms_and_pans_inside_the_page(live_server, browser, world):
    page = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", has_touch=True
    ).new_page()
    page.goto(f"{live_server.url}/expos/cnea/floor-plan/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("a.zoom-link[data-zoom='4']")
    sizes = page.evaluate(
        "(() => { const f = document.getElementById('floor'); return [f.scrollWidth, f.clientWidth]; })()"
    )
    assert sizes[0] > 3 * sizes[1]
    page.evaluate("document.getElementById('floor').scrollLeft = 400")
    assert page.evaluate("document.getElementById('floor').scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
