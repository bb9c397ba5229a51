import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from tests.catalog.factories import organiser_of, representative_of
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    ExhibitorFactory,
    ExpoFactory,
    HallFactory,
    InvestmentProjectFactory,
    OrganisationFactory,
    PavilionFactory,
    ProductFactory,
    UserFactory,
)
from tradefair.catalog.domain.search_index import rebuild_search_index
from tradefair.catalog.models import ContactVisibility, FloorPlanSettings
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def exhibitor():
    expo = ExpoFactory(slug="cnea")
    pavilion = PavilionFactory(expo=expo, name={"en": "Pavilion of the 5G New Era"}, colour="#123456")
    exhibitor = ExhibitorFactory(
        expo=expo,
        pavilion=pavilion,
        organisation=OrganisationFactory(
            legal_name="长春一汽有限公司", name={"en": "FAW Group", "zh-hans": "一汽"}
        ),
        profile={"en": "Trucks since 1953.", "ru": "Грузовики с 1953 года."},
        contact_name="Li Wei",
        contact_visibility=ContactVisibility.HIDDEN,
    )
    ProductFactory(exhibitor=exhibitor, hs_code="842952")
    InvestmentProjectFactory(
        expo=expo, owner=exhibitor.organisation, exhibitor=exhibitor, name={"en": "Truck plant"}
    )
    hall = HallFactory(expo=expo, code="H1", name={"en": "Hall 1"})
    BoothAssignmentFactory(
        exhibitor=exhibitor, booth=BoothFactory(hall=hall, code="H1-0001", pavilion=pavilion)
    )
    return exhibitor


def test_the_exhibitor_page_shows_profile_products_projects_and_booth(client, exhibitor):
    text = _text(client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/"))

    assert "FAW Group" in text and "长春一汽有限公司" in text
    assert "Trucks since 1953." in text
    assert "Crawler excavator 842952" in text
    assert "Truck plant" in text
    assert "Hall 1, booth H1-0001 (9 m²)" in text
    assert "Li Wei" not in text
    assert "Edit this page" not in text


def test_the_request_a_meeting_entry_point_leads_to_matchmaking_or_says_it_is_not_open(client, exhibitor):
    page = client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/").content.decode()
    try:
        url = reverse("matchmaking:request-meeting", kwargs={"slug": "cnea", "exhibitor_id": exhibitor.pk})
    except NoReverseMatch:
        assert "Meeting requests open when business matchmaking starts." in page
    else:
        assert f'<a class="button" href="{url}">Request a meeting</a>' in page


def test_the_exhibitor_page_follows_the_visitors_language(client, exhibitor):
    text = _text(client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/", HTTP_ACCEPT_LANGUAGE="ru"))
    assert "Грузовики с 1953 года." in text


def test_the_floor_plan_highlights_the_exhibitors_booth_and_links_to_it(client, exhibitor):
    booth = exhibitor.booths.get()
    page = client.get(f"/expos/cnea/floor-plan/?booth={booth.pk}").content.decode()

    assert f'<a href="/expos/cnea/exhibitors/{exhibitor.pk}/" id="booth-{booth.pk}">' in page
    assert 'class="booth highlighted"' in page
    assert 'fill="#123456"' in page
    assert "Pavilion of the 5G New Era" in page


def test_the_floor_plan_needs_the_same_queries_for_few_or_many_booths(client, exhibitor):
    hall = exhibitor.booths.get().hall
    with CaptureQueriesContext(connection) as few:
        client.get("/expos/cnea/floor-plan/")
    for _number in range(20):
        BoothAssignmentFactory(exhibitor=ExhibitorFactory(expo=exhibitor.expo), booth=BoothFactory(hall=hall))
    with CaptureQueriesContext(connection) as many:
        client.get("/expos/cnea/floor-plan/")
    assert len(many) == len(few)


def test_an_expo_without_halls_says_so(client):
    ExpoFactory(slug="empty")
    assert "No hall has been laid out for this expo yet." in _text(client.get("/expos/empty/floor-plan/"))


def test_the_exhibitor_edits_its_page_in_several_languages(client, exhibitor):
    user = representative_of(exhibitor)
    client.force_login(user)
    assert "Edit this page" in _text(client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/"))

    response = client.post(
        f"/expos/cnea/exhibitors/{exhibitor.pk}/edit/",
        {
            **{f"profile_{i}": "" for i in range(6)},
            "profile_0": "一汽集团",
            "profile_1": "FAW Group builds trucks.",
            "profile_4": "Грузовики.",
            "contact_name": "Li Wei",
            "contact_email": "li.wei@faw.example",
            "contact_phone": "",
            "contact_visibility": "public",
        },
    )

    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.profile.data == {
        "zh-hans": "一汽集团",
        "en": "FAW Group builds trucks.",
        "ru": "Грузовики.",
    }
    client.logout()
    assert "li.wei@faw.example" in _text(client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/"))


def test_a_product_with_a_bad_hs_code_is_refused_on_the_page(client, exhibitor):
    client.force_login(representative_of(exhibitor))
    response = client.post(
        f"/expos/cnea/exhibitors/{exhibitor.pk}/products/new/",
        {"name_1": "Bulldozer", "hs_code": "99999"},
    )
    assert response.status_code == 400
    assert "99999 is not an HS code" in _text(response)


@pytest.mark.parametrize("who", ["other_exhibitor", "buyer_of_same_company", "stranger"])
def test_others_cannot_open_the_edit_page(client, exhibitor, who):
    users = {
        "other_exhibitor": lambda: representative_of(ExhibitorFactory(expo=exhibitor.expo)),
        "buyer_of_same_company": lambda: representative_of(exhibitor, roles=[Role.BUYER]),
        "stranger": UserFactory,
    }
    client.force_login(users[who]())
    assert client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/edit/").status_code == 403
    assert client.post(f"/expos/cnea/exhibitors/{exhibitor.pk}/products/new/", {}).status_code == 403


def test_the_search_page_finds_chinese_and_offers_facets(client, exhibitor):
    rebuild_search_index(exhibitor.expo)

    assert "履带式挖掘机" in _text(client.get("/expos/cnea/search/?q=挖掘", HTTP_ACCEPT_LANGUAGE="zh-hans"))

    text = _text(client.get("/expos/cnea/search/?q=excavator"))

    assert "1 result " in text
    assert "Crawler excavator FAW Group · China · Pavilion of the 5G New Era" in text
    assert "Section XVI 1" in text and "Pavilion of the 5G New Era 1" in text


def test_the_search_page_explains_an_empty_result(client, exhibitor):
    rebuild_search_index(exhibitor.expo)
    assert "Nothing matches" in _text(client.get("/expos/cnea/search/?q=nonexistent"))


def test_an_organiser_asks_for_a_proposal_from_the_floor_plan_and_nothing_is_assigned(client, exhibitor):
    ExhibitorFactory(
        expo=exhibitor.expo, pavilion=None, organisation=OrganisationFactory(name={"en": "Nomad Ltd"})
    )
    client.force_login(organiser_of(exhibitor.expo))

    text = _text(client.post("/expos/cnea/floor-plan/proposal/", follow=True))

    assert "Booths are proposed for 0 exhibitors. Nothing is assigned until you accept a pavilion." in text
    assert "1 exhibitor could not be placed." in text
    assert exhibitor.expo.exhibitors.filter(booth_assignments__isnull=False).count() == 1


def test_visitors_cannot_ask_for_a_proposal(client, exhibitor):
    client.force_login(representative_of(exhibitor))
    assert client.post("/expos/cnea/floor-plan/proposal/").status_code == 403


def test_the_exhibitor_page_needs_the_same_queries_for_few_or_many_products(client, exhibitor):
    url = f"/expos/cnea/exhibitors/{exhibitor.pk}/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        ProductFactory(exhibitor=exhibitor, name={"en": f"Model {number}"})
        InvestmentProjectFactory(expo=exhibitor.expo, owner=exhibitor.organisation, exhibitor=exhibitor)
    BoothAssignmentFactory(exhibitor=exhibitor)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_search_page_needs_the_same_queries_for_few_or_many_hits(client, exhibitor):
    rebuild_search_index(exhibitor.expo)
    with CaptureQueriesContext(connection) as few:
        client.get("/expos/cnea/search/?q=excavator")
    for number in range(15):
        ProductFactory(exhibitor=ExhibitorFactory(expo=exhibitor.expo), name={"en": f"Excavator {number}"})
    rebuild_search_index(exhibitor.expo)
    with CaptureQueriesContext(connection) as many:
        client.get("/expos/cnea/search/?q=excavator")
    assert len(many) == len(few)


def test_an_organiser_gives_and_frees_a_booth_by_hand_on_the_exhibitor_page(client, exhibitor):
    FloorPlanSettings.objects.create(expo=exhibitor.expo, one_booth_per_exhibitor=False)
    spare = BoothFactory(hall=exhibitor.booths.get().hall, pavilion=exhibitor.pavilion, code="H1-0099")
    client.force_login(organiser_of(exhibitor.expo))
    url = f"/expos/cnea/exhibitors/{exhibitor.pk}/"
    assert "H1-0099" in _text(client.get(url))

    text = _text(client.post(f"{url}booths/", {"booth": spare.pk}, follow=True))

    assert "Booth H1-0099 has been assigned." in text
    assert sorted(exhibitor.booths.values_list("code", flat=True)) == ["H1-0001", "H1-0099"]
    text = _text(client.post(f"{url}booths/", {"booth": spare.pk, "action": "release"}, follow=True))
    assert "Booth H1-0099 is free again." in text
    assert list(exhibitor.booths.values_list("code", flat=True)) == ["H1-0001"]


def test_an_exhibitor_cannot_give_itself_a_booth(client, exhibitor):
    spare = BoothFactory(hall=exhibitor.booths.get().hall, pavilion=exhibitor.pavilion)
    client.force_login(representative_of(exhibitor))
    assert "Give a booth by hand" not in _text(client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/"))
    assert (
        client.post(f"/expos/cnea/exhibitors/{exhibitor.pk}/booths/", {"booth": spare.pk}).status_code == 403
    )
