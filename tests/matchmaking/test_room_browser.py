"""Two browsers meet in a Janus room (issue #14, "Done when"): the Debian Janus server is
started for the test with its own configuration in a temporary folder; both parties open
the room from their agenda in two headless Chromium pages with a fake camera and
microphone, and each page receives the other's video; a third person and a party outside
the window are refused with a translated page; attendance marks the meeting held."""

import datetime as dt
import os

import pytest
from django.utils import timezone, translation

from tests.chromium import chromium
from tests.matchmaking import rooms_world
from tradefair.matchmaking.domain import attendance
from tradefair.matchmaking.models import Meeting, MeetingStatus, RoomVisit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(rooms_world.JANUS is None, reason="Janus is not installed (apt-get install janus)"),
]

FAKE_MEDIA = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")

# The remote video of a page: its track live and frames decoded.
REMOTE_VIDEO = """selector => {
  const video = document.querySelector(selector + ' video');
  if (!video || !(video.srcObject instanceof MediaStream)) return null;
  const track = video.srcObject.getVideoTracks()[0];
  return track ? {state: track.readyState, frames: video.getVideoPlaybackQuality().totalVideoFrames} : null;
}"""


@pytest.fixture
def janus_server(tmp_path, settings):
    process = rooms_world.start_janus(tmp_path / "janus")
    settings.VIDEO_PROVIDER = "janus"
    settings.JANUS_URL = f"http://127.0.0.1:{rooms_world.JANUS_HTTP_PORT}/janus"
    settings.JANUS_PUBLIC_URL = settings.JANUS_URL
    settings.JANUS_TOKEN_SECRET = rooms_world.TOKEN_SECRET
    settings.JANUS_ADMIN_KEY = rooms_world.ADMIN_KEY
    settings.ROOM_HEARTBEAT_SECONDS = 1
    settings.ROOM_HELD_SECONDS = 3
    yield process
    process.terminate()
    try:
        process.wait(timeout=5)
    except Exception:
        process.kill()


@pytest.fixture
def async_unsafe():
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def _login(browser, live_server, user, locale):
    from django.conf import settings as django_settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )
    return context.new_page()


def test_two_browsers_meet_in_the_room_outsiders_are_refused_and_the_meeting_is_held(
    live_server, janus_server, async_unsafe, settings
):
    settings.RATELIMIT_ENABLE = False
    world = rooms_world.online_world(starts_in=dt.timedelta(minutes=-1))
    late = rooms_world.online_world(starts_in=dt.timedelta(minutes=-30))
    slug, meeting = world["expo"].slug, world["meeting"]
    with chromium(*FAKE_MEDIA) as browser:
        buyer = _login(browser, live_server, world["buyer"].user, "ru-RU")
        exhibitor = _login(browser, live_server, world["exhibitor"].user, "zh-CN")
        for page in (buyer, exhibitor):
            page.goto(f"{live_server.url}/expos/{slug}/matchmaking/agenda/")
            page.click("a.join-room")
            page.wait_for_selector("#room[data-joined='true']", timeout=20000)
        with translation.override("zh-hans"):
            assert exhibitor.locator("#counterpart figcaption").inner_text().startswith("Bat-Erdene Dorj")
        assert buyer.locator("#counterpart figcaption").inner_text().startswith("Wang Fang")
        for page in (buyer, exhibitor):
            received = None
            for _ in range(60):
                received = page.evaluate(REMOTE_VIDEO, "#counterpart")
                if received and received["state"] == "live" and received["frames"] > 0:
                    break
                page.wait_for_timeout(500)
            assert received and received["state"] == "live" and received["frames"] > 0, received
        # Together for a few seconds (the test's "five minutes" is three seconds).
        buyer.wait_for_timeout(4500)

        # A third participant, and a party of a meeting whose slot is over: refused.
        stranger = _login(browser, live_server, world["stranger"].user, "de-DE")
        answer = stranger.goto(f"{live_server.url}/expos/{slug}/matchmaking/rooms/{meeting.pk}/")
        assert answer.status == 403
        with translation.override("de"):
            assert stranger.locator("h1").inner_text() == translation.gettext("You cannot enter this room")
        latecomer = _login(browser, live_server, late["buyer"].user, "en-GB")
        answer = latecomer.goto(
            f"{live_server.url}/expos/{late['expo'].slug}/matchmaking/rooms/{late['meeting'].pk}/"
        )
        assert answer.status == 403
        assert latecomer.locator("#refusal").get_attribute("data-code") == "room_closed"

        buyer.click("#leave-room")
        buyer.wait_for_url("**/agenda/")
    visits = RoomVisit.objects.filter(meeting=meeting)
    assert {v.participant_id for v in visits} == {world["buyer"].pk, world["exhibitor"].pk}
    assert attendance.seconds_together(meeting) >= settings.ROOM_HELD_SECONDS
    attendance.settle_online_meetings(now=meeting.slot.ends_at + dt.timedelta(seconds=1))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
    assert timezone.now() < meeting.slot.ends_at
