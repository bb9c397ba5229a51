import secrets

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
    UserFactory,
)
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.expos.models import ExpoStatus

pytestmark = pytest.mark.django_db


def _token(user) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return key


def test_expos_are_listed_with_the_contract_fields(client):
    ExpoFactory(
        slug="cnea-2019",
        name={"en": "The 12th China-Northeast Asia Expo", "zh-hans": "第十二届中国—东北亚博览会"},
    )
    ExpoFactory(slug="hidden", status=ExpoStatus.DRAFT)

    body = client.get("/api/v1/expos", HTTP_ACCEPT_LANGUAGE="en").json()

    assert body["count"] == 1 and body["next"] is None
    expo = body["results"][0]
    assert {key: expo[key] for key in ("slug", "edition", "name", "starts", "ends")} == {
        "slug": "cnea-2019",
        "edition": 12,
        "name": "The 12th China-Northeast Asia Expo",
        "starts": "2019-08-23",
        "ends": "2019-08-27",
    }


def test_text_fields_follow_accept_language_and_lang(client):
    ExpoFactory(slug="cnea", name={"en": "China-Northeast Asia Expo", "zh-hans": "中国—东北亚博览会"})
    assert (
        client.get("/api/v1/expos/cnea", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["name"] == "中国—东北亚博览会"
    )
    assert client.get("/api/v1/expos/cnea?lang=en", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["name"] == (
        "China-Northeast Asia Expo"
    )
    # Japanese is missing: the expo's fallback order (zh-hans first) answers, never an empty string.
    assert client.get("/api/v1/expos/cnea", HTTP_ACCEPT_LANGUAGE="ja").json()["name"] == "中国—东北亚博览会"


def test_an_expo_has_its_headline_figures(client):
    expo = ExpoFactory(slug="cnea")
    ParticipantFactory(expo=expo, country="RU")
    ExhibitorFactory(expo=expo, organisation=OrganisationFactory(country="JP"))
    figures = client.get("/api/v1/expos/cnea").json()["figures"]
    assert figures["merchants"] == 1 and figures["exhibitors"] == 1 and figures["exhibitors_foreign"] == 1


def test_exhibitors_carry_country_pavilion_and_booths(client):
    expo = ExpoFactory(slug="cnea")
    pavilion = PavilionFactory(expo=expo, name={"en": "Japan Pavilion"}, country="JP")
    assignment = BoothAssignmentFactory(
        exhibitor__expo=expo,
        exhibitor__pavilion=pavilion,
        exhibitor__organisation__country="JP",
        booth__code="H2-0007",
    )

    body = client.get("/api/v1/expos/cnea/exhibitors?lang=en").json()

    assert body["results"] == [
        {
            "id": assignment.exhibitor.pk,
            "name": assignment.exhibitor.organisation.legal_name,
            "legal_name": assignment.exhibitor.organisation.legal_name,
            "country": "JP",
            "pavilion": pavilion.pk,
            "pavilion_name": "Japan Pavilion",
            "booths": ["H2-0007"],
            "website": "",
        }
    ]


def test_lists_are_paginated_with_a_next_link(client):
    expo = ExpoFactory(slug="cnea")
    for _ in range(5):
        ExhibitorFactory(expo=expo)
    first = client.get("/api/v1/expos/cnea/exhibitors?page_size=2").json()
    last = client.get("/api/v1/expos/cnea/exhibitors?page_size=2&page=3").json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["next"].endswith("/api/v1/expos/cnea/exhibitors?page_size=2&page=2")
    assert len(last["results"]) == 1 and last["next"] is None


@pytest.mark.parametrize(
    "url, status, detail",
    [
        ("/api/v1/expos/nowhere", 404, "No expo is published under the name “nowhere”."),
        ("/api/v1/expos/nowhere/exhibitors", 404, "No expo is published under the name “nowhere”."),
        ("/api/v1/expos/cnea/exhibitors?country=ZZ", 400, "“ZZ” is not a country or region code."),
        ("/api/v1/expos/cnea/exhibitors?pavilion=999999", 400, "This expo has no pavilion 999999."),
        ("/api/v1/expos/cnea/exhibitors?page=0", 400, "page: Input should be greater than or equal to 1"),
        (
            "/api/v1/expos/cnea/exhibitors?page_size=100000",
            400,
            "page_size: Input should be less than or equal to 500",
        ),
        ("/api/v1/expos/cnea/exhibitors?pavilion=abc", 400, None),
    ],
)
def test_client_mistakes_get_a_4xx_with_a_message(client, url, status, detail):
    ExpoFactory(slug="cnea")
    response = client.get(url)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)
    if detail:
        assert response.json()["detail"] == detail


def test_a_draft_expo_is_hidden_from_the_public_api(client):
    ExpoFactory(slug="draft", status=ExpoStatus.DRAFT)
    assert client.get("/api/v1/expos/draft").status_code == 404


def test_organisations_need_a_token(client):
    response = client.get("/api/v1/organisations")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required: send a valid API token."}
    assert client.get("/api/v1/organisations", HTTP_AUTHORIZATION="Bearer not-a-key").status_code == 401


def test_a_revoked_token_is_refused(client):
    key = _token(UserFactory(is_staff=True))
    ApiToken.objects.update(revoked=True)
    assert client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_organisers_read_every_organisation_others_only_public_ones(client):
    expo = ExpoFactory(slug="cnea")
    exhibiting = ExhibitorFactory(
        expo=expo, organisation=OrganisationFactory(legal_name="Shown Ltd.")
    ).organisation
    merchant_user = UserFactory()
    own = ParticipantFactory(
        expo=expo, user=merchant_user, organisation=OrganisationFactory(legal_name="Own Ltd.")
    )
    OrganisationFactory(legal_name="Private Ltd.")

    def names(user) -> list[str]:
        body = client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {_token(user)}").json()
        return [row["legal_name"] for row in body["results"]]

    assert names(UserFactory(is_staff=True)) == ["Own Ltd.", "Private Ltd.", "Shown Ltd."]
    assert names(merchant_user) == [own.organisation.legal_name, exhibiting.legal_name]
    assert names(UserFactory()) == ["Shown Ltd."]


def test_an_organisation_outside_ones_view_is_a_404(client):
    hidden = OrganisationFactory()
    key = _token(UserFactory())
    response = client.get(f"/api/v1/organisations/{hidden.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 404


def test_the_openapi_document_describes_the_contract_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/expos",
        "/api/v1/expos/{slug}/exhibitors",
        "/api/v1/expos/{slug}/pavilions",
        "/api/v1/organisations",
    ):
        assert path in paths


def test_api_lists_need_the_same_queries_for_few_or_many_rows(client):
    def queries(slug: str, count: int) -> int:
        expo = ExpoFactory(slug=slug)
        pavilion = PavilionFactory(expo=expo)
        for _ in range(count):
            BoothAssignmentFactory(exhibitor__expo=expo, exhibitor__pavilion=pavilion)
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get(f"/api/v1/expos/{slug}/exhibitors").json()["results"]) == count
            client.get(f"/api/v1/expos/{slug}/pavilions")
        return len(captured)

    assert queries("few", 2) == queries("many", 30)


def test_an_absurd_page_number_is_a_400_not_a_crash(client):
    ExpoFactory(slug="cnea")
    response = client.get("/api/v1/expos?page=236292542284123013120")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("page: Input should be")
