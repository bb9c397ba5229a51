from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchmakingSettings(models.Model):
    """The organiser's rules for one expo's matchmaking: who may meet whom, how much
    weight each kind of fit carries, and how long a request may block a counterpart."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="matchmaking_settings")
    request_expiry_hours = models.PositiveIntegerField(
        _("pending requests expire after (hours)"), default=72, validators=[MinValueValidator(1)]
    )
    max_pending_requests = models.PositiveIntegerField(
        _("most pending requests one participant may send"), default=20, validators=[MinValueValidator(1)]
    )
    exhibitors_meet_exhibitors = models.BooleanField(_("exhibitors may meet exhibitors"), default=False)
    cross_border_bonus = models.FloatField(
        _("preference for cross-border pairs"),
        default=0.15,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Added to the score of a pair from two different countries or regions."),
    )
    interpreter_languages = models.JSONField(
        _("languages with an interpreter"),
        default=list,
        blank=True,
        help_text=_("Language codes the organiser provides interpreters for, to and from the host language."),
    )
    sponsor_factor = models.FloatField(
        _("weight of sponsors"), default=1.5, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("matchmaking settings")
        verbose_name_plural = _("matchmaking settings")

    def __str__(self) -> str:
        return f"matchmaking settings of {self.expo_id}"


class MeetingMode(models.TextChoices):
    """How a participant takes part in the expo's matchmaking rounds (spec/matchmaking.md,
    participants' `mode`): at the tables in the hall, by video only, or either way."""

    ONSITE = "onsite", _("On site, at the tables")
    ONLINE = "online", _("Online only, by video")
    EITHER = "either", _("On site or online")


class MatchPreferences(models.Model):
    """A participant's own rules (countries and sectors they will not meet), how they take
    part in meetings (on site, online or either), and the organiser's mark for sponsors,
    whose requests and recommendations weigh more."""

    participant = models.OneToOneField(
        "people.Participant", on_delete=models.CASCADE, related_name="match_preferences"
    )
    excluded_countries = models.JSONField(
        _("countries and regions I do not want to meet"), default=list, blank=True
    )
    excluded_sectors = models.JSONField(_("ISIC sections I do not want to meet"), default=list, blank=True)
    is_sponsor = models.BooleanField(_("sponsor"), default=False)
    meeting_mode = models.CharField(
        _("how I take part in meetings"),
        max_length=8,
        choices=MeetingMode.choices,
        default=MeetingMode.ONSITE,
    )
    # A remote participant's own clock: their agenda and calendar are shown on it beside the
    # expo's, and their local hours limit the slots they are given. Empty: the expo's zone.
    time_zone = models.CharField(_("my time zone"), max_length=64, blank=True)
    local_hours_from = models.TimeField(_("available from (my time)"), null=True, blank=True)
    local_hours_until = models.TimeField(_("available until (my time)"), null=True, blank=True)

    class Meta:
        verbose_name = _("matchmaking preferences")
        verbose_name_plural = _("matchmaking preferences")

    def __str__(self) -> str:
        return f"preferences of {self.participant_id}"


class MarkKind(models.TextChoices):
    BOOKMARK = "bookmark", _("Bookmarked")
    NOT_INTERESTED = "not_interested", _("Not interested")


class Mark(models.Model):
    """Explicit interest: a bookmark raises a pair, "not interested" removes it."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=MarkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["participant", "target"], name="one_mark_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.kind} {self.target_id}"
