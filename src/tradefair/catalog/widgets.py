"""Multilingual form widgets that name each language beside its box: a placeholder alone
disappears as soon as the box holds text, and then nobody knows which language it is."""

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from i18nfield.forms import I18nTextarea, I18nTextInput


class _Labelled:
    def format_output(self, rendered_widgets, id_) -> str:
        names = dict(settings.LANGUAGES)
        shown = [code for code in self.locales if code in self.enabled_locales]
        parts = [
            f'<label class="i18n-language"><span>{escape(gettext(names.get(code, code)))}</span>{html}</label>'
            for code, html in zip(shown, rendered_widgets, strict=False)
        ]
        return mark_safe(f'<div class="i18n-form-group" id="{escape(id_ or "")}">{"".join(parts)}</div>')


class LabelledI18nTextInput(_Labelled, I18nTextInput):
    pass


class LabelledI18nTextarea(_Labelled, I18nTextarea):
    def __init__(self, locales, field, attrs=None):
        super().__init__(locales, field, attrs={"rows": 4, **(attrs or {})})
