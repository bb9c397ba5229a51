from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserLevel(models.TextChoices):
    """How far an organiser's hand reaches in one expo. Viewers read (dashboards, lists,
    reports, the audit log), staff run the show floor and the paperwork, admins decide
    what becomes public and how the expo is set up; finance staff keep the books
    (invoices and payments) and nothing else. See common/permissions.py."""

    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Staff")
    VIEWER = "viewer", _("Viewer")
    # Beside the others, not above or below them: finance staff issue credit notes and
    # mark payments, and see orders and invoices, but no registration, badge or letter.
    FINANCE = "finance", _("Finance")


class Organiser(models.Model):
    """A user named as an organiser of an expo, at one level. The default is admin so
    that naming someone an organiser without saying more keeps meaning what it always
    meant (``expo.organisers.add(user)``)."""

    expo = models.ForeignKey(
        "expos.Expo", on_delete=models.CASCADE, related_name="organiser_roles", verbose_name=_("expo")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organiser_roles",
        verbose_name=_("user"),
    )
    level = models.CharField(
        _("level"), max_length=10, choices=OrganiserLevel.choices, default=OrganiserLevel.ADMIN
    )

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(fields=["expo", "user"], name="one_organiser_level_per_user_and_expo"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_level_display()})"
