"""Recording a deal from the agenda, naming its parties by search and its currency from a
list; and who sees a deal's amount (issue #16, items 5 and 6)."""

import datetime as dt
import secrets

import pytest

from tests.deals.factories import make_deal, organiser
from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.deals.domain.disclosure import set_deal_public
from tradefair.deals.models import Deal
from tradefair.matchmaking.models import Meeting, MeetingStatus, Round, RoundStatus, Slot
from tradefair.people.models import RegistrationStatus, Role
from tradefair.reports.domain.publication import publish_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


def _token(user) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return key


def held_meeting(expo, buyer, seller, *, status=MeetingStatus.HELD, table=1):
    round_ = Round.objects.filter(expo=expo).first() or Round.objects.create(
        expo=expo, name="Day 1", status=RoundStatus.PUBLISHED
    )
    slot = Slot.objects.create(
        round=round_,
        starts_at=dt.datetime(2019, 8, 24, 2, tzinfo=dt.UTC),
        ends_at=dt.datetime(2019, 8, 24, 2, 20, tzinfo=dt.UTC),
    )
    return Meeting.objects.create(
        round=round_, requester=buyer, counterpart=seller, slot=slot, table=table, status=status
    )


def _buyer(expo, **organisation):
    user = UserFactory()
    buyer = ParticipantFactory(
        expo=expo, user=user, roles=[Role.BUYER], organisation__country="RU", **organisation
    )
    return user, buyer


def test_the_agenda_links_a_held_meeting_to_a_prefilled_deal_form(client, expo):
    user, buyer = _buyer(expo)
    seller = ParticipantFactory(expo=expo, organisation__country="CN", roles=[Role.EXHIBITOR])
    meeting = held_meeting(expo, buyer, seller)
    client.force_login(user)

    agenda = client.get("/expos/cnea/matchmaking/agenda/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/expos/cnea/deals/new/?meeting={meeting.pk}"' in agenda and "Record a deal" in agenda

    response = client.get(f"/expos/cnea/deals/new/?meeting={meeting.pk}", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert [party["id"] for party in response.context["chosen_parties"]] == [
        buyer.organisation_id,
        seller.organisation_id,
    ]
    assert f'name="parties" value="{buyer.organisation_id}" checked' in page
    assert f'<option value="{meeting.pk}" selected>' in page
    assert response.context["form"].initial["signed_on"] == dt.date(2019, 8, 24)

    response = client.post(
        "/expos/cnea/deals/new/",
        {
            "kind": "contract",
            "status": "signed",
            "signed_on": "2019-08-24",
            "amount": "250000.00",
            "currency": "USD",
            "parties": [buyer.organisation_id, seller.organisation_id],
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 302
    deal = Deal.objects.get()
    assert deal.meeting == meeting and deal.declared_by == buyer and deal.currency == "USD"


def test_someone_elses_meeting_is_neither_prefilled_nor_linked(client, expo):
    user, buyer = _buyer(expo)
    others = held_meeting(expo, ParticipantFactory(expo=expo), ParticipantFactory(expo=expo))
    client.force_login(user)

    assert client.get(f"/expos/cnea/deals/new/?meeting={others.pk}").status_code == 404
    response = client.post(
        "/api/v1/expos/cnea/deals",
        {
            "kind": "contract",
            "status": "signed",
            "signed_on": "2019-08-24",
            "amount": "10.00",
            "parties": [buyer.organisation_id, others.requester.organisation_id],
            "meeting_id": others.pk,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token(user)}",
    )
    assert response.status_code == 400 and "not one of yours" in response.json()["detail"]
    assert not Deal.objects.exists()


def test_a_currency_that_is_no_iso_code_is_refused_with_a_clear_message(client, expo):
    user = organiser(expo)
    parties = [ParticipantFactory(expo=expo).organisation, ParticipantFactory(expo=expo).organisation]
    client.force_login(user)
    form = {
        "kind": "contract",
        "status": "signed",
        "signed_on": "2019-08-27",
        "amount": "1000.00",
        "currency": "XYZ",
        "parties": [party.pk for party in parties],
    }

    response = client.post("/expos/cnea/deals/new/", form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "XYZ is not a currency code we know" in response.content.decode()

    response = client.post(
        "/api/v1/expos/cnea/deals",
        form | {"currency": "XYZ"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token(user)}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert (
        response.json()["detail"] == "XYZ is not a currency code we know: give an ISO 4217 code such as USD."
    )
    assert not Deal.objects.exists()


def test_the_currency_list_names_currencies_in_the_readers_language_base_first(client, expo):
    user, _buyer_participant = _buyer(expo)
    client.force_login(user)
    choices = (
        client.get("/expos/cnea/deals/new/", HTTP_ACCEPT_LANGUAGE="ru")
        .context["form"]
        .fields["currency"]
        .choices
    )
    assert choices[0] == ("CNY", "CNY · китайский юань")
    assert ("MNT", "MNT · монгольский тугрик") in choices and ("XYZ", "XYZ") not in choices


def test_the_parties_search_is_limited_to_what_the_user_may_see_and_paginated(client, expo):
    user, buyer = _buyer(expo, organisation__legal_name="Amur Timber LLC")
    twins = [
        ParticipantFactory(
            expo=expo, organisation__legal_name="Amur Trading Co.", organisation__country=country
        )
        for country in ("CN", "MN")
    ]
    ExhibitorFactory(expo=expo, organisation=OrganisationFactory(legal_name="Amur Solar", country="CN"))
    ParticipantFactory(expo=expo, status=RegistrationStatus.PENDING, organisation__legal_name="Amur Pending")
    ParticipantFactory(expo=ExpoFactory(), organisation__legal_name="Amur Elsewhere")
    OrganisationFactory(legal_name="Amur Unrelated")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}", "HTTP_ACCEPT_LANGUAGE": "en"}

    body = client.get("/api/v1/expos/cnea/deals/parties?q=amur&page_size=2", **headers).json()
    assert body["count"] == 4 and len(body["results"]) == 2 and "page=2" in body["next"]
    second = client.get(body["next"], **headers).json()
    found = body["results"] + second["results"]
    assert [party["legal_name"] for party in found] == [
        "Amur Solar",
        "Amur Timber LLC",
        "Amur Trading Co.",
        "Amur Trading Co.",
    ]
    assert second["next"] is None
    # Two organisations of one name are told apart by their country.
    labels = {party["label"] for party in found if party["legal_name"] == "Amur Trading Co."}
    assert labels == {"Amur Trading Co. · China", "Amur Trading Co. · Mongolia"}
    assert {party["id"] for party in found} >= {twin.organisation_id for twin in twins}

    assert client.get("/api/v1/expos/cnea/deals/parties?q=amur").status_code == 401
    # An organiser who records deals finds the pending registration's organisation too.
    staff = {"HTTP_AUTHORIZATION": f"Bearer {_token(organiser(expo))}"}
    assert client.get("/api/v1/expos/cnea/deals/parties?q=amur", **staff).json()["count"] == 5


def test_a_participant_who_is_no_party_cannot_see_anothers_deal_amount(client, expo):
    admin = organiser(expo)
    party_user, party = _buyer(expo)
    deal = make_deal(expo, by=admin, amount="987654.32", parties=[party.organisation, OrganisationFactory()])
    outsider, _outsider_participant = _buyer(expo)
    publish_results(expo, by=admin)

    def sees(user) -> tuple[bool, bool]:
        client.force_login(user)
        page = client.get("/expos/cnea/deals/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        api = client.get(f"/api/v1/expos/cnea/deals/{deal.pk}")
        return "987,654.32" in page, api.status_code == 200 and api.json()["amount"] == "987654.32"

    assert sees(outsider) == (False, False)
    assert sees(party_user) == (True, True)
    assert sees(admin) == (True, True)

    set_deal_public(deal, public=True, by=admin)
    assert sees(outsider) == (True, True)


def test_only_organisers_make_a_deal_public_and_only_a_confirmed_one(client, expo):
    admin = organiser(expo)
    party_user, party = _buyer(expo)
    partner = ParticipantFactory(expo=expo).organisation
    declared = make_deal(expo, by=party_user, declare=True, parties=[party.organisation, partner])
    client.force_login(party_user)

    client.post(f"/expos/cnea/deals/{declared.pk}/", {"action": "public"})
    declared.refresh_from_db()
    assert not declared.public

    client.force_login(admin)
    client.post(f"/expos/cnea/deals/{declared.pk}/", {"action": "public"}, HTTP_ACCEPT_LANGUAGE="en")
    declared.refresh_from_db()
    assert not declared.public
    client.post(f"/expos/cnea/deals/{declared.pk}/", {"action": "confirm"})
    response = client.post(
        f"/api/v1/expos/cnea/deals/{declared.pk}/disclosure",
        {"public": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token(admin)}",
    )
    assert response.status_code == 200 and response.json()["public"] is True
