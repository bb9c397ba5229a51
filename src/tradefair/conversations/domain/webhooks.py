"""Webhooks: organisers' endpoints, the events an expo announces to them, and the
deliveries, signed, retried with backoff and paused when an endpoint keeps failing.

The body and headers are the ``tradefair-webhook/1`` format of docs/webhooks.md, signed
as the Standard Webhooks specification does (``webhook-id``, ``webhook-timestamp``,
``webhook-signature``), so that receivers may verify with its libraries. Whatever
happens to a delivery, the action that made the event is never undone nor slowed down:
events arrive through ``common.events`` once committed, deliveries run on a worker."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.common.events import EVENT_KINDS
from tradefair.conversations.domain.errors import (
    ConversationError,
    ConversationForbidden,
    ConversationNotFound,
)
from tradefair.conversations.domain.webhook_targets import DeliveryFailed, check_url, post
from tradefair.conversations.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookSettings,
)

logger = logging.getLogger(__name__)

FORMAT = "tradefair-webhook/1"
TEST_KIND = "webhook.test"
MAX_ENDPOINTS = 20
# A delivery is tried this many times, waiting BACKOFF_BASE * 2^(n-1) seconds after the
# n-th failure (at most BACKOFF_CAP): 30 s, 1 min, 2 min ... about 14 hours in all.
MAX_ATTEMPTS = 12
BACKOFF_BASE = 30
BACKOFF_CAP = 6 * 3600
# An endpoint is paused after this many failed attempts in a row, or when it has
# failed without a success for this long.
PAUSE_AFTER_FAILURES = 10
PAUSE_AFTER = dt.timedelta(hours=24)
# A delivery claimed by a worker that died is taken again after this long.
STALE_SENDING = dt.timedelta(minutes=5)
# After rotation, the old secret still signs (beside the new one) for this long.
ROTATION_OVERLAP = dt.timedelta(hours=24)


def _may_manage(user, expo) -> bool:
    return bool(user and user.has_perm("conversations.manage_webhooks", expo))


def _require(user, expo) -> None:
    if not _may_manage(user, expo):
        raise ConversationForbidden("forbidden", _("Only the expo's administrators manage its webhooks."))


# ---------------------------------------------------------------------------
# Settings and endpoints


def webhook_settings(expo) -> WebhookSettings:
    return WebhookSettings.objects.filter(expo=expo).first() or WebhookSettings(expo=expo)


def allows_private(expo_id: int) -> bool:
    return WebhookSettings.objects.filter(expo_id=expo_id, allow_private_targets=True).exists()


def set_private_targets(expo, *, by, allowed: bool) -> WebhookSettings:
    """Allow or forbid endpoints on private, loopback and link-local addresses (and
    plain HTTP) for this expo: a decision the audit log keeps."""
    _require(by, expo)
    with transaction.atomic():
        row, _created = WebhookSettings.objects.select_for_update().get_or_create(expo=expo)
        if row.allow_private_targets != bool(allowed):
            row.allow_private_targets = bool(allowed)
            row.save(update_fields=["allow_private_targets"])
            log_action(row, "webhooks.private_targets", actor=by, expo=expo, data={"allowed": bool(allowed)})
    return row


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def _clean_events(events) -> list[str]:
    chosen = [kind for kind in EVENT_KINDS if kind in set(events or ())]
    unknown = sorted(set(events or ()) - set(EVENT_KINDS))
    if unknown:
        raise ConversationError(
            "webhook_events", _("Unknown events: %(names)s.") % {"names": ", ".join(unknown)}
        )
    if not chosen:
        raise ConversationError("webhook_events", _("Choose at least one event."))
    return chosen


def _clean_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > 200:
        raise ConversationError("webhook_description", _("The description is longer than 200 characters."))
    return description


def endpoints_of(expo, *, by):
    _require(by, expo)
    return WebhookEndpoint.objects.filter(expo=expo).order_by("pk")


def get_endpoint(expo, pk: int, *, by) -> WebhookEndpoint:
    _require(by, expo)
    endpoint = WebhookEndpoint.objects.filter(expo=expo, pk=pk).first()
    if endpoint is None:
        raise ConversationNotFound("not_found", _("There is no such webhook endpoint."))
    return endpoint


def register_endpoint(expo, *, by, url: str, events, description: str = "") -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its secret, which is shown this once."""
    _require(by, expo)
    chosen = _clean_events(events)
    description = _clean_description(description)
    url = (url or "").strip()
    check_url(url, allow_private=allows_private(expo.pk))
    secret = new_secret()
    with transaction.atomic():
        if WebhookEndpoint.objects.filter(expo=expo).count() >= MAX_ENDPOINTS:
            raise ConversationError(
                "webhook_limit",
                _("An expo has at most %(most)s webhook endpoints.") % {"most": MAX_ENDPOINTS},
            )
        endpoint = WebhookEndpoint.objects.create(
            expo=expo, url=url, events=chosen, description=description, secret=secret, created_by=by
        )
        log_action(endpoint, "webhook.registered", actor=by, data={"url": url, "events": chosen})
    return endpoint, secret


def update_endpoint(
    endpoint: WebhookEndpoint, *, by, url: str, events, description: str = ""
) -> WebhookEndpoint:
    _require(by, endpoint.expo)
    chosen = _clean_events(events)
    description = _clean_description(description)
    url = (url or "").strip()
    check_url(url, allow_private=allows_private(endpoint.expo_id))
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.url, endpoint.events, endpoint.description = url, chosen, description
        endpoint.save(update_fields=["url", "events", "description"])
        log_action(endpoint, "webhook.changed", actor=by, data={"url": url, "events": chosen})
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint, *, by) -> str:
    """A new secret, shown once. The old one keeps signing beside it for a day
    (receivers accept either signature) so that a receiver can be switched over."""
    _require(by, endpoint.expo)
    secret = new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_until = timezone.now() + ROTATION_OVERLAP
        endpoint.secret = secret
        endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
        log_action(endpoint, "webhook.secret_rotated", actor=by)
    return secret


def delete_endpoint(endpoint: WebhookEndpoint, *, by) -> None:
    _require(by, endpoint.expo)
    with transaction.atomic():
        log_action(endpoint, "webhook.deleted", actor=by, data={"url": endpoint.url})
        endpoint.delete()


def resume_endpoint(endpoint: WebhookEndpoint, *, by) -> list[int]:
    """Unpause: the deliveries that waited are due at once. Returns their ids."""
    _require(by, endpoint.expo)
    now = timezone.now()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        if endpoint.paused_at is None:
            raise ConversationError("webhook_not_paused", _("This endpoint is not paused."))
        endpoint.paused_at = None
        endpoint.pause_reason = ""
        endpoint.consecutive_failures = 0
        endpoint.failing_since = None
        endpoint.save(update_fields=["paused_at", "pause_reason", "consecutive_failures", "failing_since"])
        waiting = endpoint.deliveries.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        ids = list(waiting.values_list("pk", flat=True))
        waiting.update(status=DeliveryStatus.PENDING, next_attempt_at=now)
        log_action(endpoint, "webhook.resumed", actor=by, data={"waiting_deliveries": len(ids)})
    return ids


def send_test_event(endpoint: WebhookEndpoint, *, by) -> WebhookDelivery:
    """A ``webhook.test`` event for this endpoint alone (also while it is paused)."""
    _require(by, endpoint.expo)
    with transaction.atomic():
        event = _store_event(
            endpoint.expo, TEST_KIND, timezone.now(), {"message": "A test event sent from Tradefair."}
        )
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, next_attempt_at=timezone.now()
        )
        log_action(endpoint, "webhook.test_sent", actor=by, data={"event": str(event.pk)})
    return delivery


def deliveries_of(endpoint: WebhookEndpoint, *, by, status: str = ""):
    _require(by, endpoint.expo)
    rows = endpoint.deliveries.select_related("event").order_by("-created_at", "-pk")
    if status:
        if status not in DeliveryStatus.values:
            raise ConversationError("status", _("Choose one of the listed statuses."))
        rows = rows.filter(status=status)
    return rows


def get_delivery(endpoint: WebhookEndpoint, pk: int, *, by) -> WebhookDelivery:
    _require(by, endpoint.expo)
    delivery = endpoint.deliveries.select_related("event").filter(pk=pk).first()
    if delivery is None:
        raise ConversationNotFound("not_found", _("There is no such delivery."))
    return delivery


# ---------------------------------------------------------------------------
# Events


def _store_event(expo, kind: str, occurred_at, data: dict) -> WebhookEvent:
    event = WebhookEvent(expo=expo, kind=kind, occurred_at=occurred_at)
    event.body = {
        "format": FORMAT,
        "id": str(event.pk),
        "type": kind,
        "occurred_at": occurred_at.astimezone(dt.UTC).isoformat(),
        "expo": {"slug": expo.slug, "edition": expo.edition},
        "data": data,
    }
    event.save()
    return event


def record_event(kind: str, *, expo_id: int, occurred_at, payload) -> list[int]:
    """Store the event for each endpoint of the expo that asked for it, and return the
    new deliveries' ids. An expo without such endpoints costs one query, and the payload
    is never built."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(expo_id=expo_id).select_related("expo")
        if kind in endpoint.events
    ]
    if not endpoints:
        return []
    data = payload()
    parts = data if isinstance(data, list) else [data]
    now = timezone.now()
    ids = []
    with transaction.atomic():
        for part in parts:
            event = _store_event(endpoints[0].expo, kind, occurred_at, part)
            for endpoint in endpoints:
                delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, next_attempt_at=now)
                if endpoint.paused_at is None:
                    ids.append(delivery.pk)
    return ids


# ---------------------------------------------------------------------------
# Delivery


def signature(secret: str, event_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256>`` of ``id.timestamp.body`` with the secret's key (the
    base64 part after ``whsec_``)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{event_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def request_of(delivery: WebhookDelivery, *, now=None) -> tuple[bytes, dict]:
    """The bytes and headers of one attempt (the same body each time, a fresh timestamp)."""
    now = now or timezone.now()
    endpoint, event = delivery.endpoint, delivery.event
    body = json.dumps(event.body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(now.timestamp())
    signatures = [signature(endpoint.secret, str(event.pk), timestamp, body)]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        signatures.append(signature(endpoint.previous_secret, str(event.pk), timestamp, body))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tradefair-Webhooks/1",
        "webhook-id": str(event.pk),
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
        "Tradefair-Event": event.kind,
        "Tradefair-Delivery": str(delivery.pk),
        "Tradefair-Attempt": str(delivery.attempts + 1),
    }
    return body, headers


def backoff(attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failed attempt."""
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))


def _claim(delivery_id: int, now) -> WebhookDelivery | None:
    """Take the delivery for one attempt, unless another worker has it, it was delivered
    or given up, or it is not due: so a task run twice sends once."""
    due = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, last_attempt_at__lte=now - STALE_SENDING
    )
    taken = (
        WebhookDelivery.objects.filter(due, pk=delivery_id)
        .filter(Q(endpoint__paused_at__isnull=True) | Q(event__kind=TEST_KIND))
        .update(status=DeliveryStatus.SENDING, last_attempt_at=now)
    )
    if not taken:
        return None
    return WebhookDelivery.objects.select_related("endpoint__expo", "event").get(pk=delivery_id)


def attempt_delivery(delivery_id: int, *, now=None) -> int | None:
    """One attempt. Returns the seconds until the next one when it failed and will be
    retried, else None (delivered, given up, or not this worker's to send)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    body, headers = request_of(delivery, now=now)
    code, error = None, ""
    try:
        answer = post(endpoint.url, body, headers, allow_private=allows_private(endpoint.expo_id))
        code = answer.status
        if not 200 <= code < 300:
            error = "redirects are not followed" if 300 <= code < 400 else f"answered HTTP {code}"
    except DeliveryFailed as failure:
        error = str(failure)[:300]
    return _record_attempt(delivery, code=code, error=error, now=now)


def _record_attempt(delivery: WebhookDelivery, *, code: int | None, error: str, now) -> int | None:
    test = delivery.event.kind == TEST_KIND
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        delivery.attempts += 1
        delivery.response_code = code
        delivery.error = error
        delivery.last_attempt_at = now
        retry = None
        if not error:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            if not test:
                endpoint.consecutive_failures = 0
                endpoint.failing_since = None
        else:
            if delivery.attempts >= MAX_ATTEMPTS or test:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
            else:
                retry = backoff(delivery.attempts)
                delivery.status = DeliveryStatus.RETRYING
                delivery.next_attempt_at = now + dt.timedelta(seconds=retry)
            if not test:
                endpoint.consecutive_failures += 1
                endpoint.failing_since = endpoint.failing_since or now
        delivery.save(
            update_fields=[
                "attempts",
                "response_code",
                "error",
                "last_attempt_at",
                "status",
                "delivered_at",
                "next_attempt_at",
            ]
        )
        paused = False
        if (
            error
            and not test
            and endpoint.paused_at is None
            and (
                endpoint.consecutive_failures >= PAUSE_AFTER_FAILURES
                or now - endpoint.failing_since >= PAUSE_AFTER
            )
        ):
            endpoint.paused_at = now
            endpoint.pause_reason = error
            paused = True
            retry = None
        endpoint.save(update_fields=["consecutive_failures", "failing_since", "paused_at", "pause_reason"])
        if paused:
            log_action(
                endpoint,
                "webhook.paused",
                data={"failures": endpoint.consecutive_failures, "last_error": error},
            )
            _tell_organisers(endpoint)
    return retry


def _tell_organisers(endpoint: WebhookEndpoint) -> None:
    """An e-mail to the expo's administrators, each in their own language."""
    from django.urls import reverse

    from tradefair.common.languages import remembered_language

    expo = endpoint.expo
    link = settings.SITE_URL + reverse("conversations:webhook", kwargs={"slug": expo.slug, "pk": endpoint.pk})
    users = expo.organisers.filter(organiser_roles__expo=expo, organiser_roles__level="admin", is_active=True)
    for user in users.exclude(email="").distinct():
        with translation.override(remembered_language(user) or settings.LANGUAGE_CODE):
            subject = _("Webhook paused: %(url)s") % {"url": endpoint.url[:80]}
            body = _(
                "The webhook endpoint %(url)s of %(expo)s failed %(count)s times in a row and is paused. "
                "Events are kept for it. Last error: %(error)s\n\nOnce the receiver works again, resume it "
                "here: %(link)s"
            ) % {
                "url": endpoint.url,
                "expo": expo.slug,
                "count": endpoint.consecutive_failures,
                "error": endpoint.pause_reason,
                "link": link,
            }
        message = EmailMessage(subject=subject, body=body, to=[user.email])
        transaction.on_commit(lambda message=message: message.send(fail_silently=True))


def due_deliveries(now=None) -> list[int]:
    now = now or timezone.now()
    due = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, last_attempt_at__lte=now - STALE_SENDING
    )
    return list(
        WebhookDelivery.objects.filter(due)
        .filter(Q(endpoint__paused_at__isnull=True) | Q(event__kind=TEST_KIND))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    )


def deliver_due(now=None) -> int:
    """Attempt every delivery that is due (the sweep of a worker's beat, and of tests
    standing in for the clock). Returns how many were attempted."""
    ids = due_deliveries(now)
    for pk in ids:
        attempt_delivery(pk, now=now)
    return len(ids)
