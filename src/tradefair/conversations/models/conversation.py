from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MAX_BODY = 5000


class Conversation(models.Model):
    """A thread between the participant who started it and either another participant
    or an exhibitor's team: every approved person of the exhibitor's organisation in
    the expo reads and answers it, so a question reaches whoever is at the stand."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="conversations")
    starter = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    counterpart = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    exhibitor = models.ForeignKey(
        "catalog.Exhibitor", null=True, blank=True, on_delete=models.CASCADE, related_name="conversations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The first answer from the other side: "answered within 24 hours" on the dashboard.
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(counterpart__isnull=False) & Q(exhibitor__isnull=True))
                | (Q(counterpart__isnull=True) & Q(exhibitor__isnull=False)),
                name="conversation_with_a_person_or_a_team",
            ),
            models.CheckConstraint(
                condition=~Q(starter=F("counterpart")), name="no_conversation_with_oneself"
            ),
            # Writing again to the same person or team continues the same thread.
            models.UniqueConstraint(
                fields=["starter", "counterpart"],
                condition=Q(counterpart__isnull=False),
                name="one_conversation_per_pair",
            ),
            models.UniqueConstraint(
                fields=["starter", "exhibitor"],
                condition=Q(exhibitor__isnull=False),
                name="one_conversation_per_team",
            ),
        ]
        indexes = [models.Index(fields=["expo", "created_at"])]

    def __str__(self) -> str:
        return f"{self.starter_id} -> {self.counterpart_id or f'exhibitor {self.exhibitor_id}'}"


class Message(models.Model):
    """Plain text in any script, never HTML: pages escape it and keep only line breaks."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=MAX_BODY)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Set when the organisers removed the message after a report: the row stays, its
    # text is no longer shown.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["conversation", "id"])]

    def __str__(self) -> str:
        return f"message {self.pk}"


class ReadMarker(models.Model):
    """How far one person has read one conversation (each team member has their own)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="read_markers")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "participant"], name="one_read_marker_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} read {self.conversation_id} to {self.last_read_id}"


class ConversationRequest(models.Model):
    """A meeting request that a conversation turned into: the request page links back."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="requests")
    request = models.OneToOneField(
        "matchmaking.MeetingRequest", on_delete=models.CASCADE, related_name="conversation_link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.conversation_id} -> request {self.request_id}"
