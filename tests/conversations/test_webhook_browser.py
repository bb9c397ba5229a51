"""An expo's administrator registers a webhook endpoint in a real browser (Debian's
Chromium through Playwright), in two languages, and sees its deliveries: a test event
and a participant approved, both received signed by a real server on 127.0.0.1."""

import shutil
import threading

import pytest
from django.utils import timezone, translation

from tests.chromium import chromium
from tests.conversations.receiver import start_receiver, verify
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.models import LanguagePreference
from tradefair.conversations.domain.webhook_labels import EVENT_LABELS
from tradefair.conversations.models import DeliveryStatus, WebhookEndpoint
from tradefair.people.domain.registration import approve
from tradefair.people.models import RegistrationStatus

PASSWORD = "correct horse battery"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]
LANGUAGES = {"en": "en-GB", "ru": "ru-RU"}


@pytest.fixture(autouse=True)
def _synchronous(settings):
    settings.WEBHOOKS_SYNCHRONOUS = True


@pytest.fixture
def receiver():
    item = start_receiver()
    yield item
    item.server.shutdown()
    item.server.server_close()


@pytest.fixture(params=sorted(LANGUAGES))
def world(request):
    language = request.param
    expo = ExpoFactory(slug="hooks")
    admin = UserFactory(username="hooks-admin")
    expo.organisers.add(admin)
    LanguagePreference.objects.create(user=admin, language=language)
    applicant = ParticipantFactory(
        expo=expo, status=RegistrationStatus.PENDING, email_confirmed_at=timezone.now(), name="Bat-Erdene"
    )
    with translation.override(language):
        texts = {
            "webhooks": translation.gettext("Webhooks"),
            "registered": translation.gettext("The endpoint is registered."),
            "delivered": str(DeliveryStatus.DELIVERED.label),
            "approved": str(EVENT_LABELS["participant.approved"]),
            "test": str(EVENT_LABELS["webhook.test"]),
            "empty": translation.gettext("No deliveries yet."),
        }
    return {"expo": expo, "admin": admin, "applicant": applicant, "language": language, "texts": texts}


def _in_a_thread(work):
    """The ORM refuses to run in Playwright's thread (it runs an event loop)."""
    errors = []

    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - re-raised below
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def test_an_administrator_registers_an_endpoint_and_sees_its_deliveries(live_server, world, receiver):
    base, texts, language = live_server.url, world["texts"], world["language"]
    with chromium() as browser:
        page = browser.new_context(
            viewport={"width": 390, "height": 844}, locale=LANGUAGES[language]
        ).new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "hooks-admin")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.press("#id_password", "Enter")
        page.goto(f"{base}/expos/hooks/webhooks/")
        assert page.locator("h1").inner_text() == texts["webhooks"]
        assert page.locator("html").get_attribute("lang") == language

        # A receiver inside the organiser's own network: the expo must allow it first.
        page.check("#id_allow_private_targets")
        with page.expect_navigation():
            page.click("form[action$='/webhooks/settings/'] button")
        page.fill("#id_url", receiver.url)
        page.fill("#id_description", "CRM")
        page.check("input[name=events][value='participant.approved']")
        with page.expect_navigation():
            page.click("form.webhook-form button[type=submit]")
        assert texts["registered"] in page.locator("body").inner_text()
        secret = page.locator("#secret code").inner_text()
        assert secret.startswith("whsec_")
        assert texts["empty"] in page.locator("body").inner_text()

        with page.expect_navigation():
            page.click("form[action$='/test/'] button")
        _in_a_thread(lambda: approve(world["applicant"], by=world["admin"]))
        page.reload()
        rows = page.locator("#deliveries tbody tr")
        assert rows.count() == 2
        newest, oldest = rows.nth(0).inner_text(), rows.nth(1).inner_text()
        assert texts["approved"] in newest and texts["delivered"] in newest and "200" in newest
        assert texts["test"] in oldest and texts["delivered"] in oldest
        # The secret is shown once only.
        assert page.locator("#secret").count() == 0
        # Nothing spills over a phone's width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=f"/tmp/webhooks-{language}.png", full_page=True)

    assert [item.json["type"] for item in receiver.received] == ["webhook.test", "participant.approved"]
    assert all(verify(secret, item.headers, item.body) for item in receiver.received)
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["participant.approved"] and endpoint.description == "CRM"
