"""Country and region names are CLDR's in the reader's language, and lists are sorted
by the reader's collation, not by the English names or by code points (issue #16.8)."""

import pytest
from django.utils import translation

from tests.factories import ExpoFactory
from tradefair.common.collation import sorted_names
from tradefair.common.regions import country_choices, country_name
from tradefair.people.forms import ApplicantForm

CODES = ["RU", "CN", "MN", "KR", "JP", "DE", "US", "FR"]


def names(language):
    return [name for _code, name in country_choices(CODES, language=language)]


def test_russian_names_are_in_the_nominative_and_sorted_in_russian():
    assert country_name("LR", "ru") == "Либерия"  # django-countries' catalog had "Либерии"
    assert country_name("NC", "ru") == "Новая Каледония"
    assert names("ru") == [
        "Германия", "Китай", "Монголия", "Республика Корея", "Россия", "Соединенные Штаты", "Франция", "Япония",
    ]  # fmt: skip


def test_chinese_names_are_spelt_as_cldr_spells_them_and_sorted_by_pinyin():
    assert country_name("NP", "zh-hans") == "尼泊尔"  # not 尼珀尔
    assert country_name("BW", "zh-hans") == "博茨瓦纳"  # not 博兹瓦纳
    assert country_name("BA", "zh-hans") == "波斯尼亚和黑塞哥维那"
    # de guo, e luo si, fa guo, han guo, mei guo, meng gu, ri ben, zhong guo
    assert names("zh-hans") == ["德国", "俄罗斯", "法国", "韩国", "美国", "蒙古", "日本", "中国"]


def test_japanese_lists_put_kana_names_in_gojuon_order_before_kanji():
    assert names("ja")[:5] == ["アメリカ合衆国", "ドイツ", "フランス", "モンゴル", "ロシア"]
    assert country_name("GE", "ja") == "ジョージア"


def test_accents_and_case_do_not_throw_a_name_to_the_end():
    assert sorted_names(["Zambie", "Égypte", "Allemagne", "États-Unis"], language="fr") == [
        "Allemagne", "Égypte", "États-Unis", "Zambie",
    ]  # fmt: skip


def test_the_regions_keep_their_names_with_china_in_every_language():
    assert country_name("TW", "en") == "Taiwan, China"
    assert country_name("HK", "zh-hans") == "中国香港"
    assert country_name("MO", "ru") == "Аомэнь (Макао), Китай"
    with translation.override("ja"):
        assert country_name("TW") == "中国台湾"


@pytest.mark.django_db
def test_the_registration_form_lists_countries_in_the_readers_order():
    ExpoFactory()
    with translation.override("zh-hans"):
        choices = [name for code, name in ApplicantForm().fields["country"].choices if code]
    position = {name: index for index, name in enumerate(choices)}
    assert position["德国"] < position["俄罗斯"] < position["法国"] < position["日本"] < position["中国"]
    assert "尼泊尔" in position and "尼珀尔" not in position


@pytest.mark.django_db
def test_the_exhibitor_list_filters_countries_in_the_readers_order(client):
    from tests.factories import ExhibitorFactory, OrganisationFactory

    expo = ExhibitorFactory(organisation=OrganisationFactory(country="RU")).expo
    for code in ("CN", "DE", "JP"):
        ExhibitorFactory(expo=expo, organisation=OrganisationFactory(country=code))
    page = client.get(f"/expos/{expo.slug}/exhibitors/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert page.index("Германия") < page.index("Китай") < page.index("Россия") < page.index("Япония")
