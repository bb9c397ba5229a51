"""Showing translated content: the active language first, then the expo's languages in
the order the organiser set, then whatever text exists, never an empty string while
some language has one."""

from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import get_language
from i18nfield.strings import LazyI18nString


def localize(value, languages: Sequence[str] = ()) -> str:
    if value is None:
        return ""
    if not isinstance(value, LazyI18nString):
        return str(value)
    data = value.data
    if not isinstance(data, dict):
        return str(value)
    active = get_language() or settings.LANGUAGE_CODE
    for code in (active, active.split("-")[0], *languages, settings.LANGUAGE_CODE):
        if data.get(code):
            return data[code]
    return next((text for text in data.values() if text), "")


def expo_languages(expo) -> Sequence[str]:
    return expo.languages if expo is not None else ()
