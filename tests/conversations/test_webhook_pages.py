"""Webhooks from the organisers' pages and through /api/v1/: the same domain functions,
a real receiver on 127.0.0.1 behind them."""

import pytest
from django.utils import translation

from tests.conversations.receiver import start_receiver, verify
from tests.factories import ExpoFactory, UserFactory
from tradefair.common.models import AuditEntry
from tradefair.conversations.domain import webhooks
from tradefair.conversations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookSettings
from tradefair.expos.models import OrganiserLevel

pytestmark = pytest.mark.django_db
A = "/api/v1/expos/hooks/"
P = "/expos/hooks/webhooks/"


@pytest.fixture(autouse=True)
def _synchronous(settings):
    settings.WEBHOOKS_SYNCHRONOUS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def receiver():
    item = start_receiver()
    yield item
    item.server.shutdown()
    item.server.server_close()


@pytest.fixture
def expo():
    return ExpoFactory(slug="hooks")


@pytest.fixture
def admin(expo):
    user = UserFactory(username="hook-admin")
    expo.organisers.add(user)
    return user


def _post(client, path, data=None, method="post"):
    return getattr(client, method)(A + path, data or {}, content_type="application/json")


def test_an_administrator_registers_tests_and_reads_deliveries_through_the_api(
    client, expo, admin, receiver, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    assert _post(client, "webhook-settings", {"allow_private_targets": True}, "put").json() == {
        "allow_private_targets": True
    }
    created = _post(
        client, "webhooks", {"url": receiver.url, "events": ["deal.signed", "participant.approved"]}
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    endpoint_id = created.json()["id"]
    assert created.json()["events"] == ["participant.approved", "deal.signed"]
    listed = client.get(A + "webhooks").json()
    assert listed["count"] == 1 and "secret" not in listed["results"][0]

    with django_capture_on_commit_callbacks(execute=True):
        tested = _post(client, f"webhooks/{endpoint_id}/test")
    assert tested.status_code == 202
    (item,) = receiver.received
    assert verify(secret, item.headers, item.body)
    deliveries = client.get(A + f"webhooks/{endpoint_id}/deliveries").json()
    assert deliveries["count"] == 1
    row = deliveries["results"][0]
    assert (row["event_type"], row["status"], row["response_code"], row["attempts"]) == (
        "webhook.test",
        "delivered",
        200,
        1,
    )
    assert row["event_id"] == item.json["id"]

    rotated = _post(client, f"webhooks/{endpoint_id}/rotate-secret").json()["secret"]
    assert rotated != secret
    changed = _post(
        client, f"webhooks/{endpoint_id}", {"url": receiver.url, "events": ["meeting.held"]}, "put"
    )
    assert changed.json()["events"] == ["meeting.held"]
    assert _post(client, f"webhooks/{endpoint_id}/resume").status_code == 400
    assert client.delete(A + f"webhooks/{endpoint_id}").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="webhook")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "webhooks.private_targets",
        "webhook.registered",
        "webhook.test_sent",
        "webhook.secret_rotated",
        "webhook.changed",
        "webhook.deleted",
    ]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://127.0.0.1/hook", "webhook_private_address"),
        ("https://169.254.169.254/latest/meta-data/", "webhook_private_address"),
        ("https://[::1]/hook", "webhook_private_address"),
        ("http://93.184.216.34/hook", "webhook_https"),
        ("ftp://93.184.216.34/hook", "webhook_url"),
        ("https://user:pw@93.184.216.34/hook", "webhook_url"),
        ("not a url", "webhook_url"),
    ],
)
def test_the_api_refuses_unreachable_targets_with_a_message(client, expo, admin, url, code):
    client.force_login(admin)
    refused = _post(client, "webhooks", {"url": url, "events": ["deal.signed"]})
    assert refused.status_code == 400
    assert refused.json()["code"] == code
    assert refused.json()["detail"]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("level", [OrganiserLevel.STAFF, OrganiserLevel.VIEWER])
def test_staff_and_viewers_are_refused(client, expo, admin, level):
    user = UserFactory()
    expo.organisers.add(user, through_defaults={"level": level})
    client.force_login(user)
    assert client.get(A + "webhooks").status_code == 403
    assert client.get(P).status_code == 403
    assert (
        _post(client, "webhooks", {"url": "https://93.184.216.34/", "events": ["deal.signed"]}).status_code
        == 403
    )


def test_an_administrator_registers_an_endpoint_on_the_page_and_sees_the_secret_once(
    client, expo, admin, receiver, django_capture_on_commit_callbacks
):
    WebhookSettings.objects.create(expo=expo, allow_private_targets=True)
    client.force_login(admin)
    empty = client.get(P)
    assert "No webhook endpoints yet." in empty.content.decode()
    response = client.post(P, {"url": receiver.url, "events": ["deal.signed"], "description": "CRM"})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{P}{endpoint.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    assert endpoint.secret not in client.get(response["Location"]).content.decode()  # once only
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{P}{endpoint.pk}/test/")
    page = client.get(f"{P}{endpoint.pk}/").content.decode()
    assert "Delivered" in page and str(WebhookDelivery.objects.get().event_id) in page
    assert len(receiver.received) == 1


def test_the_page_refuses_a_private_target_with_the_reason(client, expo, admin):
    client.force_login(admin)
    response = client.post(P, {"url": "https://10.0.0.8/hook", "events": ["deal.signed"]})
    assert response.status_code == 400
    assert "10.0.0.8" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_deliveries_are_paginated_and_filtered(client, expo, admin):
    from django.utils import timezone

    from tradefair.conversations.models import WebhookEvent

    client.force_login(admin)
    endpoint = WebhookEndpoint.objects.create(
        expo=expo, url="https://93.184.216.34/", events=["deal.signed"], secret="x"
    )
    for number in range(30):
        event = WebhookEvent.objects.create(
            expo=expo, kind="deal.signed", occurred_at=timezone.now(), body={}
        )
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=event,
            status=DeliveryStatus.FAILED if number % 3 == 0 else DeliveryStatus.DELIVERED,
        )
    first = client.get(f"{P}{endpoint.pk}/").content.decode()
    assert first.count('class="status-') == 25 and "Page 1 of 2" in first
    failed = client.get(f"{P}{endpoint.pk}/?status=failed").content.decode()
    assert failed.count('class="status-failed"') == 10 and 'class="status-delivered"' not in failed
    api = client.get(A + f"webhooks/{endpoint.pk}/deliveries?status=failed&page_size=4").json()
    assert api["count"] == 10 and len(api["results"]) == 4 and api["next"]
    assert client.get(A + f"webhooks/{endpoint.pk}/deliveries?status=lost").status_code == 400


def test_the_pages_speak_the_organisers_language(client, expo, admin):
    client.force_login(admin)
    WebhookEndpoint.objects.create(
        expo=expo, url="https://93.184.216.34/", events=["deal.signed"], secret="x"
    )
    with translation.override("zh-hans"):
        expected = str(webhooks_label("deal.signed"))
    page = client.get(P, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert expected in page and expected != "Deal signed"


def webhooks_label(kind):
    from tradefair.conversations.domain.webhook_labels import EVENT_LABELS

    return EVENT_LABELS[kind]


def test_a_paused_endpoint_is_resumed_from_its_page(client, expo, admin):
    from django.utils import timezone

    client.force_login(admin)
    endpoint = WebhookEndpoint.objects.create(
        expo=expo,
        url="https://93.184.216.34/",
        events=["deal.signed"],
        secret=webhooks.new_secret(),
        paused_at=timezone.now(),
        pause_reason="answered HTTP 500",
        consecutive_failures=10,
    )
    page = client.get(f"{P}{endpoint.pk}/").content.decode()
    assert "Paused" in page and "answered HTTP 500" in page
    client.post(f"{P}{endpoint.pk}/resume/")
    endpoint.refresh_from_db()
    assert endpoint.paused_at is None and endpoint.consecutive_failures == 0
    assert client.post(f"{P}{endpoint.pk}/explode/").status_code == 404
