from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """A PDF or an image sent with a message. Kept in the database, not on a local disk,
    so that every web node serves it and a backup holds it."""

    message = models.ForeignKey("conversations.Message", on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
