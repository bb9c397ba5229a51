from django.db import models
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nTextField


class ContactVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    PARTICIPANTS = "participants", _("Registered participants of the expo")
    HIDDEN = "hidden", _("Nobody (contact through meeting requests only)")


class Exhibitor(models.Model):
    """An organisation's presence at one expo: where it stands and what it shows."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="exhibitors")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="exhibitions"
    )
    pavilion = models.ForeignKey(
        "expos.Pavilion", null=True, blank=True, on_delete=models.SET_NULL, related_name="exhibitors"
    )
    profile = I18nTextField(_("profile"), blank=True, default="")
    requested_area_m2 = models.DecimalField(
        _("requested area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    contact_visibility = models.CharField(
        _("who sees the contact details"),
        max_length=12,
        choices=ContactVisibility.choices,
        default=ContactVisibility.PARTICIPANTS,
    )
    booths = models.ManyToManyField(
        "expos.Booth", through="catalog.BoothAssignment", related_name="+", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expo", "id"]
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        constraints = [
            models.UniqueConstraint(fields=["expo", "organisation"], name="exhibits_once_per_expo")
        ]
        indexes = [models.Index(fields=["expo", "pavilion"])]

    def __str__(self) -> str:
        return str(self.organisation)


class BoothAssignment(models.Model):
    """The database, not only Python, guarantees that a booth is given to one exhibitor."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="booth_assignments")
    booth = models.OneToOneField("expos.Booth", on_delete=models.CASCADE, related_name="assignment")
    # Set while the expo's rule is one booth each, so that the database itself refuses a
    # second booth for the exhibitor (a partial unique index), whatever the code does.
    sole = models.BooleanField(default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booth assignment")
        verbose_name_plural = _("booth assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor"], condition=models.Q(sole=True), name="one_booth_per_exhibitor_when_sole"
            )
        ]

    def __str__(self) -> str:
        return f"{self.booth} → {self.exhibitor}"
