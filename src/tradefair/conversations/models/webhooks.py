"""Webhooks: the organisers' endpoints, the events an expo announced, and each delivery
of an event to an endpoint (docs/webhooks.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WebhookSettings(models.Model):
    """Per expo: whether endpoints may point at private addresses (a receiver inside the
    organiser's own network, or a test receiver). Off by default; kept here, keyed by the
    expo, like the conversation settings."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="webhook_settings")
    allow_private_targets = models.BooleanField(
        _("allow private and loopback addresses"),
        default=False,
        help_text=_(
            "Only for a receiver inside your own network. Plain HTTP is then accepted too. "
            "Leave off otherwise: the server's own network is not the public internet's."
        ),
    )

    class Meta:
        verbose_name = _("webhook settings")
        verbose_name_plural = _("webhook settings")

    def __str__(self) -> str:
        return str(self.expo)


class WebhookEndpoint(models.Model):
    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.CharField(_("address (URL)"), max_length=2000)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # The event kinds (common.events.EVENT_KINDS) this endpoint receives.
    events = models.JSONField(_("events"), default=list)
    # Kept as is: signing needs the secret itself, so it cannot be stored as a digest.
    secret = models.CharField(max_length=80)
    # After a rotation the old secret signs beside the new one until this moment.
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


class WebhookEvent(models.Model):
    """An event as it is sent: its id (the receivers' key for idempotence) and the whole
    body, built once so that every endpoint and every retry sends the same bytes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="webhook_events")
    kind = models.CharField(max_length=40)
    occurred_at = models.DateTimeField()
    body = models.JSONField()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["expo", "-occurred_at"], name="webhook_event_expo_time")]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    RETRYING = "retrying", _("Will retry")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            # An event reaches an endpoint once: a second announcement stores nothing twice.
            models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_endpoint_and_event"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=Q(status__in=["pending", "retrying", "sending"]),
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.endpoint_id}"
