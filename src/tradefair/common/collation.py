"""Sorting names the way the reader's language sorts them (CLDR collation through ICU):
Chinese by pinyin, Japanese by the gojūon order of the readings (kana before kanji),
Russian and Mongolian Cyrillic with Ё beside Е, Latin letters with their accents after
the bare letter (Å after Z for no one but Swedes), Arabic in its alphabetical order.

PyICU is a dependency (docs/decisions.md); it needs the system's ICU library (Debian
libicu-dev to build it). Where it is missing, a warning is logged once and names are
sorted by a plain key (accents folded, then code points), which is right for Latin and
Cyrillic but not for Chinese or Japanese.
"""

import functools
import logging
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils.translation import get_language

logger = logging.getLogger(__name__)
T = TypeVar("T")

# ICU locale per interface language; Chinese sorts by pinyin, the CLDR default for zh.
ICU_LOCALES = {"zh-hans": "zh", "zh-hant": "zh_Hant", "en": "en", "mn": "mn", "ar": "ar"}


def _plain_key(text: str) -> tuple:
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return (base, text)


@functools.cache
def _icu_collator(language: str):
    try:
        import icu
    except ImportError:
        logger.warning(
            "PyICU is not installed: names are sorted without the rules of %s. "
            "Install libicu-dev and PyICU (make install) for CLDR collation.",
            language,
        )
        return None
    collator = icu.Collator.createInstance(icu.Locale(ICU_LOCALES.get(language, language.replace("-", "_"))))
    return collator


def sort_key(language: str | None = None) -> Callable[[str], object]:
    """A key function that sorts strings as readers of ``language`` expect."""
    language = (language or get_language() or "en").lower()
    collator = _icu_collator(language)
    if collator is None:
        return _plain_key
    return collator.getSortKey


def sorted_names(
    items: Iterable[T], *, key: Callable[[T], str] = str, language: str | None = None
) -> list[T]:
    collate = sort_key(language)
    return sorted(items, key=lambda item: collate(key(item)))
