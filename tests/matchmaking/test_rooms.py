"""Online meetings' video rooms: who enters, when, with which seat; Jitsi's signed room
tokens, coturn's short-lived credentials, Janus's signed tokens; attendance from the room
page and the held/no-show settlement; the organisers' rooms in use now."""

import base64
import datetime as dt
import hashlib
import hmac

import jwt
import pytest
from django.utils import timezone, translation

from tests.matchmaking.rooms_world import online_world
from tradefair.common.audit import AuditEntry
from tradefair.matchmaking.domain import attendance, rooms
from tradefair.matchmaking.models import Meeting, MeetingStatus, RoomVisit
from tradefair.matchmaking.video import janus, turn
from tradefair.matchmaking.video.jitsi import JitsiProvider

pytestmark = pytest.mark.django_db

JITSI_SECRET = "jitsi-app-secret-for-tests-0123456789"


@pytest.fixture
def world():
    return online_world()


@pytest.fixture
def jitsi(settings):
    settings.VIDEO_PROVIDER = "jitsi"
    settings.JITSI_DOMAIN = "meet.example.org"
    settings.JITSI_APP_ID = "tradefair"
    settings.JITSI_APP_SECRET = JITSI_SECRET


def test_both_parties_enter_and_each_sees_the_other_as_counterpart(world):
    for me, other in (("buyer", "exhibitor"), ("exhibitor", "buyer")):
        entry = rooms.enter_room(world[me].user, world["expo"], world["meeting"].pk)
        assert (entry.seat, entry.counterpart) == ("party", world[other])


@pytest.mark.parametrize("who", ["stranger", "viewer"])
def test_a_third_participant_and_a_viewing_organiser_are_refused(world, who):
    user = world[who] if who == "viewer" else world[who].user
    with pytest.raises(rooms.RoomRefused) as refused:
        rooms.enter_room(user, world["expo"], world["meeting"].pk)
    assert refused.value.code == "room_not_yours"


def test_staff_organisers_enter_to_help_and_take_the_interpreters_seat_only_when_asked():
    world = online_world(interpretation="ru")
    helper = rooms.enter_room(world["staff"], world["expo"], world["meeting"].pk)
    assert (helper.seat, helper.participant) == ("organiser", None)
    interpreter = rooms.enter_room(world["staff"], world["expo"], world["meeting"].pk, seat="interpreter")
    assert (interpreter.seat, interpreter.interpretation) == ("interpreter", "ru")
    plain = online_world()
    assert (
        rooms.enter_room(plain["staff"], plain["expo"], plain["meeting"].pk, seat="interpreter").seat
        == "organiser"
    )


def test_the_room_opens_ten_minutes_before_the_slot_and_closes_at_its_end(world):
    meeting = world["meeting"]
    user, expo = world["buyer"].user, world["expo"]
    opens = meeting.slot.starts_at - dt.timedelta(minutes=10)
    with translation.override("en"), pytest.raises(rooms.RoomRefused) as early:
        rooms.enter_room(user, expo, meeting.pk, now=opens - dt.timedelta(seconds=1))
    assert early.value.code == "room_not_open_yet"
    assert "ten minutes before the meeting" in early.value.message
    assert rooms.enter_room(user, expo, meeting.pk, now=opens).seat == "party"
    with pytest.raises(rooms.RoomRefused) as late:
        rooms.enter_room(user, expo, meeting.pk, now=meeting.slot.ends_at)
    assert late.value.code == "room_closed"


def test_a_cancelled_or_on_site_meeting_has_no_room(world):
    meeting = world["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    with pytest.raises(rooms.RoomRefused):
        rooms.enter_room(world["buyer"].user, world["expo"], meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CONFIRMED, room=None, table=1)
    from django.http import Http404

    with pytest.raises(Http404):
        rooms.enter_room(world["buyer"].user, world["expo"], meeting.pk)


def test_a_jitsi_seat_is_a_token_for_this_room_only_until_the_slot_ends(world, jitsi):
    entry = rooms.enter_room(world["buyer"].user, world["expo"], world["meeting"].pk)
    seat = rooms.seat_for(entry, world["buyer"].user)
    claims = jwt.decode(seat.client["jwt"], JITSI_SECRET, algorithms=["HS256"], audience="jitsi")
    assert claims["room"] == seat.room == JitsiProvider.from_settings().room_name(world["meeting"].pk)
    assert (claims["iss"], claims["sub"]) == ("tradefair", "meet.example.org")
    assert claims["exp"] == int(world["meeting"].slot.ends_at.timestamp())
    assert claims["nbf"] == int(entry.opens_at.timestamp())
    assert claims["context"]["user"]["moderator"] is False
    assert claims["context"]["user"]["name"].startswith("Bat-Erdene Dorj")
    # Another meeting's room has another, unguessable name.
    assert JitsiProvider.from_settings().room_name(world["meeting"].pk + 1) != seat.room
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(seat.client["jwt"], "another secret", algorithms=["HS256"], audience="jitsi")


def test_turn_credentials_follow_corturns_shared_secret_scheme(settings):
    settings.TURN_URLS = ["turn:turn.example.org:3478?transport=udp"]
    settings.TURN_SECRET = "coturn-shared"
    settings.TURN_TTL_SECONDS = 600
    server = turn.credentials("u7", now=1_900_000_000)
    assert server["username"] == "1900000600:u7"
    expected = hmac.new(b"coturn-shared", b"1900000600:u7", hashlib.sha1).digest()
    assert base64.b64decode(server["credential"]) == expected
    settings.TURN_SECRET = ""
    assert turn.credentials("u7") is None


def test_a_janus_token_is_signed_for_the_videoroom_plugin_until_its_expiry():
    token = janus.signed_token("s3cret", 1_900_000_000)
    data, signature = token.split(":")
    assert data == "1900000000,janus,janus.plugin.videoroom"
    assert base64.b64decode(signature) == hmac.new(b"s3cret", data.encode(), hashlib.sha1).digest()


def _visit(world, who, start_minutes, end_minutes):
    base = world["meeting"].slot.starts_at
    participant = world[who]
    return RoomVisit.objects.create(
        meeting=world["meeting"],
        user=participant.user,
        participant=participant,
        joined_at=base + dt.timedelta(minutes=start_minutes),
        last_seen_at=base + dt.timedelta(minutes=end_minutes),
        left_at=base + dt.timedelta(minutes=end_minutes),
    )


def test_presence_messages_make_one_stay_and_a_silent_page_ends_at_its_last_sign(world, settings):
    settings.ROOM_HEARTBEAT_SECONDS = 20
    user = world["buyer"].user
    entry = rooms.enter_room(user, world["expo"], world["meeting"].pk)
    t0 = timezone.now()
    attendance.record_presence(entry, user, event="join", now=t0)
    attendance.record_presence(entry, user, event="here", now=t0 + dt.timedelta(seconds=20))
    attendance.record_presence(entry, user, event="here", now=t0 + dt.timedelta(seconds=40))
    # Two minutes without news, then the page speaks again: a new stay.
    attendance.record_presence(entry, user, event="here", now=t0 + dt.timedelta(seconds=160))
    attendance.record_presence(entry, user, event="leave", now=t0 + dt.timedelta(seconds=170))
    stays = [(v.joined_at - t0, v.ends_at - t0) for v in RoomVisit.objects.order_by("joined_at")]
    assert stays == [
        (dt.timedelta(0), dt.timedelta(seconds=40)),
        (dt.timedelta(seconds=160), dt.timedelta(seconds=170)),
    ]
    with pytest.raises(Exception) as unknown:
        attendance.record_presence(entry, user, event="dance")
    assert unknown.value.code == "presence_event"


def test_five_minutes_together_is_a_meeting_held_and_less_a_no_show(world):
    _visit(world, "buyer", -3, 6)
    _visit(world, "exhibitor", 2, 7)  # together from minute 2 to 6: four minutes
    assert attendance.seconds_together(world["meeting"]) == 240
    _visit(world, "exhibitor", 8, 12)
    _visit(world, "buyer", 9, 11)  # and two more: six minutes in all
    assert attendance.seconds_together(world["meeting"]) == 360
    assert attendance.settle_online_meetings(now=world["meeting"].slot.starts_at) == {"held": 0, "no_show": 0}
    after = world["meeting"].slot.ends_at
    assert attendance.settle_online_meetings(now=after) == {"held": 1, "no_show": 0}
    world["meeting"].refresh_from_db()
    assert world["meeting"].status == MeetingStatus.HELD
    assert AuditEntry.objects.filter(action="meeting.room_held").count() == 1
    assert list(attendance.online_meetings_held(world["expo"])) == [world["meeting"]]


def test_one_party_alone_is_a_no_show_and_a_recorded_outcome_is_kept(world):
    _visit(world, "buyer", 0, 20)
    other = online_world()
    Meeting.objects.filter(pk=other["meeting"].pk).update(status=MeetingStatus.HELD)
    assert attendance.settle_online_meetings(now=world["meeting"].slot.ends_at) == {"held": 0, "no_show": 1}
    world["meeting"].refresh_from_db()
    assert world["meeting"].status == MeetingStatus.NO_SHOW
    assert Meeting.objects.get(pk=other["meeting"].pk).status == MeetingStatus.HELD


def test_rooms_in_use_lists_open_rooms_and_who_is_in_them_for_organisers_only(world):
    user = world["buyer"].user
    entry = rooms.enter_room(user, world["expo"], world["meeting"].pk)
    attendance.record_presence(entry, user, event="join")
    later = online_world(starts_in=dt.timedelta(hours=2))
    assert later["expo"] != world["expo"]
    [meeting] = rooms.rooms_in_use(world["expo"], world["viewer"])
    assert (meeting.pk, meeting.present, meeting.parties_present) == (
        world["meeting"].pk,
        1,
        [world["buyer"]],
    )
    assert rooms.rooms_in_use(later["expo"], later["viewer"]) == []
    with pytest.raises(Exception) as refused:
        rooms.rooms_in_use(world["expo"], user)
    assert refused.value.code == "not_an_organiser"


def test_the_room_page_in_russian_names_the_counterpart_and_the_interpreters_seat(client, jitsi):
    world = online_world(interpretation="zh-hans")
    client.force_login(world["buyer"].user)
    url = f"/expos/{world['expo'].slug}/matchmaking/rooms/{world['meeting'].pk}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Wang Fang" in body and "Видеокомната" in body
    assert 'id="interpreter"' in body
    assert "meet.example.org" in page["Content-Security-Policy"]
    assert page["Cache-Control"] == "no-store"


def test_outsiders_get_a_translated_403_page_that_says_why(client, jitsi):
    world = online_world()
    url = f"/expos/{world['expo'].slug}/matchmaking/rooms/{world['meeting'].pk}/"
    client.force_login(world["stranger"].user)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 403
    with translation.override("de"):
        assert translation.gettext("You cannot enter this room") in page.content.decode()


def test_without_the_media_server_the_page_says_so_with_a_503(client, settings):
    settings.JANUS_URL = "http://127.0.0.1:9/janus"
    world = online_world()
    client.force_login(world["buyer"].user)
    page = client.get(f"/expos/{world['expo'].slug}/matchmaking/rooms/{world['meeting'].pk}/")
    assert page.status_code == 503
    assert b"room_unavailable" in page.content


def test_the_api_records_presence_and_refuses_a_third_person(client, jitsi):
    world = online_world()
    url = f"/api/v1/expos/{world['expo'].slug}/meetings/{world['meeting'].pk}/room/presence"
    client.force_login(world["buyer"].user)
    client.get("/")
    csrf = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    answer = client.post(url, {"event": "join"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert answer.status_code == 200, answer.content
    assert answer.json()["recorded"] is True
    client.force_login(world["stranger"].user)
    refused = client.post(url, {"event": "join"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert (refused.status_code, refused.json()["code"]) == (403, "room_not_yours")
    assert RoomVisit.objects.filter(meeting=world["meeting"]).count() == 1
