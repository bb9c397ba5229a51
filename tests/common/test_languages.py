"""Choosing the interface language: guessed from the browser for visitors, remembered
with the account for users, and times labelled with the expo's zone."""

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import ExpoFactory, UserFactory
from tradefair.common.formatting import format_time_zone
from tradefair.common.models import LanguagePreference

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    head = response.content.decode()
    return head.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_visitor_gets_the_language_of_the_browser():
    client = Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")
    assert html_lang(client.get("/")) == "ko"


def test_a_language_the_platform_lacks_falls_back_to_the_default(settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="sw")
    assert html_lang(client.get("/")) == settings.LANGUAGE_CODE


def test_a_switch_is_remembered_with_the_account_and_follows_the_user():
    user = UserFactory()
    laptop = Client(HTTP_ACCEPT_LANGUAGE="en")
    laptop.force_login(user)
    response = laptop.post("/i18n/setlang/", {"language": "mn", "next": "/"})
    assert response.status_code == 302
    assert LanguagePreference.objects.get(user=user).language == "mn"

    phone = Client(HTTP_ACCEPT_LANGUAGE="ru")
    phone.force_login(user)
    assert html_lang(phone.get("/")) == "mn"
    # A link that asks for a language still wins.
    assert html_lang(phone.get("/", {"lang": "ar"})) == "ar"


def test_a_visitor_switch_sets_the_cookie_and_stores_nothing():
    client = Client()
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert html_lang(client.get("/")) == "ja"
    assert LanguagePreference.objects.count() == 0


def test_an_unknown_language_changes_nothing():
    user = UserFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert not LanguagePreference.objects.filter(user=user).exists()
    assert html_lang(client.get("/")) == "de"


def test_the_language_chosen_before_signing_in_is_kept():
    user = UserFactory(username="visitor")
    user.set_password("a long passphrase 42")
    user.save()
    client = Client()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    client.post("/accounts/login/", {"username": "visitor", "password": "a long passphrase 42"})
    assert LanguagePreference.objects.get(user=user).language == "es"


def test_times_are_labelled_with_the_expo_zone_in_the_reader_language():
    assert format_time_zone("Asia/Shanghai", "en") == "China Standard Time, GMT+08:00"
    assert format_time_zone("Asia/Shanghai", "zh-hans") == "中国标准时间, GMT+08:00"
    assert format_time_zone("Asia/Vladivostok", "ru") == "Владивосток, стандартное время, GMT+10:00"


def test_the_programme_says_which_clock_its_times_are_on():
    expo = ExpoFactory(time_zone="Asia/Shanghai")
    with translation.override("en"):
        page = Client().get(f"/expos/{expo.slug}/programme/", {"lang": "en"}).content.decode()
    assert "China Standard Time, GMT+08:00" in page


def test_the_switcher_names_each_language_in_itself():
    page = Client().get("/", {"lang": "en"}).content.decode()
    switcher = page.split('id="language-select"', 1)[1].split("</select>", 1)[0]
    for name in (
        "简体中文",
        "English",
        "日本語",
        "한국어",
        "Русский",
        "Монгол",
        "Français",
        "Deutsch",
        "Español",
        "العربيّة",
    ):
        assert f">{name}</option>" in switcher


def test_the_error_page_speaks_the_reader_language():
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with translation.override("ar"):
        page = server_error(RequestFactory().get("/")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "حدث خطأ ما" in page


def test_the_zone_label_follows_the_expo_season_not_today():
    import datetime as dt
    import zoneinfo

    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    summer = dt.datetime(2030, 7, 1, 12, tzinfo=berlin)
    winter = dt.datetime(2030, 1, 15, 12, tzinfo=berlin)
    assert format_time_zone("Europe/Berlin", "en", at=summer) == "Central European Summer Time, GMT+02:00"
    assert format_time_zone("Europe/Berlin", "en", at=winter) == "Central European Standard Time, GMT+01:00"
