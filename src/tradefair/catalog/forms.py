"""Forms of the exhibitor's own pages: every translatable text has one box per language
the expo offers, so an exhibitor fills Chinese, English, Russian... in one go."""

from django import forms
from django.utils.translation import gettext_lazy as _
from i18nfield.forms import I18nFormField

from tradefair.catalog.models import ContactVisibility, ProjectStage
from tradefair.catalog.widgets import LabelledI18nTextarea, LabelledI18nTextInput
from tradefair.common.numbers import StorableDecimalField
from tradefair.common.taxonomy import ISIC_CHOICES


def _translations(cleaned) -> dict:
    data = getattr(cleaned, "data", cleaned) or {}
    return {code: text for code, text in data.items() if text} if isinstance(data, dict) else {}


class _I18nForm(forms.Form):
    translatable: tuple[tuple[str, str, bool, bool], ...] = ()  # name, label, textarea, required

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for name, label, textarea, required in self.translatable:
            fields[name] = I18nFormField(
                label=label,
                locales=list(languages),
                widget=LabelledI18nTextarea if textarea else LabelledI18nTextInput,
                required=required,
            )
        self.fields = {**fields, **self.fields}

    def translations(self, name: str) -> dict:
        return _translations(self.cleaned_data.get(name))


class ExhibitorForm(_I18nForm):
    translatable = (("profile", _("Profile"), True, False),)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=40, required=False)
    contact_visibility = forms.ChoiceField(
        label=_("Who sees the contact details"), choices=ContactVisibility.choices
    )


class ProductForm(_I18nForm):
    translatable = (("name", _("Name"), False, True), ("description", _("Description"), True, False))
    hs_code = forms.CharField(
        label=_("HS code"),
        max_length=6,
        help_text=_("2, 4 or 6 digits of the Harmonized System, e.g. 842952."),
    )


class ProjectForm(_I18nForm):
    translatable = (
        ("name", _("Name"), False, True),
        ("description", _("Description"), True, False),
        ("location", _("Location"), False, False),
    )
    isic_section = forms.ChoiceField(label=_("ISIC section"), choices=ISIC_CHOICES)
    amount_sought = StorableDecimalField(
        label=_("Investment sought"), min_value=0, max_digits=18, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    country = forms.CharField(label=_("Country or region (ISO code)"), max_length=2)
    stage = forms.ChoiceField(label=_("Stage"), choices=ProjectStage.choices)
