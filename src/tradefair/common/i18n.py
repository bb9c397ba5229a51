"""Showing translated content: the active language first, then the languages that suit
its reader (an Arabic or French reader reads English sooner than Chinese), then the
expo's languages in the order the organiser set, then whatever text exists, never an
empty string while some language has one. An organiser who wants another order for the
readers of one language says so in ``Expo.reader_fallbacks``."""

from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from i18nfield.strings import LazyI18nString

from tradefair.common.errors import DomainError

# Where a text is missing in the reader's language, the languages its readers most often
# read next; the expo's own order follows. Chinese, Japanese and Korean readers keep the
# organiser's order (the expo's first language is Chinese at a Chinese expo).
READER_FALLBACKS: dict[str, tuple[str, ...]] = {
    "en": (),
    "ar": ("en", "fr"),
    "fr": ("en",),
    "de": ("en",),
    "es": ("en",),
    "ru": ("en",),
    "mn": ("en", "ru"),
}


class FallbackOrder(list):
    """An expo's languages in its order, with the organiser's orders for the readers of
    some languages (``Expo.reader_fallbacks``)."""

    def __init__(self, languages=(), reader_fallbacks=None):
        super().__init__(languages)
        self.reader_fallbacks = dict(reader_fallbacks or {})


def fallback_order(reader: str, languages: Sequence[str] = ()) -> list[str]:
    """Every language to try for ``reader``, best first, without repeats."""
    base = reader.split("-")[0]
    chosen = getattr(languages, "reader_fallbacks", {}) or {}
    preferred = chosen.get(reader, chosen.get(base))
    if preferred is None:
        preferred = READER_FALLBACKS.get(reader, READER_FALLBACKS.get(base, ()))
    return list(dict.fromkeys((reader, base, *preferred, *languages, settings.LANGUAGE_CODE)))


def localize(value, languages: Sequence[str] = ()) -> str:
    if value is None:
        return ""
    if not isinstance(value, LazyI18nString):
        return str(value)
    data = value.data
    if not isinstance(data, dict):
        return str(value)
    active = get_language() or settings.LANGUAGE_CODE
    for code in fallback_order(active, languages):
        if data.get(code):
            return data[code]
    return next((text for text in data.values() if text), "")


def expo_languages(expo) -> Sequence[str]:
    if expo is None:
        return ()
    return FallbackOrder(expo.languages, getattr(expo, "reader_fallbacks", None))


def clean_translations(value, *, field: str, required: bool = False, max_length: int | None = None) -> dict:
    """A {language: text} mapping with known languages and no empty texts."""
    if value is None:
        value = {}
    if hasattr(value, "data"):
        value = value.data
    if isinstance(value, str):
        value = {settings.LANGUAGE_CODE: value}
    if not isinstance(value, dict):
        raise DomainError(
            "bad_translations", _("%(field)s: give one text per language code.") % {"field": field}
        )
    known = {code for code, _name in settings.LANGUAGES}
    unknown = sorted(str(code) for code in value if code not in known)
    if unknown:
        raise DomainError(
            "unknown_language",
            _("%(field)s: unknown language codes %(codes)s.") % {"field": field, "codes": ", ".join(unknown)},
        )
    texts = {code: str(text).strip() for code, text in value.items() if text and str(text).strip()}
    if required and not texts:
        raise DomainError(
            "missing_text", _("%(field)s: give it in at least one language.") % {"field": field}
        )
    if max_length and any(len(text) > max_length for text in texts.values()):
        raise DomainError(
            "text_too_long",
            _("%(field)s: at most %(count)d characters.") % {"field": field, "count": max_length},
        )
    return texts
