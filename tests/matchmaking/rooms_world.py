"""An online meeting whose room is open now, and the Janus server the browser test starts
(its own configuration folder in a temporary directory, ports in 8500-8599 and an RTP range
of its own)."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from django.utils import timezone

from tests.factories import UserFactory
from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.expos.models import Organiser
from tradefair.matchmaking.models import Meeting, MeetingRequest, Round, RoundStatus, Slot
from tradefair.people.models import Role

JANUS = shutil.which("janus")
JANUS_HTTP_PORT = 8588
JANUS_RTP_PORTS = (40000, 40100)
TOKEN_SECRET = "room-test-token-secret"
ADMIN_KEY = "room-test-admin-key"


def online_world(*, starts_in: dt.timedelta = dt.timedelta(minutes=-2), minutes: int = 20, interpretation=""):
    """A buyer in Ulaanbaatar and an exhibitor in Changchun with one online meeting in a
    published round; a third participant, a staff organiser and a viewer organiser."""
    expo = make_expo()
    buyer = person(expo, country="MN", roles=[Role.BUYER], name="Bat-Erdene Dorj")
    exhibitor = person(expo, country="CN", roles=[Role.EXHIBITOR], name="Wang Fang")
    stranger = person(expo, country="DE", roles=[Role.BUYER], name="Karl Huber")
    staff = UserFactory()
    Organiser.objects.create(expo=expo, user=staff, level="staff")
    viewer = UserFactory()
    Organiser.objects.create(expo=expo, user=viewer, level="viewer")
    round_ = Round.objects.create(
        expo=expo, name="Online day", tables=1, online_rooms=2, status=RoundStatus.PUBLISHED, days=[]
    )
    starts = timezone.now().replace(microsecond=0) + starts_in
    slot = Slot.objects.create(round=round_, starts_at=starts, ends_at=starts + dt.timedelta(minutes=minutes))
    request = MeetingRequest.objects.create(
        expo=expo,
        sender=buyer,
        recipient=exhibitor,
        status="accepted",
        expires_at=starts,
        interpretation=interpretation,
    )
    meeting = Meeting.objects.create(
        round=round_, requester=buyer, counterpart=exhibitor, slot=slot, room=1, request=request
    )
    return {
        "expo": expo,
        "buyer": buyer,
        "exhibitor": exhibitor,
        "stranger": stranger,
        "staff": staff,
        "viewer": viewer,
        "round": round_,
        "meeting": meeting,
    }


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.3)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start_janus(folder: Path) -> subprocess.Popen:
    from tradefair.matchmaking.video.janus_config import write_config

    if _answers(JANUS_HTTP_PORT):
        raise RuntimeError(f"port {JANUS_HTTP_PORT} is taken: another Janus runs?")

    config = write_config(
        folder,
        token_secret=TOKEN_SECRET,
        admin_key=ADMIN_KEY,
        http_port=JANUS_HTTP_PORT,
        rtp_ports=JANUS_RTP_PORTS,
    )
    log = (folder / "janus.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (the Debian binary, our own arguments)
        [JANUS, f"--configs-folder={folder}", f"--config={config}", "--disable-colors"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        if _answers(JANUS_HTTP_PORT):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{JANUS_HTTP_PORT}/janus/info", timeout=1).read()  # noqa: S310
                return process
            except OSError:
                pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("Janus did not start: " + (folder / "janus.log").read_text()[-2000:])
