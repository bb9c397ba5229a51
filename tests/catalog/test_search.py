import pytest
from django.core.management import call_command

from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    InvestmentProjectFactory,
    OrganisationFactory,
    PavilionFactory,
    ProductFactory,
)
from tradefair.catalog.domain.search import search
from tradefair.catalog.domain.search_index import index_product, rebuild_search_index
from tradefair.common.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    expo = ExpoFactory(slug="cnea")
    machines = PavilionFactory(expo=expo, name={"en": "Equipment"})
    korea = PavilionFactory(expo=expo, name={"en": "Korea"})
    sany = ExhibitorFactory(
        expo=expo,
        pavilion=machines,
        organisation=OrganisationFactory(
            legal_name="长春三一重工有限公司",
            name={"zh-hans": "长春三一重工有限公司", "en": "Changchun Sanyi Heavy Industry Co., Ltd."},
            country="CN",
            isic_sections=["C"],
        ),
    )
    sibir = ExhibitorFactory(
        expo=expo,
        pavilion=machines,
        organisation=OrganisationFactory(
            legal_name="ООО «Сибирь Машстрой»", name={"ru": "ООО «Сибирь Машстрой»"}, country="RU"
        ),
    )
    samsung = ExhibitorFactory(
        expo=expo,
        pavilion=korea,
        organisation=OrganisationFactory(
            legal_name="(주)한빛반도체", name={"ko": "(주)한빛반도체"}, country="KR"
        ),
    )
    products = {
        "excavator": ProductFactory(
            exhibitor=sany,
            hs_code="842952",
            name={
                "zh-hans": "履带式挖掘机 XE-215",
                "en": "Crawler excavator XE-215",
                "ru": "Гусеничный экскаватор",
            },
        ),
        "chips": ProductFactory(
            exhibitor=samsung,
            hs_code="848620",
            name={"ko": "반도체 장비 HB-300", "en": "Semiconductor equipment"},
        ),
        "timber": ProductFactory(
            exhibitor=sibir, hs_code="440710", name={"ru": "Пиломатериалы", "mn": "Мод"}
        ),
    }
    project = InvestmentProjectFactory(
        expo=expo,
        owner=sany.organisation,
        exhibitor=sany,
        name={"zh-hans": "长春挖掘机生产基地项目", "en": "Excavator production base, Changchun"},
        isic_section="C",
    )
    rebuild_search_index(expo)
    return {"expo": expo, "sany": sany, "sibir": sibir, "samsung": samsung, "project": project, **products}


def _found(page):
    return [(hit.kind, hit.id) for hit in page.hits]


def test_chinese_without_spaces_is_found_by_a_part_of_a_word(catalog):
    page = search(catalog["expo"], query="挖掘机")
    assert ("product", catalog["excavator"].pk) in _found(page)
    assert ("project", catalog["project"].pk) in _found(page)


def test_korean_is_found_by_a_part_of_a_name(catalog):
    page = search(catalog["expo"], query="반도체")
    assert set(_found(page)) == {("product", catalog["chips"].pk), ("exhibitor", catalog["samsung"].pk)}


def test_one_or_two_character_cjk_queries_are_found_too(catalog):
    assert ("product", catalog["excavator"].pk) in _found(search(catalog["expo"], query="挖掘"))
    assert ("product", catalog["timber"].pk) in _found(search(catalog["expo"], query="мо"))


def test_cyrillic_and_its_latin_spelling_find_the_russian_company(catalog):
    by_cyrillic = search(catalog["expo"], query="сибирь")
    by_latin = search(catalog["expo"], query="Sibir")
    assert ("exhibitor", catalog["sibir"].pk) in _found(by_cyrillic)
    assert ("exhibitor", catalog["sibir"].pk) in _found(by_latin)
    assert ("product", catalog["excavator"].pk) in _found(search(catalog["expo"], query="ЭКСКАВАТОР"))


def test_an_hs_heading_finds_the_products_under_it(catalog):
    page = search(catalog["expo"], query="8429")
    assert set(_found(page)) == {("product", catalog["excavator"].pk), ("exhibitor", catalog["sany"].pk)}
    assert ("product", catalog["chips"].pk) not in _found(page)


def test_an_exact_name_ranks_first(catalog):
    exact = ProductFactory(exhibitor=catalog["sany"], hs_code="842952", name={"en": "Excavator"})
    index_product(exact)
    page = search(catalog["expo"], query="excavator")
    assert _found(page)[0] == ("product", exact.pk)
    assert page.hits[0].score > page.hits[1].score


def test_every_word_of_the_query_must_match_in_any_order(catalog):
    page = search(catalog["expo"], query="excavator crawler")
    assert _found(page) == [("product", catalog["excavator"].pk)]


def test_facets_count_and_filter_the_matches(catalog):
    page = search(catalog["expo"], query="excavator")
    assert page.facets["kind"] == {"product": 1, "project": 1}
    assert page.facets["country"] == {"CN": 2}
    assert page.facets["isic_section"] == {"C": 2}
    assert page.facets["hs_section"] == {"XVI": 1}
    only_projects = search(catalog["expo"], query="excavator", kind="project")
    assert _found(only_projects) == [("project", catalog["project"].pk)]
    assert only_projects.facets["kind"] == {"product": 1, "project": 1}
    korea = catalog["samsung"].pavilion_id
    assert search(catalog["expo"], query="excavator", pavilion=korea).count == 0


def test_a_hit_carries_the_contract_fields_in_the_active_language(catalog):
    hit = search(catalog["expo"], query="XE-215").hits[0]
    assert (hit.kind, hit.name, hit.exhibitor_id, hit.country) == (
        "product",
        "Crawler excavator XE-215",
        catalog["sany"].pk,
        "CN",
    )
    assert hit.pavilion == catalog["sany"].pavilion_id


def test_search_stays_within_the_expo(catalog):
    other = ExpoFactory()
    assert search(other, query="挖掘机").count == 0


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"query": " "}, "empty_query"),
        ({"query": "a" * 201}, "query_too_long"),
        ({"query": "x", "kind": "booth"}, "unknown_kind"),
        ({"query": "x", "country": "ZZ"}, "unknown_country"),
        ({"query": "x", "pavilion": "abc"}, "bad_pavilion"),
        ({"query": "x", "pavilion": 999999}, "unknown_pavilion"),
        ({"query": "x", "isic_section": "Z"}, "unknown_isic_section"),
        ({"query": "x", "hs_section": "12"}, "unknown_hs_section"),
    ],
)
def test_bad_search_requests_are_refused_with_a_stable_code(catalog, arguments, code):
    with pytest.raises(DomainError) as error:
        search(catalog["expo"], **arguments)
    assert error.value.code == code


def test_quotes_and_operators_in_the_query_are_plain_text(catalog):
    assert search(catalog["expo"], query='"XE-215" OR NEAR(*)').count == 0
    assert search(catalog["expo"], query="100%_").count == 0


def test_the_rebuild_command_fills_the_index(catalog, capsys):
    call_command("rebuild-search", "--expo", "cnea")
    assert "Indexed 7 entries of 1 expo(s)" in capsys.readouterr().out
    assert search(catalog["expo"], query="挖掘机").count == 2
