"""Entrance scans for the demo edition, so that its results say how many people came:
each approved participant holds a printed badge, and most of them (about 85 in 100,
exhibitors and speakers more often than merchants) were scanned at a named gate on
the days of their stay, some twice a day after lunch. A participant with a matchmaking
meeting on a day nearly always came that day, so the meetings' outcomes, recorded
afterwards from these scans, read like an organiser's records.

The rows are what the check-in domain function stores for a real scan: the badge, the
gate, a scanner-made nonce (a UUID, as the scanning page makes), the time of the scan
and the gate staff account that scanned it. They are bulk-created, because running
80,000 scans through ``check_in`` one by one would take minutes and stamp them with
today's date. Deterministic for a seed, except the badges' keys, which are secrets."""

import datetime as dt
import random
import uuid
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F

from tradefair.common.audit import log_action
from tradefair.expos.models import Expo, Organiser, OrganiserLevel
from tradefair.matchmaking.models import Meeting, MeetingStatus
from tradefair.onsite.models import Badge, CheckIn
from tradefair.people.models import Participant, ParticipantRole, RegistrationStatus, Role

BATCH = 2000

# Gate, share of the visitors who use it. Exhibitors come in by their own entrance,
# speakers and delegations often by the conference centre's.
VISITOR_GATES = [("East Gate 1", 35), ("East Gate 2", 25), ("South Gate", 25), ("West Gate", 15)]
EXHIBITOR_GATE = "North Gate (exhibitors)"
CONFERENCE_GATE = "Conference Centre"
GATES = [name for name, _share in VISITOR_GATES] + [EXHIBITOR_GATE, CONFERENCE_GATE]

# Chance that a participant came at all, by the role that brings them most surely.
SHOWS_UP = {
    Role.SPEAKER: 0.98,
    Role.EXHIBITOR: 0.96,
    Role.PROJECT_OWNER: 0.95,
    Role.DELEGATION_MEMBER: 0.92,
    Role.BUYER: 0.87,
    Role.INVESTOR: 0.85,
    Role.MEDIA: 0.9,
    Role.STAFF: 1.0,
    Role.MERCHANT: 0.72,
}
SECOND_ENTRY = 0.18
MEETING_DAY = 0.96


def _shows_up(roles: list[str]) -> float:
    return max((SHOWS_UP.get(role, 0.75) for role in roles), default=0.75)


def _minutes(rng: random.Random, low: float, mode: float, high: float) -> dt.time:
    minutes = int(rng.triangular(low * 60, high * 60, mode * 60))
    return dt.time(minutes // 60, minutes % 60, rng.randrange(60))


class _Gates:
    """One staff account per gate and shift (morning, afternoon), who scanned the
    badges there; organisers at the staff level, as the gates require."""

    def __init__(self, expo: Expo):
        user_model = get_user_model()
        users = []
        for number, gate in enumerate(GATES, start=1):
            for shift in ("am", "pm"):
                handle = f"{expo.slug}-gate{number}-{shift}"
                users.append(
                    user_model(
                        username=handle,
                        email=f"{handle}@demo.tradefair.invalid",
                        password="!",
                        first_name=f"{gate} ({shift})"[:150],
                    )
                )
        user_model.objects.bulk_create(users)
        Organiser.objects.bulk_create(
            [Organiser(expo=expo, user=user, level=OrganiserLevel.STAFF) for user in users]
        )
        self.staff = {
            (gate, shift): users[2 * index + k]
            for index, gate in enumerate(GATES)
            for k, shift in enumerate(("am", "pm"))
        }

    def staff_at(self, gate: str, when: dt.time):
        return self.staff[gate, "am" if when < dt.time(12, 30) else "pm"]


def _visitor_gate(rng: random.Random, roles: list[str], day_index: int) -> str:
    if Role.EXHIBITOR in roles and rng.random() < 0.9:
        return EXHIBITOR_GATE
    conference = Role.SPEAKER in roles or Role.DELEGATION_MEMBER in roles
    if conference and day_index < 2 and rng.random() < 0.6:
        return CONFERENCE_GATE
    return rng.choices([g for g, _s in VISITOR_GATES], weights=[s for _g, s in VISITOR_GATES])[0]


def _first_scan(rng: random.Random, roles: list[str], *, arriving: bool, leaving: bool) -> dt.time:
    if Role.EXHIBITOR in roles and not arriving:
        return _minutes(rng, 7.5, 8.3, 9.5)
    if arriving:
        return _minutes(rng, 12.5, 14.0, 16.5)
    if leaving:
        return _minutes(rng, 8.5, 9.2, 11.5)
    return _minutes(rng, 8.5, 9.8, 15.5)


def record_demo_check_ins(expo: Expo, *, seed: int = 12) -> int:
    """Badges for every approved participant and the scans of those who came; does
    nothing if the expo has check-ins already. Returns how many scans were stored."""
    if CheckIn.objects.filter(expo=expo).exists():
        return 0
    rng = random.Random(f"check-ins-{seed}")
    tz = expo.tz
    expo_days = [expo.starts + dt.timedelta(days=n) for n in range((expo.ends - expo.starts).days + 1)]
    people = list(
        Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED)
        .order_by("id")
        .values_list("id", "arrival", "departure")
    )
    roles: dict[int, list[str]] = defaultdict(list)
    for pk, role in (
        ParticipantRole.objects.filter(participant__expo=expo)
        .order_by("id")
        .values_list("participant_id", "role")
    ):
        roles[pk].append(role)
    meeting_days: set[tuple[int, dt.date]] = set()
    meeting_people: set[int] = set()
    for a, b, starts in Meeting.objects.filter(
        round__expo=expo, status__in=[MeetingStatus.CONFIRMED, MeetingStatus.HELD]
    ).values_list("requester_id", "counterpart_id", "slot__starts_at"):
        day = starts.astimezone(tz).date()
        meeting_days.update({(a, day), (b, day)})
        meeting_people.update({a, b})
    with transaction.atomic():
        gates = _Gates(expo)
        badges = Badge.objects.bulk_create(
            [Badge(participant_id=pk) for pk, _a, _d in people], batch_size=BATCH
        )
        issued = dt.datetime.combine(expo.starts - dt.timedelta(days=2), dt.time(10, 0), tzinfo=tz)
        Badge.objects.filter(participant__expo=expo).update(issued_at=issued)
        scans = []
        for (pk, arrival, departure), badge in zip(people, badges, strict=True):
            mine = roles.get(pk, [])
            # Someone who booked meetings meant to come.
            if rng.random() >= max(_shows_up(mine), MEETING_DAY if pk in meeting_people else 0):
                continue
            stay = [
                (index, day)
                for index, day in enumerate(expo_days)
                if (arrival is None or day >= arrival) and (departure is None or day <= departure)
            ] or list(enumerate(expo_days))
            came = []
            for index, day in stay:
                arriving, leaving = day == arrival, day == departure
                chance = 0.95 if Role.EXHIBITOR in mine else 0.8
                if (pk, day) in meeting_days:
                    chance = MEETING_DAY
                elif arriving:
                    chance = 0.5
                elif leaving:
                    chance = 0.45
                if rng.random() < chance:
                    came.append((index, day, arriving, leaving))
            if not came:
                index, day = rng.choice(stay)
                came.append((index, day, day == arrival, day == departure))
            for index, day, arriving, leaving in came:
                times = [_first_scan(rng, mine, arriving=arriving, leaving=leaving)]
                if not leaving and times[0] < dt.time(12) and rng.random() < SECOND_ENTRY:
                    times.append(_minutes(rng, 12.5, 13.3, 15.0))
                for when in times:
                    gate = _visitor_gate(rng, mine, index)
                    scans.append(
                        CheckIn(
                            expo=expo,
                            participant_id=pk,
                            badge=badge,
                            gate=gate,
                            nonce=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                            scanned_at=dt.datetime.combine(day, when, tzinfo=tz).astimezone(dt.UTC),
                            scanned_by=gates.staff_at(gate, when),
                        )
                    )
        CheckIn.objects.bulk_create(scans, batch_size=BATCH)
        # Scanners upload a scan within seconds of reading it.
        CheckIn.objects.filter(expo=expo).update(received_at=F("scanned_at") + dt.timedelta(seconds=2))
        log_action(
            expo, "onsite.demo_recorded", data={"badges": len(badges), "check_ins": len(scans), "seed": seed}
        )
    return len(scans)
