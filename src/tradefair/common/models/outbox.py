from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    RETRY = "retry", _("Waiting to retry")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Given up")
    # Kept for the recipient's daily digest, then marked digested when the digest is written.
    HELD = "held", _("Held for the digest")
    DIGESTED = "digested", _("Sent in a digest")
    DROPPED = "dropped", _("Not sent (notifications off)")


class OutgoingMail(models.Model):
    """One e-mail to one person, written in the same transaction as the action that
    caused it (a rolled-back approval leaves no mail behind) and sent by a task that may
    fail and retry: the row, not a task queue or an SMTP server, is the copy that is never
    lost. Subject and body are rendered in the recipient's language when the row is written."""

    to_address = models.EmailField(max_length=254)
    to_name = models.CharField(max_length=200, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    language = models.CharField(max_length=10, blank=True)
    # Extra headers (List-Unsubscribe, List-Unsubscribe-Post); Message-ID is its own field
    # so that every attempt sends the same one and a receiver can tell a repeat.
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    # What the mail is about, for digests and the organiser's view: "request_received", ...
    kind = models.CharField(max_length=40, blank=True)
    # Whose digest a held mail belongs to ("participant:12"): the layer that knows people says.
    recipient_key = models.CharField(max_length=60, blank=True, db_index=True)
    # Set when one event must never be mailed twice (an unread-message reminder).
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)
    # The mark of the sender that holds the row for its current attempt.
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=Q(status__in=["queued", "retry", "sending"]),
                name="outgoing_mail_due",
            ),
            models.Index(fields=["recipient_key", "status"], name="outgoing_mail_held"),
        ]

    def __str__(self) -> str:
        return f"{self.kind or 'mail'} to {self.to_address} ({self.status})"


class OutgoingAttachment(models.Model):
    mail = models.ForeignKey(OutgoingMail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.filename
