"""An exhibitor's leads: its exhibitor admins see the team it sends, and the meeting
requests and meetings of every one of its people, even those addressed to a colleague;
nothing of any other organisation; organisers read them too, nobody else does."""

import datetime as dt
import secrets

import pytest
from django.utils import timezone

from tests.factories import ExhibitorFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tests.matchmaking.factories import account, person
from tests.matchmaking.factories import expo as make_expo
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.common.permissions import OPERATOR
from tradefair.expos.models import OrganiserLevel
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.models import Meeting, MeetingRequest, MeetingStatus
from tradefair.people.models import RegistrationStatus, Role

pytestmark = pytest.mark.django_db


def auth(user) -> dict:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _request(expo, sender, recipient, message=""):
    return MeetingRequest.objects.create(
        expo=expo,
        sender=sender,
        recipient=recipient,
        message=message,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )


@pytest.fixture
def world():
    expo = make_expo()
    company = OrganisationFactory(legal_name="Harbin Excavators", country="CN")
    exhibitor = ExhibitorFactory(expo=expo, organisation=company)
    # The first exhibitor person takes the company's requests; the second is its admin too.
    desk = ParticipantFactory(
        expo=expo, organisation=company, roles=[Role.EXHIBITOR], user=account(), name="Desk Zhang"
    )
    admin = ParticipantFactory(
        expo=expo, organisation=company, roles=[Role.EXHIBITOR], user=account(), name="Admin Liu"
    )
    pending = ParticipantFactory(
        expo=expo, organisation=company, roles=[Role.EXHIBITOR], status=RegistrationStatus.PENDING
    )
    buyer = person(expo, country="RU", roles=[Role.BUYER], name="Buyer Ivanov")
    rival_company = OrganisationFactory(legal_name="Rival Machinery", country="KR")
    rival = ExhibitorFactory(expo=expo, organisation=rival_company)
    rival_person = ParticipantFactory(
        expo=expo, organisation=rival_company, roles=[Role.EXHIBITOR], user=account(), name="Rival Kim"
    )
    ours = _request(expo, buyer, desk, message="We need twenty excavators.")
    theirs = _request(expo, buyer, rival_person, message="Secret to the rival.")
    round_ = round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Day 1",
        days=["2030-08-23"],
        day_starts="09:00",
        day_ends="10:00",
        slot_minutes=20,
        time_limit=3,
    )
    round_.status = "published"
    round_.save()
    slots = list(round_.slots.order_by("starts_at"))
    our_meeting = Meeting.objects.create(
        round=round_,
        requester=buyer,
        counterpart=desk,
        slot=slots[0],
        table=1,
        status=MeetingStatus.CONFIRMED,
    )
    their_meeting = Meeting.objects.create(
        round=round_, requester=buyer, counterpart=rival_person, slot=slots[1], table=1
    )
    return {
        "expo": expo,
        "exhibitor": exhibitor,
        "rival": rival,
        "desk": desk,
        "admin": admin,
        "pending": pending,
        "buyer": buyer,
        "rival_person": rival_person,
        "ours": ours,
        "theirs": theirs,
        "our_meeting": our_meeting,
        "their_meeting": their_meeting,
    }


def _leads_url(world, exhibitor="exhibitor") -> str:
    return f"/api/v1/expos/{world['expo'].slug}/exhibitors/{world[exhibitor].pk}/leads"


def test_an_exhibitor_admin_sees_the_requests_to_a_colleague_and_no_other_companys(client, world):
    body = client.get(_leads_url(world), **auth(world["admin"].user)).json()
    assert [item["id"] for item in body["results"]] == [world["ours"].pk]
    assert body["results"][0]["message"] == "We need twenty excavators."
    assert body["results"][0]["recipient"]["company"] == "Harbin Excavators"


def test_an_exhibitor_admin_sees_its_peoples_meetings_only(client, world):
    url = f"/api/v1/expos/{world['expo'].slug}/exhibitors/{world['exhibitor'].pk}/meetings"
    body = client.get(url, **auth(world["admin"].user)).json()
    assert [item["id"] for item in body["results"]] == [world["our_meeting"].pk]


def test_another_companys_leads_are_not_found_for_an_exhibitor_admin(client, world):
    response = client.get(_leads_url(world, "rival"), **auth(world["admin"].user))
    assert response.status_code == 404


def test_a_buyer_does_not_read_an_exhibitors_leads_even_its_own_requests_there(client, world):
    response = client.get(_leads_url(world), **auth(world["buyer"].user))
    assert response.status_code == 404


def test_a_pending_exhibitor_person_does_not_read_the_leads(client, world):
    world["pending"].user = UserFactory()
    world["pending"].save()
    response = client.get(_leads_url(world), **auth(world["pending"].user))
    assert response.status_code == 404


@pytest.mark.parametrize("level", [OrganiserLevel.ADMIN, OrganiserLevel.STAFF, OrganiserLevel.VIEWER])
def test_every_organiser_level_reads_the_leads(client, world, level):
    user = UserFactory()
    world["expo"].organisers.add(user, through_defaults={"level": level})
    body = client.get(_leads_url(world), **auth(user)).json()
    assert [item["id"] for item in body["results"]] == [world["ours"].pk]


def test_the_leads_page_shows_the_team_and_the_leads_of_the_own_company_only(client, world):
    client.force_login(world["admin"].user)
    page = client.get(
        f"/expos/{world['expo'].slug}/exhibitors/{world['exhibitor'].pk}/leads/"
    ).content.decode()
    assert "Desk Zhang" in page and "Admin Liu" in page
    assert "We need twenty excavators." in page and "Buyer Ivanov" in page
    assert "Secret to the rival." not in page and "Rival Kim" not in page


def test_the_exhibitor_page_links_its_people_to_their_leads(client, world):
    client.force_login(world["admin"].user)
    page = client.get(f"/expos/{world['expo'].slug}/exhibitors/{world['exhibitor'].pk}/").content.decode()
    assert f"/expos/{world['expo'].slug}/exhibitors/{world['exhibitor'].pk}/leads/" in page
