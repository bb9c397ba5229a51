from django.db import models
from django.utils.translation import gettext_lazy as _


class WritePolicy(models.TextChoices):
    EVERYONE = "everyone", _("Every participant may write to every participant and exhibitor team")
    TO_EXHIBITORS = "to_exhibitors", _("Participants may write to exhibitors only")
    BUYERS_TO_EXHIBITORS = (
        "buyers_to_exhibitors",
        _("Buyers, merchants and investors may write to exhibitors only"),
    )
    NOBODY = "nobody", _("Nobody may start a conversation")


class ConversationSettings(models.Model):
    """The organisers' rules for conversations of one expo. Kept here, keyed by the expo,
    so that conversations need no change to the expo's own table (docs/decisions.md)."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="conversation_settings")
    write_policy = models.CharField(
        _("who may write to whom"), max_length=24, choices=WritePolicy.choices, default=WritePolicy.EVERYONE
    )
    daily_limit = models.PositiveSmallIntegerField(
        _("new conversations a person may start a day"),
        default=20,
        help_text=_("Counted over the last 24 hours; answering is never limited by this number."),
    )

    class Meta:
        verbose_name = _("conversation settings")
        verbose_name_plural = _("conversation settings")

    def __str__(self) -> str:
        return str(self.expo)
