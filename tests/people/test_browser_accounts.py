"""Issue #16 in a real browser (Debian's Chromium through Playwright), through pages
only: a person registers, confirms, chooses a password, is approved from the queue the
organiser found in the navigation, and signs in to matchmaking, in two languages; an
organiser approves 200 registrations at once; "forgot password" from the login page."""

import re
import shutil
import time

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from tests.chromium import chromium, sign_in
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.expos.models import ExpoStatus, Organiser, OrganiserLevel
from tradefair.people.models import Participant, RegistrationStatus

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "Organiser-pass-2019"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


def _(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.fixture(autouse=True)
def _site(settings, live_server, monkeypatch):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    # Every e-mail link must lead to the server the browser talks to.
    settings.SITE_URL = live_server.url
    # The test reads the database between pages, while Playwright's loop runs here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def expo():
    return ExpoFactory(
        slug="cnea",
        status=ExpoStatus.REGISTRATION_OPEN,
        name={"en": "CNEA Expo", "ru": "ЭКСПО Китай — Северо-Восточная Азия", "zh-hans": "东北亚博览会"},
    )


@pytest.fixture
def organiser(expo):
    user = UserFactory(username="committee", password=PASSWORD)
    Organiser.objects.create(expo=expo, user=user, level=OrganiserLevel.STAFF)
    return user


@pytest.fixture
def browser(expo, organiser):
    """Made after the data: Playwright runs an event loop in this thread."""
    with chromium() as browser:
        yield browser


def _new_page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()


def _link(message, contains: str) -> str:
    return next(link for link in re.findall(r"https?://\S+", message.body) if contains in link)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_registrant_confirms_chooses_a_password_is_approved_and_reaches_matchmaking(
    live_server, browser, expo, language
):
    base = live_server.url
    person = _new_page(browser)
    email = f"ivan.{language}@example.com"

    # 1. The public form, in the person's language.
    person.goto(f"{base}/expos/cnea/register/buyer/?lang={language}")
    person.fill("input[name=name]", "Иван Петров")
    person.fill("input[name=email]", email)
    person.select_option("select[name=country]", "RU")
    with person.expect_navigation():
        person.click("form button.primary")
    assert person.locator("h1").inner_text() == _(language, "Check your e-mail")

    # 2. The confirmation e-mail, in that language; its link confirms and asks for a password.
    confirmation = mail.outbox[-1]
    assert confirmation.to == [email]
    assert expo.name[language] in confirmation.subject
    person.goto(_link(confirmation, "/confirm/"))
    assert person.locator("h1").inner_text() == _(language, "Choose your password")
    assert email in person.locator("form.stacked-form strong").inner_text()
    person.fill("input[name=new_password1]", "Sunflower-2019!")
    person.fill("input[name=new_password2]", "Sunflower-2019!")
    with person.expect_navigation():
        person.click("form.stacked-form button.primary")
    assert person.locator("h1").inner_text() == _(language, "Your password is saved")

    # 3. The organiser signs in, finds the queue in the navigation and approves.
    desk = _new_page(browser)
    sign_in(desk, base, "committee", PASSWORD, "/expos/cnea/?lang=en")
    with desk.expect_navigation():
        desk.click("nav.organiser-nav summary:has-text('Registrations')")
        desk.click("nav.organiser-nav >> text=Registrations to review")
    assert desk.locator("h1").inner_text() == "Registrations to review"
    row = desk.locator("table.review-list tbody tr", has_text="Иван Петров")
    row.locator("select[name=decision]").select_option("approve")
    with desk.expect_navigation():
        row.locator("button", has_text="Apply").click()
    assert "Иван Петров is approved." in desk.locator(".messages").inner_text()
    assert Participant.objects.get(email=email).status == RegistrationStatus.APPROVED

    # 4. The approval e-mail, in the person's language, with the sign-in link.
    approval = mail.outbox[-1]
    assert approval.to == [email]
    assert expo.name[language] in approval.subject
    sign_in_link = _link(approval, "/accounts/login/")
    assert sign_in_link.startswith(base)

    # 5. The person signs in from it and lands on their matchmaking page.
    person.goto(sign_in_link)
    person.fill("input[name=username]", email)
    person.fill("input[name=password]", "Sunflower-2019!")
    with person.expect_navigation():
        person.click("form.stacked-form button[type=submit]")
    assert person.url.endswith("/expos/cnea/matchmaking/")
    assert person.locator("h1").inner_text() == _(language, "Business matchmaking")
    assert person.locator("html").get_attribute("lang") == language


@pytest.fixture
def many_waiting(expo):
    confirmed = timezone.now()
    for index in range(200):
        ParticipantFactory(
            expo=expo,
            status=RegistrationStatus.PENDING,
            email=f"buyer{index}@example.com",
            email_confirmed_at=confirmed,
            language=("ru", "zh-hans", "en")[index % 3],
        )


def test_an_organiser_approves_200_registrations_at_once_from_the_queue(
    live_server, many_waiting, browser, expo
):
    desk = _new_page(browser)
    sign_in(desk, live_server.url, "committee", PASSWORD, "/expos/cnea/?lang=en")
    with desk.expect_navigation():
        desk.click("nav.organiser-nav summary:has-text('Registrations')")
        desk.click("nav.organiser-nav >> text=Registrations to review")
    assert "200 registrations wait" in desk.locator("p.count").inner_text()

    desk.select_option("#bulk-form select[name=scope]", "all")
    desk.select_option("#bulk-form select[name=decision]", "approve")
    started = time.monotonic()
    with desk.expect_navigation():
        desk.click("#bulk-form button.primary")
    seconds = time.monotonic() - started

    expected = ngettext(
        "%(count)s registration is decided; each applicant is told by e-mail.",
        "%(count)s registrations are decided; each applicant is told by e-mail.",
        200,
    ) % {"count": 200}
    assert expected in desk.locator(".messages").inner_text()
    assert desk.locator("p.empty").inner_text() == "No registration waits for review."
    assert Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED).count() == 200
    assert len(mail.outbox) == 200
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "东北亚博览会" in subjects["buyer1@example.com"] and "ЭКСПО" in subjects["buyer0@example.com"]
    print(f"bulk approval of 200 from the page: {seconds:.2f} s")
    assert seconds < 20


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_forgot_password_from_the_login_page(live_server, browser, expo, language):
    UserFactory(username="buyer", email="buyer@example.com", password="forgotten-one")
    base = live_server.url
    page = _new_page(browser)

    page.goto(f"{base}/accounts/login/")
    if language != "en":
        with page.expect_navigation():
            page.select_option("#language-select", language)
    with page.expect_navigation():
        page.click(f"text={_(language, 'Forgot your password?')}")
    assert page.locator("h1").inner_text() == _(language, "Forgot your password?")
    page.fill("input[name=email]", "buyer@example.com")
    with page.expect_navigation():
        page.click("form.stacked-form button.primary")
    assert page.locator("h1").inner_text() == _(language, "Check your e-mail")

    message = mail.outbox[-1]
    assert message.subject == _(language, "Choose a new password for Tradefair")
    page.goto(_link(message, "/accounts/password/set/"))
    page.fill("input[name=new_password1]", "Birch-bark-2019")
    page.fill("input[name=new_password2]", "Birch-bark-2019")
    with page.expect_navigation():
        page.click("form.stacked-form button.primary")
    with page.expect_navigation():
        page.click("section.form-card a.button")
    page.fill("input[name=username]", "buyer")
    page.fill("input[name=password]", "Birch-bark-2019")
    with page.expect_navigation():
        page.click("form.stacked-form button[type=submit]")
    assert page.locator(".account .who").inner_text() == "buyer"
