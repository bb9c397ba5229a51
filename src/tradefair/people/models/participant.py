from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Role(models.TextChoices):
    MERCHANT = "merchant", _("Merchant")
    BUYER = "buyer", _("Buyer")
    EXHIBITOR = "exhibitor", _("Exhibitor")
    INVESTOR = "investor", _("Investor")
    PROJECT_OWNER = "project_owner", _("Project owner")
    DELEGATION_MEMBER = "delegation_member", _("Delegation member")
    SPEAKER = "speaker", _("Speaker")
    MEDIA = "media", _("Media")
    STAFF = "staff", _("Staff")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class EmailNotifications(models.TextChoices):
    AT_ONCE = "at_once", _("At once")
    DIGEST = "digest", _("Once a day, in a digest")
    OFF = "off", _("Off")


class Participant(models.Model):
    """A person registered for one expo. A delegation leader may register members who
    have no account yet, so the user is optional; the name is kept in the person's own
    script with a Latin transliteration for badges and visa letters."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    country = CountryField(_("country or region"), db_index=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    status = models.CharField(
        _("registration status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    arrival = models.DateField(_("arrival"), null=True, blank=True)
    departure = models.DateField(_("departure"), null=True, blank=True)
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(
        _("language for correspondence"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    email_notifications = models.CharField(
        _("e-mail notifications"),
        max_length=10,
        choices=EmailNotifications.choices,
        default=EmailNotifications.AT_ONCE,
        help_text=_("Requests, meetings, messages and letters of this expo, by e-mail."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    review_note = models.TextField(
        _("note from the organisers"),
        blank=True,
        help_text=_("The reason for a rejection or the changes asked for; the applicant reads it."),
    )
    delegation_leader = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegation_members",
        verbose_name=_("delegation leader"),
    )
    # Set when the person's data was erased (on request or after the expo's retention
    # period): the row stays so that the edition's figures stay, without the person.
    anonymised_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["expo", "name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["expo", "user"],
                condition=Q(user__isnull=False),
                name="one_participation_per_user_and_expo",
            ),
            models.UniqueConstraint(
                fields=["expo", "external_id"],
                condition=~Q(external_id=""),
                name="participant_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(arrival__isnull=True)
                | Q(departure__isnull=True)
                | Q(departure__gte=F("arrival")),
                name="participant_departs_after_arrival",
            ),
        ]
        indexes = [models.Index(fields=["expo", "status"])]

    def __str__(self) -> str:
        return self.name


class ParticipantRole(models.Model):
    """One role of a participant; a person can be a buyer and a speaker at once."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["participant", "role"], name="role_once_per_participant")
        ]
        indexes = [models.Index(fields=["role", "participant"])]

    def __str__(self) -> str:
        return self.get_role_display()
