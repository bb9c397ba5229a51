from django import forms
from django.utils.translation import gettext_lazy as _
from i18nfield.forms import I18nFormField

from tradefair.catalog.widgets import LabelledI18nTextarea, LabelledI18nTextInput


class AnnouncementForm(forms.Form):
    publish = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "title": I18nFormField(label=_("Title"), locales=list(languages), widget=LabelledI18nTextInput),
            "body": I18nFormField(label=_("Text"), locales=list(languages), widget=LabelledI18nTextarea),
            **self.fields,
        }

    def translations(self, name: str) -> dict:
        data = getattr(self.cleaned_data.get(name), "data", None) or {}
        return {code: text for code, text in data.items() if text}
