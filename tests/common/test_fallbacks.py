"""Where a text has no translation in the reader's language, it falls back in an order
that suits the reader: an Arabic or French reader gets English before Chinese, unless
the organiser says otherwise (issue #16.8)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from i18nfield.strings import LazyI18nString

from tests.factories import ExpoFactory
from tradefair.common.i18n import FallbackOrder, expo_languages, localize

TEXT = LazyI18nString({"zh-hans": "第十二届中国—东北亚博览会", "en": "12th China-Northeast Asia Expo"})
ORGANISER_ORDER = ["zh-hans", "en", "ja", "ko", "ru", "mn"]


def shown(language, value=TEXT, languages=ORGANISER_ORDER):
    with translation.override(language):
        return localize(value, languages)


@pytest.mark.parametrize("language", ["ar", "fr", "de", "es", "ru", "mn"])
def test_readers_of_other_languages_get_english_before_chinese(language):
    assert shown(language) == "12th China-Northeast Asia Expo"


def test_chinese_japanese_and_korean_readers_keep_the_organisers_order():
    assert shown("zh-hans") == "第十二届中国—东北亚博览会"
    assert shown("ja") == "第十二届中国—东北亚博览会"


def test_an_arabic_reader_then_reads_french_and_the_expo_order_after_english():
    value = LazyI18nString({"zh-hans": "中文", "fr": "Français"})
    assert shown("ar", value) == "Français"
    assert shown("fr", LazyI18nString({"zh-hans": "中文", "ru": "Русский"})) == "中文"


def test_the_organiser_can_say_otherwise():
    languages = FallbackOrder(ORGANISER_ORDER, {"ar": ["zh-hans"]})
    assert shown("ar", languages=languages) == "第十二届中国—东北亚博览会"
    assert shown("fr", languages=languages) == "12th China-Northeast Asia Expo"


@pytest.mark.django_db
def test_the_expo_keeps_the_organisers_orders_per_reader(client):
    expo = ExpoFactory(reader_fallbacks={"fr": ["zh-hans", "en"]})
    with translation.override("fr"):
        assert localize(TEXT, expo_languages(expo)) == "第十二届中国—东北亚博览会"
    with translation.override("ar"):
        assert localize(TEXT, expo_languages(expo)) == "12th China-Northeast Asia Expo"
    expo.reader_fallbacks = {"fr": ["xx"]}
    with pytest.raises(ValidationError):
        expo.full_clean()
