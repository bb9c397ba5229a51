from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tradefair.expos.models import OrganiserLevel


class ExpoSettingsForm(forms.Form):
    """Only the shape of the input; the rules are update_expo_settings's."""

    languages = forms.CharField(
        label=_("Languages offered"),
        max_length=200,
        help_text=_("Codes separated by commas, in fallback order."),
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=64)
    personal_data_retention_days = forms.IntegerField(
        label=_("Keep personal data for (days after the expo)"),
        required=False,
        help_text=_("1 to 3650 days; empty keeps it until someone asks."),
    )
    host_country = forms.CharField(
        label=_("Host country or region (ISO code)"),
        max_length=2,
        help_text=_("Exhibitors and deal parties from elsewhere count as foreign in the results."),
    )
    anti_passback_minutes = forms.IntegerField(
        label=_("Anti-passback (minutes)"),
        required=False,
        help_text=_(
            "Refuse a badge at another gate for this many minutes after it entered (0 to 1440; "
            "0 or empty turns it off). Gate staff may let the holder in anyway."
        ),
    )

    @staticmethod
    def initial_for(expo) -> dict:
        return {
            "languages": ", ".join(expo.languages),
            "time_zone": expo.time_zone,
            "host_country": expo.host_country,
            "personal_data_retention_days": expo.personal_data_retention_days,
            "anti_passback_minutes": expo.anti_passback_minutes,
        }

    def clean_languages(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["languages"].split(",") if code.strip()]

    @staticmethod
    def language_choices():
        return settings.LANGUAGES


class AddOrganiserForm(forms.Form):
    user_identifier = forms.CharField(label=_("User name or e-mail address"), max_length=254)
    level = forms.ChoiceField(label=_("Level"), choices=OrganiserLevel.choices, initial=OrganiserLevel.VIEWER)
