from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Announcement(models.Model):
    """News of an expo, written by its organisers in as many languages as they can."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="announcements")
    title = I18nCharField(_("title"))
    body = I18nTextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expo", "-published_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_announcement_has_date",
            )
        ]
        indexes = [models.Index(fields=["expo", "status", "-published_at"])]

    def __str__(self) -> str:
        return str(self.title)
