import pytest

from tests.catalog.factories import api_token, organiser_of, representative_of
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    ExhibitorFactory,
    ExpoFactory,
    HallFactory,
    OrganisationFactory,
    PavilionFactory,
    ProductFactory,
    UserFactory,
)
from tradefair.catalog.domain.search_index import rebuild_search_index
from tradefair.catalog.models import ContactVisibility, Product
from tradefair.common.models import AuditEntry
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db


def localize_name(pavilion) -> str:
    pavilion.refresh_from_db()
    return pavilion.name.data["en"]


@pytest.fixture
def exhibitor():
    expo = ExpoFactory(slug="cnea")
    return ExhibitorFactory(
        expo=expo,
        pavilion=PavilionFactory(expo=expo),
        organisation=OrganisationFactory(
            legal_name="长春一汽有限公司", name={"zh-hans": "一汽", "en": "FAW"}
        ),
        profile={"en": "Trucks since 1953.", "zh-hans": "始于1953年的卡车制造商。"},
        contact_name="Li Wei",
        contact_email="li.wei@faw.example",
        contact_visibility=ContactVisibility.PARTICIPANTS,
    )


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token(user)}"}


def test_products_are_listed_with_the_contract_fields_and_filtered_by_hs_prefix(client, exhibitor):
    excavator = ProductFactory(exhibitor=exhibitor, hs_code="842952")
    ProductFactory(exhibitor=exhibitor, hs_code="870421", name={"en": "Truck"})

    body = client.get("/api/v1/expos/cnea/products?hs_code=8429").json()

    assert body["count"] == 1
    assert {k: body["results"][0][k] for k in ("id", "name", "hs_code", "exhibitor_id")} == {
        "id": excavator.pk,
        "name": "Crawler excavator",
        "hs_code": "842952",
        "exhibitor_id": exhibitor.pk,
    }


def test_search_answers_the_contract_in_the_language_asked(client, exhibitor):
    product = ProductFactory(exhibitor=exhibitor)
    rebuild_search_index(exhibitor.expo)

    body = client.get(
        "/api/v1/expos/cnea/search?q=挖掘机&lang=zh-hans", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).json()

    assert body["count"] == 1 and body["next"] is None
    assert body["results"][0] == {
        "kind": "product",
        "id": product.pk,
        "name": "履带式挖掘机",
        "exhibitor_id": exhibitor.pk,
        "country": "CN",
        "pavilion": exhibitor.pavilion_id,
        "score": body["results"][0]["score"],
    }
    assert body["results"][0]["score"] > 0


def test_search_pages_follow_the_list_shape(client, exhibitor):
    for number in range(3):
        ProductFactory(exhibitor=exhibitor, name={"en": f"Tractor {number}"}, hs_code="870190")
    rebuild_search_index(exhibitor.expo)

    body = client.get("/api/v1/expos/cnea/search?q=tractor&page_size=2").json()

    assert body["count"] == 3 and len(body["results"]) == 2
    assert "page=2" in body["next"]
    assert body["facets"]["kind"] == {"product": 3}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=", "Type something to search for."),
        ("q=x&kind=booth", "Search for one of: exhibitor, product, project."),
        ("q=x&country=XX", "“XX” is not a country or region code."),
        ("q=x&pavilion=0", "This expo has no pavilion 0."),
    ],
)
def test_bad_searches_are_400_with_a_message(client, exhibitor, query, message):
    response = client.get(f"/api/v1/expos/cnea/search?{query}")
    assert response.status_code == 400
    assert response.json()["detail"] == message


def test_contacts_follow_the_exhibitors_privacy_setting(client, exhibitor):
    url = f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}"
    assert client.get(url).json()["contacts"] is None
    visitor = representative_of(ExhibitorFactory(expo=exhibitor.expo), roles=[Role.BUYER])
    assert client.get(url, **_auth(visitor)).json()["contacts"]["email"] == "li.wei@faw.example"

    exhibitor.contact_visibility = ContactVisibility.HIDDEN
    exhibitor.save()
    assert client.get(url, **_auth(visitor)).json()["contacts"] is None
    assert client.get(url, **_auth(representative_of(exhibitor))).json()["contacts"]["name"] == "Li Wei"

    exhibitor.contact_visibility = ContactVisibility.PUBLIC
    exhibitor.save()
    assert client.get(url).json()["contacts"]["name"] == "Li Wei"


def test_an_exhibitor_edits_its_own_profile_in_several_languages(client, exhibitor):
    response = client.patch(
        f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}",
        {
            "profile": {"en": "Heavy trucks.", "ru": "Грузовики.", "ko": "트럭"},
            "contact_visibility": "public",
        },
        content_type="application/json",
        **_auth(representative_of(exhibitor)),
    )

    assert response.status_code == 200
    assert response.json()["profile_translations"] == {
        "en": "Heavy trucks.",
        "ru": "Грузовики.",
        "ko": "트럭",
    }
    assert response.json()["contact_visibility"] == "public"
    assert AuditEntry.objects.filter(action="exhibitor.updated", object_id=str(exhibitor.pk)).exists()


@pytest.mark.parametrize("who", ["anonymous", "other_exhibitor", "same_organisation_but_buyer", "stranger"])
def test_nobody_else_edits_an_exhibitors_page(client, exhibitor, who):
    headers = {}
    if who == "other_exhibitor":
        headers = _auth(representative_of(ExhibitorFactory(expo=exhibitor.expo)))
    elif who == "same_organisation_but_buyer":
        headers = _auth(representative_of(exhibitor, roles=[Role.BUYER]))
    elif who == "stranger":
        headers = _auth(UserFactory())

    response = client.patch(
        f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}",
        {"profile": {"en": "Hacked"}},
        content_type="application/json",
        **headers,
    )

    assert response.status_code == (401 if who == "anonymous" else 403)
    exhibitor.refresh_from_db()
    assert exhibitor.profile.data["en"] == "Trucks since 1953."


def test_an_organiser_edits_any_exhibitor(client, exhibitor):
    response = client.patch(
        f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}",
        {"contact_phone": "+86 431 0000 0000"},
        content_type="application/json",
        **_auth(organiser_of(exhibitor.expo)),
    )
    assert response.status_code == 200
    exhibitor.refresh_from_db()
    assert exhibitor.contact_phone == "+86 431 0000 0000"


def test_products_added_by_the_exhibitor_are_searchable_at_once(client, exhibitor):
    headers = _auth(representative_of(exhibitor))

    response = client.post(
        f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}/products",
        {"name": {"zh-hans": "重型卡车", "en": "Heavy truck"}, "hs_code": "870423"},
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 201
    product_id = response.json()["id"]
    found = client.get("/api/v1/expos/cnea/search?q=重型").json()["results"]
    assert ("product", product_id) in [(hit["kind"], hit["id"]) for hit in found]
    assert client.delete(f"/api/v1/expos/cnea/products/{product_id}", **headers).status_code == 204
    assert not Product.objects.filter(pk=product_id).exists()
    assert client.get("/api/v1/expos/cnea/search?q=重型").json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"name": {"en": "X"}, "hs_code": "12345"}, "12345 is not an HS code: give 2, 4 or 6 digits."),
        ({"name": {"en": " "}, "hs_code": "870423"}, "Name: give it in at least one language."),
        ({"name": {"xx": "X"}, "hs_code": "870423"}, "Name: unknown language codes xx."),
    ],
)
def test_a_bad_product_is_refused_with_a_message(client, exhibitor, payload, message):
    response = client.post(
        f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}/products",
        payload,
        content_type="application/json",
        **_auth(representative_of(exhibitor)),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == message


def test_an_exhibitor_cannot_change_another_exhibitors_product(client, exhibitor):
    other = ProductFactory(exhibitor=ExhibitorFactory(expo=exhibitor.expo))
    response = client.patch(
        f"/api/v1/expos/cnea/products/{other.pk}",
        {"name": {"en": "Mine now"}},
        content_type="application/json",
        **_auth(representative_of(exhibitor)),
    )
    assert response.status_code == 403


def test_an_exhibitor_adds_an_investment_project(client, exhibitor):
    response = client.post(
        f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}/projects",
        {
            "name": {"en": "Truck plant", "ru": "Завод грузовиков"},
            "isic_section": "C",
            "amount_sought": "12000000",
        },
        content_type="application/json",
        **_auth(representative_of(exhibitor)),
    )
    assert response.status_code == 201
    assert response.json()["amount_sought"] == "12000000.00"
    found = client.get("/api/v1/expos/cnea/search?q=завод&kind=project").json()
    assert found["results"][0]["id"] == response.json()["id"]


def test_only_organisers_assign_booths(client, exhibitor):
    booth = BoothFactory(hall=HallFactory(expo=exhibitor.expo), pavilion=exhibitor.pavilion, area_m2=9)
    url = f"/api/v1/expos/cnea/booths/{booth.pk}/assignment"
    payload = {"exhibitor_id": exhibitor.pk}

    refused = client.put(url, payload, content_type="application/json", **_auth(representative_of(exhibitor)))
    done = client.put(url, payload, content_type="application/json", **_auth(organiser_of(exhibitor.expo)))
    again = client.put(url, payload, content_type="application/json", **_auth(organiser_of(exhibitor.expo)))

    assert refused.status_code == 403
    assert done.status_code == 200 and done.json()["code"] == booth.code
    assert again.status_code == 400 and again.json()["detail"] == f"Booth {booth.code} is not free."


def test_the_automatic_proposal_reports_what_it_could_not_place_and_assigns_nothing(client, exhibitor):
    hall = HallFactory(expo=exhibitor.expo)
    booth = BoothFactory(hall=hall, pavilion=exhibitor.pavilion, area_m2=9)
    crowded = ExhibitorFactory(expo=exhibitor.expo, pavilion=exhibitor.pavilion)
    BoothAssignmentFactory(exhibitor=ExhibitorFactory(expo=exhibitor.expo))

    response = client.post("/api/v1/expos/cnea/booths/proposal", **_auth(organiser_of(exhibitor.expo)))

    body = response.json()
    assert response.status_code == 201
    assert body["unplaced"] == [{"exhibitor_id": crowded.pk, "reason": "pavilion_full"}]
    [pavilion] = body["pavilions"]
    assert pavilion["pavilion_id"] == exhibitor.pavilion_id
    assert [(line["booth_id"], line["exhibitor_id"]) for line in pavilion["booths"]] == [
        (booth.pk, exhibitor.pk)
    ]
    assert not exhibitor.booth_assignments.exists()


def test_the_floor_plan_api_gives_booths_in_metres_with_their_exhibitor(client, exhibitor):
    hall = HallFactory(expo=exhibitor.expo, code="H1", name={"en": "Hall 1"})
    booth = BoothFactory(hall=hall, pavilion=exhibitor.pavilion, code="H1-0001", x_m="1.5", y_m="2")
    BoothAssignmentFactory(exhibitor=exhibitor, booth=booth)

    body = client.get("/api/v1/expos/cnea/floor-plan?hall=H1").json()

    assert (body["hall"], body["name"], body["width_m"], body["depth_m"]) == ("H1", "Hall 1", "100", "80")
    assert body["booths"] == [
        {
            "id": booth.pk,
            "code": "H1-0001",
            "x_m": "1.5",
            "y_m": "2",
            "width_m": "3",
            "depth_m": "3",
            "area_m2": "9",
            "colour": exhibitor.pavilion.colour,
            "pavilion": localize_name(exhibitor.pavilion),
            "exhibitor_id": exhibitor.pk,
            "exhibitor": "FAW",
        }
    ]
    assert client.get("/api/v1/expos/cnea/floor-plan?hall=H9").status_code == 404
