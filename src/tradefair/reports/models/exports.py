from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """A CSV or XLSX export prepared in the background. The file is kept in the database,
    not on one web node's disk, so any node can serve the download."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="export_jobs")
    dataset = models.CharField(_("data"), max_length=16)
    file_format = models.CharField(_("format"), max_length=4)
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["expo", "-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.dataset}.{self.file_format} ({self.status})"

    @property
    def filename(self) -> str:
        return f"{self.expo.slug}-{self.dataset}-{self.pk}.{self.file_format}"
