import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    BoothAssignmentFactory,
    ExhibitorFactory,
    ExpoFactory,
    OrganisationFactory,
    ParticipantFactory,
    PavilionFactory,
)
from tradefair.expos.models import ExpoStatus
from tradefair.people.models import RegistrationStatus, Role

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_home_page_shows_the_expos_headline_figures(client):
    expo = ExpoFactory(slug="cnea", name={"en": "The 12th China-Northeast Asia Expo"})
    for country in ("CN", "CN", "JP", "RU"):
        ParticipantFactory(expo=expo, country=country, roles=[Role.MERCHANT, Role.BUYER])
    ParticipantFactory(expo=expo, country="MN", status=RegistrationStatus.PENDING)
    ExhibitorFactory(expo=expo, organisation=OrganisationFactory(country="KR"))
    PavilionFactory(expo=expo, name={"en": "Pavilion of the 5G New Era"})

    response = client.get("/expos/cnea/")

    text = _text(response)
    assert response.status_code == 200
    assert "The 12th China-Northeast Asia Expo" in text
    assert "4 merchants" in text
    assert "3 countries and regions" in text
    assert "1 exhibiting enterprises and institutions" in text
    assert "Pavilion of the 5G New Era" in text


def test_a_draft_expo_is_not_public(client, admin_client):
    ExpoFactory(slug="draft", status=ExpoStatus.DRAFT, name={"en": "Next year"})
    assert client.get("/expos/draft/").status_code == 404
    assert "Next year" in _text(admin_client.get("/expos/draft/"))


def test_the_root_leads_to_the_only_expo_or_lists_them(client):
    ExpoFactory(slug="one")
    assert client.get("/").headers["Location"] == "/expos/one/"
    ExpoFactory(slug="two", name={"en": "Second expo"})
    assert "Second expo" in _text(client.get("/"))


def test_the_root_says_so_when_nothing_is_published(client):
    assert "No expo has been published yet" in _text(client.get("/"))


def test_the_exhibitor_list_filters_by_country_and_pavilion(client):
    expo = ExpoFactory(slug="cnea")
    pavilion = PavilionFactory(expo=expo, name={"en": "Russia Pavilion"})
    ExhibitorFactory(
        expo=expo,
        pavilion=pavilion,
        organisation=OrganisationFactory(legal_name="Baikal Timber LLC", country="RU"),
    )
    ExhibitorFactory(expo=expo, organisation=OrganisationFactory(legal_name="Sibir Coal LLC", country="RU"))
    ExhibitorFactory(expo=expo, organisation=OrganisationFactory(legal_name="Fuji Electric", country="JP"))

    by_country = _text(client.get("/expos/cnea/exhibitors/?country=ru"))
    by_pavilion = _text(client.get(f"/expos/cnea/exhibitors/?pavilion={pavilion.pk}"))

    assert "2 exhibitors" in by_country and "Fuji Electric" not in by_country
    assert (
        "1 exhibitor" in by_pavilion
        and "Baikal Timber LLC" in by_pavilion
        and "Sibir Coal" not in by_pavilion
    )


def test_the_exhibitor_list_is_paginated_and_keeps_filters(client):
    expo = ExpoFactory(slug="cnea")
    for index in range(55):
        ExhibitorFactory(
            expo=expo, organisation=OrganisationFactory(legal_name=f"Firm {index:02d}", country="JP")
        )

    first = client.get("/expos/cnea/exhibitors/?country=JP")
    second = _text(client.get("/expos/cnea/exhibitors/?country=JP&page=2"))

    assert "Page 1 of 2" in _text(first)
    assert "?country=JP&amp;page=2" in first.content.decode()
    assert "Firm 54" in second and "Firm 00" not in second


def test_an_unknown_filter_is_explained_not_a_crash(client):
    expo = ExpoFactory(slug="cnea")
    ExhibitorFactory(expo=expo)
    response = client.get("/expos/cnea/exhibitors/?country=ZZ&pavilion=abc")
    assert response.status_code == 400
    assert "“ZZ” is not a country or region code." in response.content.decode()


def test_the_exhibitor_list_has_an_empty_state(client):
    ExpoFactory(slug="cnea")
    assert "No exhibitor matches these filters." in _text(client.get("/expos/cnea/exhibitors/"))


def test_pages_need_the_same_queries_for_few_or_many_exhibitors(client):
    """No query per row: 3 exhibitors and 40 exhibitors cost the same number of queries."""

    def queries(slug: str, count: int) -> tuple[int, int]:
        expo = ExpoFactory(slug=slug)
        pavilion = PavilionFactory(expo=expo)
        for _ in range(count):
            assignment = BoothAssignmentFactory(exhibitor__expo=expo, exhibitor__pavilion=pavilion)
            ParticipantFactory(expo=expo, organisation=assignment.exhibitor.organisation)
        with CaptureQueriesContext(connection) as home:
            client.get(f"/expos/{slug}/")
        with CaptureQueriesContext(connection) as listing:
            assert client.get(f"/expos/{slug}/exhibitors/").status_code == 200
        return len(home), len(listing)

    assert queries("few", 3) == queries("many", 40)


def test_a_missing_page_says_why_in_the_sites_layout(client):
    response = client.get("/expos/nowhere/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "No expo is published under the name “nowhere”." in page
    assert 'class="site-header"' in page


def test_the_public_figures_are_counted_once_a_minute_for_every_node(client):
    from django.core.cache import cache

    expo = ExpoFactory(slug="cnea")
    ParticipantFactory(expo=expo, roles=[Role.MERCHANT])
    assert "1 merchants" in _text(client.get("/expos/cnea/"))
    ParticipantFactory(expo=expo, roles=[Role.MERCHANT])

    assert "1 merchants" in _text(client.get("/expos/cnea/"))  # the shared cache's minute-old count
    cache.delete(f"tradefair.expo_figures.{expo.pk}")
    assert "2 merchants" in _text(client.get("/expos/cnea/"))


def test_the_country_filter_is_counted_once_and_follows_changes_to_exhibitors(client):
    """The filter's countries come from the shared cache after the first view (no
    DISTINCT on every view), and a new exhibitor, a country corrected on an organisation
    or an exhibitor removed shows in the filter at the next view."""
    expo = ExpoFactory(slug="cnea")
    ExhibitorFactory(expo=expo, organisation=OrganisationFactory(country="RU"))

    def options():
        page = client.get("/expos/cnea/exhibitors/").content.decode()
        return [code for code in ("RU", "JP", "KZ") if f'<option value="{code}"' in page]

    assert options() == ["RU"]
    with CaptureQueriesContext(connection) as cached:
        assert options() == ["RU"]
    assert not any("DISTINCT" in query["sql"] for query in cached.captured_queries)

    japanese = ExhibitorFactory(expo=expo, organisation=OrganisationFactory(country="JP"))
    assert options() == ["RU", "JP"]
    japanese.organisation.country = "KZ"
    japanese.organisation.save()
    assert options() == ["RU", "KZ"]
    japanese.delete()
    assert options() == ["RU"]
