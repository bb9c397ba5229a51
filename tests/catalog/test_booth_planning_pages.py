"""Booth planning through /api/v1/ and the floor plan page: the same domain functions,
the same refusals (a stale page is a 409 with the booth's current exhibitor named)."""

import html
import json
import re

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
)
from tradefair.catalog.models import BoothAssignment

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token(user)}"}


@pytest.fixture
def floor():
    expo = ExpoFactory(slug="cnea")
    pavilion = PavilionFactory(expo=expo, name={"en": "Pavilion of the 5G New Era"})
    hall = HallFactory(expo=expo, code="H1", name={"en": "Hall 1"})
    booths = [BoothFactory(hall=hall, pavilion=pavilion, code=f"H1-{n:04d}", x_m=3 * n) for n in range(1, 4)]
    firms = [
        ExhibitorFactory(
            expo=expo, pavilion=pavilion, organisation=OrganisationFactory(name={"en": name}, legal_name=name)
        )
        for name in ("Jilin Yatai Group Co., Ltd.", "Ulaanbaatar Cashmere LLC")
    ]
    return {"expo": expo, "booths": booths, "firms": firms, "pavilion": pavilion, "by": organiser_of(expo)}


def _put(client, url, body, user):
    return client.put(url, json.dumps(body), content_type="application/json", **_auth(user))


def _post(client, url, body, user):
    return client.post(url, json.dumps(body), content_type="application/json", **_auth(user))


def test_the_api_assigns_moves_swaps_and_frees(client, floor):
    one, two, three = floor["booths"]
    first, second = floor["firms"]
    by = floor["by"]
    base = "/api/v1/expos/cnea/booths/"

    assert (
        _put(
            client, f"{base}{one.pk}/assignment", {"exhibitor_id": first.pk, "expected_occupant": 0}, by
        ).status_code
        == 200
    )
    assert _put(client, f"{base}{two.pk}/assignment", {"exhibitor_id": second.pk}, by).status_code == 200
    moved = _post(
        client, f"{base}{one.pk}/move", {"to_booth_id": three.pk, "expected_occupant": first.pk}, by
    )
    swapped = _post(client, f"{base}{two.pk}/swap", {"with_booth_id": three.pk}, by)
    freed = client.delete(f"{base}{two.pk}/assignment?expected_occupant={first.pk}", **_auth(by))

    assert (moved.status_code, moved.json()["code"]) == (200, "H1-0003")
    assert (swapped.status_code, freed.status_code) == (204, 204)
    assert list(BoothAssignment.objects.values_list("booth__code", "exhibitor_id")) == [
        ("H1-0003", second.pk)
    ]


def test_the_api_answers_a_stale_move_with_409_and_the_current_exhibitor(client, floor):
    one, two, _three = floor["booths"]
    first, second = floor["firms"]
    BoothAssignmentFactory(booth=one, exhibitor=second)

    response = _post(
        client,
        f"/api/v1/expos/cnea/booths/{one.pk}/move",
        {"to_booth_id": two.pk, "expected_occupant": first.pk},
        floor["by"],
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert "it is now Ulaanbaatar Cashmere LLC's" in response.json()["detail"]
    assert BoothAssignment.objects.get().booth_id == one.pk


def test_the_api_proposes_then_accepts_one_pavilion(client, floor):
    by = floor["by"]
    proposed = client.post("/api/v1/expos/cnea/booths/proposal", **_auth(by)).json()
    assert proposed["open"] is True and BoothAssignment.objects.count() == 0
    [pavilion] = proposed["pavilions"]

    accepted = client.post(
        f"/api/v1/expos/cnea/booths/proposal/pavilions/{pavilion['pavilion_id']}/accept", **_auth(by)
    ).json()

    assert sorted(line["exhibitor_id"] for line in accepted["assigned"]) == sorted(
        f.pk for f in floor["firms"]
    )
    assert accepted["skipped"] == []
    assert BoothAssignment.objects.count() == 2
    assert client.get("/api/v1/expos/cnea/booths/proposal", **_auth(by)).json()["open"] is False


def test_an_exhibitor_cannot_plan_through_the_api(client, floor):
    exhibitor = floor["firms"][0]
    response = _put(
        client,
        f"/api/v1/expos/cnea/booths/{floor['booths'][0].pk}/assignment",
        {"exhibitor_id": exhibitor.pk},
        representative_of(exhibitor),
    )
    assert response.status_code == 403 and not BoothAssignment.objects.exists()


def test_the_organiser_assigns_from_the_plan_page_and_the_public_plan_names_the_exhibitor(client, floor):
    one = floor["booths"][0]
    first = floor["firms"][0]
    client.force_login(floor["by"])

    chosen = _text(client.get(f"/expos/cnea/floor-plan/?booth={one.pk}&q=Jilin"))
    assert "Booth H1-0001" in chosen and "This booth is free." in chosen and "Assign here" in chosen
    done = client.post(
        "/expos/cnea/floor-plan/booths/",
        {"action": "assign", "booth": one.pk, "exhibitor": first.pk, "expected": "0", "hall": "H1"},
        follow=True,
    )

    assert "Booth H1-0001 has been assigned." in _text(done)
    client.logout()
    public = client.get("/expos/cnea/floor-plan/").content.decode()
    labels = re.findall(r'<tspan [^>]*class="(code|name)">([^<]*)</tspan>', public)
    assert labels[:3] == [("code", "H1-0001"), ("name", "Jilin Yatai"), ("name", "Group")]
    assert (
        "Jilin Yatai" in public
        and "Co., Ltd." not in public.split("<title>")[2].split("</svg>")[0].split("</title>")[-1]
    )
    mine = _text(client.get(f"/expos/cnea/exhibitors/{first.pk}/"))
    assert "Hall 1, booth H1-0001 (9 m²)" in mine


def test_a_stale_page_on_the_plan_gets_409_and_the_reason(client, floor):
    one, two, _three = floor["booths"]
    first, second = floor["firms"]
    BoothAssignmentFactory(booth=one, exhibitor=second)
    client.force_login(floor["by"])

    response = client.post(
        "/expos/cnea/floor-plan/booths/",
        {"action": "move", "booth": one.pk, "target": two.pk, "expected": first.pk, "expected_target": "0"},
    )

    assert response.status_code == 409
    assert (
        "Booth H1-0001 has changed since this page was loaded: it is now Ulaanbaatar Cashmere LLC's."
        in _text(response)
    )


def test_a_drop_onto_an_occupied_booth_asks_to_confirm_the_swap(client, floor):
    one, two, _three = floor["booths"]
    first, second = floor["firms"]
    BoothAssignmentFactory(booth=one, exhibitor=first)
    BoothAssignmentFactory(booth=two, exhibitor=second)
    client.force_login(floor["by"])

    text = _text(client.get(f"/expos/cnea/floor-plan/?source={one.pk}&booth={two.pk}"))

    assert "Swap H1-0001 with H1-0002 (Ulaanbaatar Cashmere LLC)" in text


def test_a_bad_action_is_a_400_not_a_500(client, floor):
    client.force_login(floor["by"])
    for data in (
        {"action": "fly", "booth": floor["booths"][0].pk},
        {"action": "assign", "booth": "x"},
        {"action": "move", "booth": floor["booths"][0].pk, "target": "99999999"},
    ):
        assert client.post("/expos/cnea/floor-plan/booths/", data).status_code == 400


def test_viewers_see_the_plan_without_the_planning_panel(client, floor):
    from tests.factories import UserFactory
    from tradefair.expos.models import Organiser, OrganiserLevel

    viewer = UserFactory()
    Organiser.objects.create(expo=floor["expo"], user=viewer, level=OrganiserLevel.VIEWER)
    client.force_login(viewer)
    text = _text(client.get("/expos/cnea/floor-plan/"))
    assert "Plan the booths" not in text and "H1-0001" in text
