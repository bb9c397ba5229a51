from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguagePreference(models.Model):
    """The interface language a signed-in user chose. A cookie only remembers it on one
    browser; a buyer who picks Korean on a laptop expects Korean on the phone at the gate
    too, so the choice is kept with the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="language_preference",
    )
    language = models.CharField(_("interface language"), max_length=10, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
