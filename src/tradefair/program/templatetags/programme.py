from django import template

from tradefair.common.formatting import language_name

register = template.Library()


@register.filter(name="language_name")
def language_name_filter(code: str) -> str:
    return language_name(code)


@register.filter
def language_names(codes) -> str:
    return ", ".join(language_name(code) for code in codes or [])
