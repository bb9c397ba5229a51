"""The Content-Security-Policy in a real browser (issue #19): the main pages, the
organiser's pages with scripts (check-in with its camera, results with charts, the
registration queue, the deal form) and the language switcher run under the strict
policy without a single violation; the check-in page's scan still reaches the API with
its CSRF token. Debian's Chromium through Playwright, with a fake camera."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from tests.chromium import chromium
from tests.factories import UserFactory
from tradefair.demo.generator import DemoSize, generate_demo
from tradefair.expos.models import Organiser, OrganiserLevel
from tradefair.onsite.domain.badges import issue_badge
from tradefair.onsite.domain.tokens import badge_token
from tradefair.people.models import Participant, RegistrationStatus, Role

PASSWORD = "a-long-demo-password-1"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

# Runs in every page before its own scripts: a violation of the policy is kept where the
# test reads it, whether markup, a script or a style caused it.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline")
    + " " + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


@pytest.fixture
def world():
    expo = generate_demo(DemoSize(merchants=30, exhibitors=8, countries=5, seed=7, slug="cnea"))
    today = timezone.localdate()
    expo.starts, expo.ends = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    expo.save(update_fields=["starts", "ends"])
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
    guest = Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED).order_by("id").first()
    return {
        "organiser": organiser.username,
        "buyer": buyer.user.username,
        "badge": badge_token(issue_badge(guest).pk),
        "guest": guest.name,
        "exhibitor": expo.exhibitors.order_by("id").first().pk,
    }


@pytest.fixture
def browser(world):
    with chromium("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream") as browser:
        yield browser


class Watched:
    """A browser context whose pages report policy violations, console errors naming
    the policy, and uncaught script errors."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        self.context.add_init_script(WATCH)
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response.status == 200, (path, response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("networkidle")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations") + self.console

    def sign_in(self, username: str) -> None:
        self.open("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("main button[type=submit]")


def _until(page, expression: str, seconds: float = 15) -> None:
    """Playwright's wait_for_function compiles its text with eval, which the policy
    forbids in the page; page.evaluate does not."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {expression}")


def _visit_all(watched: Watched, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        watched.open(f"{path}{'&' if '?' in path else '?'}lang=en")
        if watched.violations() or watched.errors:
            found[path] = watched.violations() + watched.errors
        watched.console.clear()
        watched.errors.clear()
    return found


def test_the_public_pages_run_without_a_violation(live_server, browser, world):
    watched = Watched(browser, live_server.url)
    paths = [
        "/",
        "/expos/cnea/",
        "/expos/cnea/exhibitors/",
        f"/expos/cnea/exhibitors/{world['exhibitor']}/",
        "/expos/cnea/programme/",
        "/expos/cnea/floor-plan/",
        "/expos/cnea/news/",
        "/expos/cnea/search/?q=steel",
        "/expos/cnea/register/",
        "/accounts/login/",
        "/api/v1/docs",
    ]

    assert _visit_all(watched, paths) == {}
    # The pavilions keep their colours, drawn without style attributes.
    watched.open("/expos/cnea/")
    marks = watched.page.locator(".pavilion-card .pavilion-mark")
    assert marks.count() > 0
    assert marks.first.bounding_box()["width"] == pytest.approx(4, abs=0.5)
    watched.open("/api/v1/docs")
    watched.page.locator(".swagger-ui .opblock").first.wait_for()
    watched.open("/expos/cnea/floor-plan/")
    assert watched.page.locator(".legend .swatch rect").first.get_attribute("fill").startswith("#")
    assert watched.violations() == []


def test_the_participant_and_organiser_pages_run_without_a_violation(live_server, browser, world):
    participant = Watched(browser, live_server.url)
    participant.sign_in(world["buyer"])
    organiser = Watched(browser, live_server.url)
    organiser.sign_in(world["organiser"])

    assert (
        _visit_all(
            participant,
            [
                "/expos/cnea/matchmaking/",
                "/expos/cnea/matchmaking/agenda/",
                "/expos/cnea/matchmaking/requests/",
                "/expos/cnea/programme/mine/",
                "/expos/cnea/deals/",
                "/me/data/",
            ],
        )
        == {}
    )
    assert (
        _visit_all(
            organiser,
            [
                "/expos/cnea/results/",
                "/expos/cnea/results/communique/",
                "/expos/cnea/entrance/",
                "/expos/cnea/registrations/review/",
                "/expos/cnea/deals/new/",
                "/expos/cnea/badges/",
                "/expos/cnea/check-in/",
                "/admin/",
            ],
        )
        == {}
    )
    # The results' charts are drawn.
    organiser.open("/expos/cnea/results/?lang=en")
    assert organiser.page.locator(".charts svg").count() >= 2
    heights = organiser.page.eval_on_selector_all(
        ".charts svg", "charts => charts.map(chart => chart.getBoundingClientRect().height)"
    )
    assert max(heights) > 100


def test_the_check_in_page_scans_with_the_camera_and_reaches_the_api(live_server, browser, world):
    watched = Watched(browser, live_server.url)
    watched.sign_in(world["organiser"])
    watched.context.grant_permissions(["camera"], origin=live_server.url)
    watched.open("/expos/cnea/check-in/?lang=en&gate=North%201")
    page = watched.page

    # A keyboard-wedge scanner types the badge's code and Enter: the JSON POST carries
    # the page's CSRF token, so the API admits the guest.
    with page.expect_response(lambda response: response.url.endswith("/check-ins")) as answer:
        page.fill("#code", world["badge"])
        page.press("#code", "Enter")
    assert answer.value.status in (200, 201), answer.value.text()
    page.locator("#result.ok").wait_for()
    assert world["guest"] in page.locator("#result").inner_text()

    # The camera starts (Chromium's fake device) and its frames are read.
    page.click("#camera-button")
    _until(
        page,
        "document.getElementById('camera').readyState >= 2 && document.getElementById('frame').width > 0",
    )
    assert page.locator("#camera").is_visible()
    assert watched.violations() == [] and watched.errors == []


def test_the_language_switcher_works_under_the_policy(live_server, browser, world):
    watched = Watched(browser, live_server.url)
    watched.open("/expos/cnea/exhibitors/")  # the browser asks for English (en-GB)
    page = watched.page
    assert page.locator("html").get_attribute("lang") == "en"

    with page.expect_navigation():
        page.select_option("#language-select", "ja")

    assert page.url == f"{live_server.url}/expos/cnea/exhibitors/"
    assert page.locator("html").get_attribute("lang") == "ja"
    assert watched.violations() == []


def test_the_policy_blocks_injected_inline_code_and_the_test_sees_it(live_server, browser, world):
    """The control: markup that slipped past escaping would run nothing, and the
    watcher of the other tests does see a violation."""
    watched = Watched(browser, live_server.url)
    watched.open("/expos/cnea/?lang=en")
    page = watched.page

    page.evaluate(
        """() => document.body.insertAdjacentHTML("beforeend",
        '<img src="/static/tradefair/none.png" onerror="window.__ran = true"><p style="color: red" id="styled">x</p>')"""
    )
    _until(page, "window.__violations.length >= 2")

    assert page.evaluate("window.__ran === undefined")
    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
    assert any(entry.startswith("script-src") for entry in watched.violations())
    assert any(entry.startswith("style-src") for entry in watched.violations())
