from types import SimpleNamespace

from django.utils import translation
from i18nfield.strings import LazyI18nString
from ninja import Schema

from tradefair.common.api_support import localized, translations_of


class BoothSignOut(Schema):
    title: str
    pavilion: str | None
    title_translations: dict[str, str]

    resolve_title = localized("title")
    resolve_pavilion = localized("pavilion.name", languages="expo.languages", missing=None)
    resolve_title_translations = translations_of("title")


def _sign(pavilion=None):
    return SimpleNamespace(
        title=LazyI18nString({"mn": "Тавтай морил", "ru": "Добро пожаловать"}),
        pavilion=pavilion,
        expo=SimpleNamespace(languages=["ru", "mn"]),
    )


def test_a_translated_field_follows_the_languages_of_the_expo_the_endpoint_put_on_the_request():
    request = SimpleNamespace(expo=SimpleNamespace(languages=["mn", "ru"]))

    with translation.override("en"):
        out = BoothSignOut.model_validate(_sign(), context={"request": request})

    assert out.model_dump() == {
        "title": "Тавтай морил",
        "pavilion": None,
        "title_translations": {"mn": "Тавтай морил", "ru": "Добро пожаловать"},
    }


def test_a_translated_field_can_take_the_languages_from_the_object():
    pavilion = SimpleNamespace(name=LazyI18nString({"mn": "Монгол", "ru": "Монголия"}))

    with translation.override("en"):
        out = BoothSignOut.model_validate(_sign(pavilion), context={"request": SimpleNamespace()})

    assert out.pavilion == "Монголия"
