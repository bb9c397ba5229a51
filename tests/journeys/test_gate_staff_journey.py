"""Issue #16, "Done when": gate staff sign in and scan, in a real browser (Debian's
Chromium through Playwright), in two languages. The organisers create the gate account
without a password and run ``tradefair invite-accounts``; the gate staff choose a password
from the e-mail's link, sign in, find the check-in page in the organiser navigation and
type a badge's code into its entry field (as a keyboard-wedge scanner does; there is no
camera headless). The page welcomes the holder by name; the same badge read again at the
same gate is "already counted"; at another gate, within the anti-passback window, it is
refused with the reason, and the staff may let the holder in after checking them."""

import datetime as dt
import io
import re
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory
from tests.journeys.conftest import t
from tradefair.expos.models import ExpoStatus, Organiser, OrganiserLevel
from tradefair.onsite.domain.badges import issue_badge
from tradefair.onsite.domain.tokens import badge_token
from tradefair.onsite.models import CheckIn

PASSWORD = "Amber-lantern-2026!"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.fixture(params=["en", "zh-hans"])
def world(request):
    """A running expo with a 30-minute anti-passback window, a gate account without a
    password, and a visitor with a badge (its code is what the badge's QR holds)."""
    today = timezone.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    expo = ExpoFactory(
        slug="cnea",
        status=ExpoStatus.RUNNING,
        starts=today - dt.timedelta(days=1),
        ends=today + dt.timedelta(days=1),
        time_zone="Asia/Shanghai",
        anti_passback_minutes=30,
        name={"en": "CNEA Expo", "zh-hans": "东北亚博览会"},
    )
    gate = get_user_model().objects.create(username="cnea-gate-north", email="gate.north@example.com")
    gate.set_unusable_password()
    gate.save()
    Organiser.objects.create(expo=expo, user=gate, level=OrganiserLevel.STAFF)
    visitor = ParticipantFactory(
        expo=expo,
        name="Батбаяр Дорж",
        name_latin="Batbayar Dorj",
        country="MN",
        organisation=OrganisationFactory(legal_name="Erdenet Mining", country="MN"),
    )
    badge = issue_badge(visitor, notify=False)
    return {"language": request.param, "expo": expo, "token": badge_token(badge.pk), "visitor": visitor}


def _scan(page, code: str, gate: str) -> None:
    """What a keyboard-wedge scanner does: the code typed into the field, then Enter; the
    scan is done when the page has replaced its answer (a marker put in the old one goes)."""
    page.fill("#gate", gate)
    page.fill("#code", code)
    page.evaluate(
        "document.getElementById('result').append(Object.assign(document.createElement('i'), {id: 'old-answer'}))"
    )
    page.press("#code", "Enter")
    page.locator("#old-answer").wait_for(state="detached", timeout=10_000)


def test_gate_staff_choose_a_password_sign_in_and_scan_with_anti_passback(live_server, new_page, world):
    language, base = world["language"], live_server.url

    # The organisers' back office invites the gate accounts without a password.
    out = io.StringIO()
    call_command("invite-accounts", "cnea", "--language", language, stdout=out)
    assert "cnea-gate-north <gate.north@example.com>" in out.getvalue()
    invitation = mail.outbox[-1]
    assert invitation.to == ["gate.north@example.com"]
    link = next(
        url for url in re.findall(r"https?://\S+", invitation.body) if "/accounts/password/set/" in url
    )
    assert link.startswith(base)

    page = new_page(language)
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == language
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked-form button.primary")
    with page.expect_navigation():
        page.click("section.form-card a.button")
    page.fill("input[name=username]", "cnea-gate-north")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked-form button[type=submit]")
    assert page.locator(".account .who").inner_text() == "cnea-gate-north"

    # The check-in page, from the organiser navigation.
    page.goto(f"{base}/expos/cnea/")
    page.click(f"nav.organiser-nav summary:has-text('{t(language, 'On site')}')")
    with page.expect_navigation():
        page.click(f"nav.organiser-nav >> text={t(language, 'Check-in')}")
    assert page.locator("h1").inner_text() == t(language, "Check-in")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#result").inner_text() == t(language, "Waiting for a badge…")

    # First scan: welcome, with the holder's name.
    _scan(page, world["token"], "North 1")
    result = page.locator("#result")
    assert "ok" in result.get_attribute("class")
    assert result.locator("p").first.inner_text() == t(language, "Welcome")
    assert result.locator(".holder").inner_text() == "Батбаяр Дорж"
    assert "Batbayar Dorj" in result.inner_text() and "Erdenet Mining" in result.inner_text()

    # The scanner reads the same badge again at the same gate (after the 3 s in which the
    # page ignores a code it has just seen, as a camera sees it many times a second).
    page.wait_for_timeout(3100)
    _scan(page, world["token"], "North 1")
    assert "repeat" in result.get_attribute("class")
    assert result.locator("p").first.inner_text() == t(language, "Already counted")
    assert CheckIn.objects.filter(participant=world["visitor"]).count() == 1

    # At another gate, within 30 minutes: refused (a copied badge?), with the reason.
    page.wait_for_timeout(3100)
    _scan(page, world["token"], "South 2")
    assert "refused" in result.get_attribute("class")
    entered = CheckIn.objects.get(participant=world["visitor"]).scanned_at.astimezone(world["expo"].tz)
    with translation.override(language):
        refusal = gettext(
            "Refused: this badge entered at gate %(gate)s at %(time)s, within %(limit)s minutes. "
            "A copied badge? Check the holder's identity; gate staff may let them in anyway."
        ) % {"gate": "North 1", "time": entered.strftime("%H:%M"), "limit": 30}
    assert result.locator("p").first.inner_text() == refusal
    assert result.locator("button.override").inner_text() == t(
        language, "Identity checked: let them in anyway"
    )
    assert CheckIn.objects.filter(participant=world["visitor"]).count() == 1

    # The staff check the holder's identity and let them in anyway.
    page.click("#result button.override")
    page.wait_for_function("() => document.getElementById('result').className.includes('ok')", timeout=10_000)
    assert result.locator(".holder").inner_text() == "Батбаяр Дорж"
    assert list(
        CheckIn.objects.filter(participant=world["visitor"])
        .order_by("scanned_at")
        .values_list("gate", flat=True)
    ) == ["North 1", "South 2"]

    # A code the expo never issued is refused.
    _scan(page, "not-a-badge", "South 2")
    assert result.inner_text() == t(
        language, "Refused: this code was not issued by the expo (forged or damaged)."
    )
