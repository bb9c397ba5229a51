from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tradefair.commerce.models.packages import SpaceType
from tradefair.common.taxonomy import validate_hs_codes


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WAITLISTED = "waitlisted", _("On the waiting list")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# What an organiser may still decide about an application in each status.
OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.CHANGES_REQUESTED,
)


class Application(models.Model):
    """An organisation's request for space at one expo, from the person who sends it.
    One per applicant and expo: a changed request is the same application sent again."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="exhibitor_applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exhibitor_applications"
    )
    organisation_name = models.CharField(_("organisation (legal name)"), max_length=300)
    country = CountryField(_("country or region"))
    address = models.TextField(_("address for the invoice"), max_length=1000)
    tax_id = models.CharField(_("taxpayer identification number"), max_length=40, blank=True)
    pavilion = models.ForeignKey(
        "expos.Pavilion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pavilion wanted"),
    )
    package = models.ForeignKey(
        "commerce.BoothPackage",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("package"),
    )
    space_type = models.CharField(_("space type"), max_length=8, choices=SpaceType.choices)
    area_m2 = models.DecimalField(
        _("size (m²)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10000"))],
    )
    extras = models.JSONField(_("extras"), default=dict, blank=True, help_text="extra id -> quantity")
    products = models.TextField(_("products shown"), max_length=4000)
    hs_codes = models.JSONField(_("HS codes"), default=list, blank=True, validators=[validate_hs_codes])
    staff_count = models.PositiveSmallIntegerField(
        _("staff at the booth"), default=2, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    reason = models.TextField(_("reason given"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    exhibitor = models.ForeignKey(
        "catalog.Exhibitor", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["expo", "submitted_at", "id"]
        verbose_name = _("exhibitor application")
        verbose_name_plural = _("exhibitor applications")
        constraints = [
            models.UniqueConstraint(
                fields=["expo", "applicant"], name="one_application_per_applicant_and_expo"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(exhibitor__isnull=False), name="approved_has_exhibitor"
            ),
        ]
        indexes = [models.Index(fields=["expo", "status"])]

    def __str__(self) -> str:
        return self.organisation_name


class TeamMember(models.Model):
    """A colleague an approved exhibitor invited to staff its booth: each holds one staff
    badge of the order's quota."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="team")
    participant = models.OneToOneField(
        "people.Participant", on_delete=models.CASCADE, related_name="exhibitor_team_seat"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "invited_at", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return str(self.participant)
