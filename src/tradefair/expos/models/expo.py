import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not an IANA time zone."), params={"value": value})


def validate_languages(value) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Offer at least one language."))
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s."), params={"codes": ", ".join(map(str, unknown))}
        )


def validate_reader_fallbacks(value) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, dict) or not all(
        isinstance(chain, list) and all(isinstance(code, str) for code in chain) for chain in value.values()
    ):
        raise ValidationError(_("Give, for a reader's language, a list of languages to try next."))
    unknown = sorted({str(code) for reader, chain in value.items() for code in [reader, *chain]} - known)
    if unknown:
        raise ValidationError(_("Unknown language codes: %(codes)s."), params={"codes": ", ".join(unknown)})


def default_languages() -> list[str]:
    return ["zh-hans", "en", "ja", "ko", "ru", "mn"]


class ExpoStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Expo(models.Model):
    """One edition of an expo. Everything else (pavilions, participants, deals) hangs off
    an edition, because figures are reported per edition. The editions of one expo share a
    ``series`` and are ordered by their edition number, whatever their slugs."""

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    series = models.SlugField(
        _("series"),
        max_length=50,
        blank=True,
        default="",
        help_text=_(
            "A short name shared by every edition of this expo, such as “cnea”: the results compare "
            "an edition with the previous one of its series. Empty for a one-off expo."
        ),
    )
    edition = models.PositiveSmallIntegerField(_("edition number"), validators=[MinValueValidator(1)])
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True, default="")
    host_city = I18nCharField(_("host city"))
    venue = I18nCharField(_("venue"), blank=True, default="")
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    host_country = models.CharField(
        _("host country or region"),
        max_length=2,
        default="CN",
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Give an ISO 3166 code such as CN."))],
        help_text=_("Exhibitors and deal parties from elsewhere count as foreign in the results."),
    )
    base_currency = models.CharField(
        _("base currency"),
        max_length=3,
        default="CNY",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Give an ISO 4217 code such as CNY."))],
    )
    languages = models.JSONField(
        _("languages offered"),
        default=default_languages,
        validators=[validate_languages],
        help_text=_("In fallback order: a text missing in one language is shown in the next."),
    )
    reader_fallbacks = models.JSONField(
        _("fallbacks per reader's language"),
        default=dict,
        blank=True,
        validators=[validate_reader_fallbacks],
        help_text=_(
            'Languages tried first for readers of one language, e.g. {"ar": ["zh-hans", "en"]}. '
            "Without an entry, Arabic, French and other readers get English before Chinese."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ExpoStatus.choices, default=ExpoStatus.DRAFT
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        through="expos.Organiser",
        related_name="organised_expos",
        verbose_name=_("organisers"),
    )
    personal_data_retention_days = models.PositiveIntegerField(
        _("keep personal data for (days after the expo)"),
        null=True,
        blank=True,
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "After the last day plus this many days, participants' personal data is erased "
            "(tradefair purge-personal-data); the figures stay. Empty keeps it until someone asks."
        ),
    )
    anti_passback_minutes = models.PositiveSmallIntegerField(
        _("anti-passback (minutes)"),
        default=0,
        validators=[MaxValueValidator(1440)],
        help_text=_(
            "A badge that entered at one gate is refused at another for this many minutes "
            "(gate staff may let the holder in anyway, which is logged). 0 turns it off."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts", "slug"]
        verbose_name = _("expo")
        verbose_name_plural = _("expos")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="expo_ends_after_it_starts"),
            # Editions of a series are told apart by their number; one-off expos have no series.
            models.UniqueConstraint(
                fields=["series", "edition"],
                condition=~Q(series=""),
                name="one_edition_number_per_series",
                violation_error_message=_("This series already has an edition with this number."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> datetime.date:
        """The date at the venue: "has the expo ended?" is asked of its own calendar, not
        of the server's (UTC) one."""
        return datetime.datetime.now(self.tz).date()

    @property
    def is_public(self) -> bool:
        return self.status != ExpoStatus.DRAFT
