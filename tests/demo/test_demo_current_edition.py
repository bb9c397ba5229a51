"""The demo offers a current edition beside the August 2019 one: the 13th of the same
series, a few weeks ahead, with registration open, so that signing up for a session and
asking for a meeting work at once instead of answering "already started" (issue #16)."""

import dataclasses
import datetime as dt

import pytest

from tradefair.common.errors import DomainError
from tradefair.demo.generator import (
    DemoSize,
    current_edition,
    current_edition_size,
    generate_demo,
)
from tradefair.expos.models import ExpoStatus
from tradefair.matchmaking.domain.requests import send_request
from tradefair.people.models import Participant, RegistrationStatus, Role
from tradefair.program.domain.signup import sign_up
from tradefair.program.models import Session

pytestmark = pytest.mark.django_db


def _small(size: DemoSize) -> DemoSize:
    return dataclasses.replace(size, merchants=60, exhibitors=12, countries=8)


def test_the_current_edition_is_ahead_with_registration_open_and_no_activity_yet():
    today = dt.date.today()
    past = generate_demo(_small(DemoSize()))
    expo = generate_demo(_small(current_edition_size(today=today)))

    assert current_edition() == expo
    assert (expo.series, expo.edition, past.series, past.edition) == ("cnea", 13, "cnea", 12)
    assert expo.starts == today + dt.timedelta(days=42) and expo.slug == f"cnea-{expo.starts.year}"
    assert expo.status == ExpoStatus.REGISTRATION_OPEN
    assert expo.name["en"] == "The 13th China-Northeast Asia Expo"
    assert not expo.deals.exists() and not expo.rounds.exists()


def test_every_journey_works_in_the_current_edition():
    expo = generate_demo(_small(current_edition_size()))
    approved = Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED)
    buyer = approved.filter(roles__role=Role.BUYER).first() or approved.first()
    exhibitor = approved.filter(roles__role=Role.EXHIBITOR).exclude(pk=buyer.pk).first()
    session = Session.objects.filter(event__expo=expo).order_by("starts_at").first()

    signup = sign_up(session, participant=buyer)
    request = send_request(buyer, recipient=exhibitor, message="Shall we meet?")

    assert signup.status in ("confirmed", "waiting") and request.status == "pending"


def test_in_the_august_2019_edition_the_same_sign_up_has_already_started():
    expo = generate_demo(_small(DemoSize()))
    buyer = Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED).first()
    with pytest.raises(DomainError) as error:
        sign_up(Session.objects.filter(event__expo=expo).first(), participant=buyer)
    assert error.value.code == "session_started"
