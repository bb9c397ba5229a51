from django import template
from django.conf import settings
from django.utils.translation import gettext

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    names = dict(settings.LANGUAGES)
    return gettext(names[code]) if code in names else str(code)


@register.filter
def language_names(codes) -> str:
    return ", ".join(language_name(code) for code in codes or [])
