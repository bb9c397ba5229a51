"""A remote participant's invitations and notices name the time on the expo's clock and
on their own, each labelled with its zone, in their language (issue #14.3)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.common.formatting import format_time_zone
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain.notifications import render_notification
from tradefair.matchmaking.models import Notification
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "de", "en", "es", "fr", "ja", "ko", "mn", "ru", "zh-hans"]


@pytest.fixture
def invitation(django_capture_on_commit_callbacks):
    expo = make_expo()
    exhibitor = person(expo, country="CN", roles=[Role.EXHIBITOR], name="Wang Fang")
    buyer = person(expo, country="JP", roles=[Role.BUYER], name="Sato Yuki", language="ja")
    profile_actions.set_own_clock(buyer, time_zone="Asia/Tokyo")
    start = dt.datetime(2030, 8, 24, 2, 0, tzinfo=dt.UTC)  # 10:00 in Changchun, 11:00 in Osaka
    with django_capture_on_commit_callbacks(execute=True):
        request_actions.send_request(exhibitor, recipient=buyer, preferred_start=start)
    return Notification.objects.get(participant=buyer, kind="request_received")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_gives_both_clocks_labelled_in_every_language(invitation, language):
    at = dt.datetime(2030, 8, 24, 2, 0, tzinfo=dt.UTC)
    with translation.override(language):
        text = render_notification(invitation.kind, invitation.params)
        assert format_time_zone("Asia/Shanghai", at=at) in text
        assert format_time_zone("Asia/Tokyo", at=at) in text
        assert text.count(":00") >= 2


def test_the_invitation_email_is_in_the_buyers_language_with_their_own_time(invitation):
    [message] = mail.outbox
    at = dt.datetime(2030, 8, 24, 2, 0, tzinfo=dt.UTC)
    with translation.override("ja"):
        assert format_time_zone("Asia/Tokyo", at=at) in message.body
    assert "11:00" in message.body and "10:00" in message.body
