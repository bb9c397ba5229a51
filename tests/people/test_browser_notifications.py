"""In Chromium: a participant chooses how e-mail notifications reach them on their own
page, then follows the unsubscribe link of a notice from a browser that is not signed
in, in Russian and in Chinese."""

import re
import shutil

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.chromium import chromium
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.matchmaking.domain.notifications import notify
from tradefair.people.models import EmailNotifications

PASSWORD = "Buyer-pass-2019"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def _(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.fixture(autouse=True)
def _site(settings, live_server, monkeypatch):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    settings.SITE_URL = live_server.url
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_a_participant_chooses_the_digest_and_unsubscribes_by_the_link(live_server, language):
    expo = ExpoFactory(slug="cnea", name={"en": "CNEA Expo", "ru": "Экспо СВА", "zh-hans": "东北亚博览会"})
    user = UserFactory(username="buyer", password=PASSWORD)
    buyer = ParticipantFactory(expo=expo, user=user, name="Иван", email="ivan@example.com", language=language)
    base = live_server.url
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{base}/accounts/login/?next=/me/notifications/&lang={language}")
        page.fill("input[name=username]", "buyer")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("form.stacked-form button[type=submit]")
        page.goto(f"{base}/me/notifications/?lang={language}")
        assert page.locator("h1").inner_text() == _(language, "E-mail notifications")
        page.select_option(f"#id_choice_{buyer.pk}", EmailNotifications.DIGEST)
        with page.expect_navigation():
            page.click(".notification-choice button[type=submit]")
        assert (
            _(language, "Saved: how you receive e-mail notifications.")
            in page.locator(".messages").inner_text()
        )
        buyer.refresh_from_db()
        assert buyer.email_notifications == EmailNotifications.DIGEST
        assert page.locator(f"#id_choice_{buyer.pk}").input_value() == EmailNotifications.DIGEST

        # Back to "at once"; a notice arrives, and its link is followed signed out.
        page.select_option(f"#id_choice_{buyer.pk}", EmailNotifications.AT_ONCE)
        with page.expect_navigation():
            page.click(".notification-choice button[type=submit]")
        mail.outbox.clear()
        buyer.refresh_from_db()
        assert buyer.email_notifications == EmailNotifications.AT_ONCE
        notify(buyer, kind="request_received", params={"name": "李明"})
        (message,) = mail.outbox
        link = next(url for url in re.findall(r"https?://\S+", message.body) if "/unsubscribe/" in url)
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"

        stranger = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        stranger.goto(link + f"?lang={language}")
        assert stranger.locator("h1").inner_text() == _(language, "Stop e-mail notifications")
        buyer.refresh_from_db()
        assert buyer.email_notifications == EmailNotifications.AT_ONCE  # opening the link changes nothing
        with stranger.expect_navigation():
            stranger.click("button.primary")
        with translation.override(language):
            done = gettext("Done: you will receive no more e-mail notifications for %(expo)s.") % {
                "expo": expo.name[language]
            }
        assert done in stranger.locator(".message.success").inner_text()
        buyer.refresh_from_db()
        assert buyer.email_notifications == EmailNotifications.OFF

        # A link with a changed signature is refused with a page that says so.
        stranger.goto(link[:-3] + "xx/" + f"?lang={language}")
        assert (
            _(
                language,
                "This unsubscribe link is not valid: it may have been cut short or changed. Use the link of a recent "
                "e-mail, or sign in and choose on your notifications page.",
            )
            in stranger.locator(".message.error").inner_text()
        )
