"""Counts in the communiqué take the form each language's plural rules give them
(ngettext), not one plural for every number (issue #16.8)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from tradefair.reports.domain.communique import headline_sentences

FIGURES = {
    "merchants": 30000,
    "countries_and_regions": 109,
    "exhibitors": 1337,
    "trade_volume": Decimal("728670000.00"),
    "contracted_projects": 93,
    "deals_signed": 93,
    "deals_intended": 12,
    "intended_volume": Decimal("1000000.00"),
    "contracted_investment": Decimal("150000000.00"),
    "participants": 31,
    "checked_in": 2,
    "meetings_held": 5,
    "meetings_scheduled": 21,
}


def sentences(language, **figures):
    results = SimpleNamespace(figures={**FIGURES, **figures}, currency="CNY", tables={})
    with translation.override(language):
        return " ".join(headline_sentences(results, language))


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "1 контрактный проект"),
        (2, "2 контрактных проекта"),
        (5, "5 контрактных проектов"),
        (11, "11 контрактных проектов"),
        (21, "21 контрактный проект"),
        (93, "93 контрактных проекта"),
        (112, "112 контрактных проектов"),
    ],
)
def test_russian_contracted_projects(count, words):
    assert words in sentences("ru", contracted_projects=count)


def test_russian_countries_merchants_and_meetings():
    text = sentences("ru", countries_and_regions=21, merchants=1, meetings_held=2, participants=1)
    assert "принял участие 1 предприниматель из 21 страны или региона" in text
    assert "состоялись 2 деловые встречи из 21 запланированной" in text
    assert "Зарегистрирован 1 участник" in text
    assert "из 109 стран и регионов" in sentences("ru")


def test_english_singular_and_plural():
    one = sentences("en", merchants=1, countries_and_regions=1, contracted_projects=1, deals_signed=1)
    assert "1 merchant from 1 country or region took part" in one
    assert "and 1 contracted project." in one and "1 deal was signed" in one
    many = sentences("en")
    assert "30,000 merchants from 109 countries and regions took part" in many
    assert "and 93 contracted projects." in many and "93 deals were signed" in many


def test_arabic_uses_its_dual_and_its_plural_of_three_to_ten():
    assert "2 مشروعان" in sentences("ar", contracted_projects=2).replace("\u066c", "")
    assert "5 مشاريع" in sentences("ar", contracted_projects=5)


def test_french_counts_zero_and_one_as_singular():
    assert "0 projet contractualisé" in sentences("fr", contracted_projects=0)
    assert "93 projets contractualisés" in sentences("fr")
