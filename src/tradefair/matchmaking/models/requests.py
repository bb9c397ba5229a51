from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    COUNTER_PROPOSED = "proposed", _("Another time proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.COUNTER_PROPOSED)


class MeetingRequest(models.Model):
    """A participant asks another for a meeting. Accepted requests become required pairs
    of the next round; open ones expire so they never block a counterpart for long."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="meeting_requests")
    sender = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="received_requests"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    preferred_start = models.DateTimeField(_("preferred time"), null=True, blank=True)
    proposed_start = models.DateTimeField(_("time proposed instead"), null=True, blank=True)
    reply = models.TextField(_("reply"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    # An online meeting that asks for it has an interpreter's seat in its room.
    interpretation = models.CharField(
        _("interpretation"),
        max_length=10,
        blank=True,
        help_text=_("The language an interpreter should translate into, if the meeting needs one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="no_request_to_oneself"),
            # One open request per ordered pair: a second click does not queue a duplicate.
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status__in=["pending", "proposed"]),
                name="one_open_request_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"]), models.Index(fields=["expo", "status"])]

    def __str__(self) -> str:
        return f"{self.sender_id} -> {self.recipient_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
