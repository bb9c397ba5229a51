"""Online negotiation in the demo (issue #14.6): buyers from Japan, Korea, Russia and
Mongolia who take part online only, each on their own clock and hours, and a published
round of online meetings with them in video rooms. Runs after the edition's results are
published, so the published figures of the demo stay what they were."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tradefair.common.audit import log_action
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain.profile import set_meeting_mode, set_own_clock
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.domain.rounds import create_round, publish_round, schedule_round
from tradefair.matchmaking.models import Meeting, MeetingMode, Round
from tradefair.people.models import Participant, RegistrationStatus, Role

ROUND_NAME = "Online negotiation"
ZONES = {"JP": "Asia/Tokyo", "KR": "Asia/Seoul", "RU": "Europe/Moscow", "MN": "Asia/Ulaanbaatar"}
BUYERS_PER_COUNTRY = 6
EXHIBITORS = 40
ONLINE_ROOMS = 8


def add_online_negotiation(expo, *, seed: int = 12) -> int:
    """Make a few buyers of each country online-only in their own zone (09:00-18:00 their
    time), let exhibitors accept video, and schedule and publish an online round on the
    expo's last day. Does nothing twice. Returns how many online meetings were scheduled."""
    if Round.objects.filter(expo=expo, name=ROUND_NAME).exists():
        return 0
    approved = Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED)
    buyers = []
    for country, zone in ZONES.items():
        chosen = list(
            approved.filter(country=country, roles__role=Role.BUYER).order_by("pk")[:BUYERS_PER_COUNTRY]
        )
        for buyer in chosen:
            set_meeting_mode(buyer, mode=MeetingMode.ONLINE)
            set_own_clock(buyer, time_zone=zone, hours_from=dt.time(9), hours_until=dt.time(18))
        buyers += chosen
    if not buyers:
        return 0
    exhibitors = list(
        approved.filter(roles__role=Role.EXHIBITOR)
        .exclude(pk__in=[b.pk for b in buyers])
        .order_by("pk")[:EXHIBITORS]
    )
    for exhibitor in exhibitors:
        set_meeting_mode(exhibitor, mode=MeetingMode.EITHER)
    # The round's pairs come from the recommendations, now with the online buyers in them.
    compute_recommendations(expo)
    with transaction.atomic():
        round_ = create_round(
            expo,
            by=OPERATOR,
            name=ROUND_NAME,
            days=[expo.ends.isoformat()],
            day_starts="08:00",
            day_ends="19:00",
            slot_minutes=30,
            tables=1,
            online_rooms=ONLINE_ROOMS,
            roles=[Role.BUYER, Role.EXHIBITOR],
            max_meetings=4,
            time_limit=10,
        )
        schedule_round(round_, by=OPERATOR, seed=seed, in_process=True)
        publish_round(round_, by=OPERATOR)
        online = Meeting.objects.filter(round=round_, room__isnull=False).count()
        log_action(
            expo, "matchmaking.demo_online_round", data={"round": round_.pk, "online_meetings": online}
        )
    return online
