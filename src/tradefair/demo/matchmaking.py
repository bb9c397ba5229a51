"""Business matchmaking for the demo edition, so that its results can show what
matchmaking yielded: buyers, investors and delegations asked exhibitors whose goods
they need for meetings (and a few exhibitors asked buyers), most requests were
accepted, the organisers ran one B2B round over the expo's first days with the
platform's engine and published it, and after the expo the meetings ended up held,
missed or cancelled as the gate scans say.

Requests are bulk-created rather than sent through ``send_request``: that function
stamps today's date and e-mails both sides, while the demo's requests were sent in the
weeks before a past expo. They keep its rules (nobody asks themselves, exhibitors do
not ask exhibitors, one request per pair, at most the organiser's number of open
requests per sender). The round goes through the platform's own path: create_round,
schedule_round (engine, baseline, store_schedule) and publish_round.
Deterministic for a seed: the engine is, whenever its time limit is not reached."""

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from tradefair.common.audit import log_action
from tradefair.common.permissions import OPERATOR
from tradefair.expos.models import Expo
from tradefair.matchmaking.domain.profiles import matchmaking_settings
from tradefair.matchmaking.domain.rounds import create_round, publish_round, schedule_round
from tradefair.matchmaking.models import (
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Notification,
    RequestStatus,
    Round,
    RoundStatus,
)
from tradefair.people.models import Need, Offer, Participant, ParticipantRole, RegistrationStatus, Role

ROUND_NAME = "B2B matchmaking"
ROUND_DAYS = 3
SLOT_MINUTES = 30
MAX_MEETINGS = 8
TIME_LIMIT = 20
# Share of the merchants who asked for meetings, and how many requests each sent.
SENDING_MERCHANTS = 0.075
SENDING_EXHIBITORS = 0.2
REQUESTS_EACH = (1, 2, 2, 3)
MOST_RECEIVED = 12
# What became of the requests: accepted, declined, expired, withdrawn.
OUTCOMES = [
    (RequestStatus.ACCEPTED, 72),
    (RequestStatus.DECLINED, 12),
    (RequestStatus.EXPIRED, 10),
    (RequestStatus.WITHDRAWN, 6),
]
HELD_WHEN_BOTH_CAME = 0.94
CANCELLED_WHEN_ONE_STAYED_AWAY = 0.4
FOLLOW_UP = 0.32


def _chapters(model, expo) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for pk, code in (
        model.objects.filter(participant__expo=expo)
        .exclude(hs_code="")
        .values_list("participant_id", "hs_code")
    ):
        found[pk].add(code[:2])
    return found


class _Requests:
    """Who asks whom: a sender's needs against a recipient's offers, among people whose
    stays share a day of the round."""

    def __init__(self, expo: Expo, rng: random.Random, round_days: list[dt.date]):
        self.expo, self.rng = expo, rng
        people = (
            Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED)
            .order_by("id")
            .values_list("id", "arrival", "departure")
        )
        self.days = {
            pk: frozenset(
                day
                for day in round_days
                if (arrival is None or day >= arrival) and (departure is None or day <= departure)
            )
            for pk, arrival, departure in people
        }
        self.roles: dict[int, set[str]] = defaultdict(set)
        for pk, role in ParticipantRole.objects.filter(participant__expo=expo).values_list(
            "participant_id", "role"
        ):
            self.roles[pk].add(role)
        self.needs = _chapters(Need, expo)
        self.offers = _chapters(Offer, expo)
        present = [pk for pk in self.days if self.days[pk]]
        self.exhibitors = [pk for pk in present if Role.EXHIBITOR in self.roles[pk]]
        self.buyers = [
            pk
            for pk in present
            if Role.EXHIBITOR not in self.roles[pk]
            and self.roles[pk] & {Role.BUYER, Role.INVESTOR, Role.DELEGATION_MEMBER}
        ]
        self.offering: dict[str, list[int]] = defaultdict(list)
        for pk in self.exhibitors:
            for chapter in sorted(self.offers.get(pk, ())):
                self.offering[chapter].append(pk)
        self.received: dict[int, int] = defaultdict(int)
        self.pairs: set[frozenset[int]] = set()

    def _pick(self, sender: int, pool: list[int]) -> int | None:
        for _attempt in range(8):
            if not pool:
                return None
            other = self.rng.choice(pool)
            if (
                other != sender
                and self.days[other] & self.days[sender]
                and self.received[other] < MOST_RECEIVED
                and frozenset((sender, other)) not in self.pairs
            ):
                return other
        return None

    def choose(self) -> list[tuple[int, int]]:
        chosen = []
        senders = [(pk, self.exhibitors) for pk in self.buyers if self.rng.random() < SENDING_MERCHANTS] + [
            (pk, self.buyers) for pk in self.exhibitors if self.rng.random() < SENDING_EXHIBITORS
        ]
        for sender, everyone in senders:
            wanted = sorted(self.needs.get(sender, ()))
            for _request in range(self.rng.choice(REQUESTS_EACH)):
                matching = (
                    self.offering.get(self.rng.choice(wanted), [])
                    if wanted and everyone is self.exhibitors and self.rng.random() < 0.8
                    else everyone
                )
                recipient = self._pick(sender, matching) or self._pick(sender, everyone)
                if recipient is None:
                    continue
                self.pairs.add(frozenset((sender, recipient)))
                self.received[recipient] += 1
                chosen.append((sender, recipient))
        return chosen


def _local(day: dt.date, hour: float, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz) + dt.timedelta(hours=hour)


def schedule_demo_meetings(expo: Expo, *, seed: int = 12) -> int:
    """Meeting requests, and one published B2B round scheduled by the engine; does
    nothing if the expo has rounds already. Returns how many meetings were scheduled."""
    if Round.objects.filter(expo=expo).exists():
        return 0
    rng = random.Random(f"matchmaking-{seed}")
    tz = expo.tz
    days = min(ROUND_DAYS, (expo.ends - expo.starts).days + 1)
    round_days = [expo.starts + dt.timedelta(days=n) for n in range(days)]
    settings = matchmaking_settings(expo)
    asked = _Requests(expo, rng, round_days).choose()
    if not asked:
        return 0
    expiry = dt.timedelta(hours=settings.request_expiry_hours)
    opened = _local(expo.starts - dt.timedelta(days=24), 9, tz)
    window_hours = 20 * 24
    with transaction.atomic():
        requests = []
        for sender, recipient in asked:
            created = opened + dt.timedelta(hours=rng.uniform(0, window_hours))
            status = rng.choices([s for s, _w in OUTCOMES], weights=[w for _s, w in OUTCOMES])[0]
            answered = None
            if status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED):
                answered = created + dt.timedelta(hours=rng.uniform(0.3, expiry.total_seconds() / 3600 - 1))
            requests.append(
                MeetingRequest(
                    expo=expo,
                    sender_id=sender,
                    recipient_id=recipient,
                    status=status,
                    expires_at=created + expiry,
                    answered_at=answered,
                )
            )
        MeetingRequest.objects.bulk_create(requests, batch_size=2000)
        # A request is created expiry hours before it expires (send_request's rule).
        MeetingRequest.objects.filter(expo=expo).update(created_at=F("expires_at") - expiry)

        round_ = create_round(
            expo,
            by=OPERATOR,
            name=ROUND_NAME,
            days=[day.isoformat() for day in round_days],
            day_starts="09:30",
            day_ends="17:00",
            slot_minutes=SLOT_MINUTES,
            breaks=[("12:00", "13:30")],
            tables=max(10, len(asked) // 20),
            max_meetings=MAX_MEETINGS,
            time_limit=TIME_LIMIT,
        )
        schedule_round(round_, by=OPERATOR, seed=seed, in_process=True)
        publish_round(round_, by=OPERATOR)
        # The organisers set the round up, ran and published it before the expo.
        ran = _local(expo.starts - dt.timedelta(days=1), 18, tz)
        Round.objects.filter(pk=round_.pk).update(
            created_at=_local(expo.starts - dt.timedelta(days=28), 10, tz),
            started_at=ran,
            finished_at=ran + dt.timedelta(minutes=2),
        )
        Notification.objects.filter(participant__expo=expo, kind="meetings_published").update(
            created_at=ran + dt.timedelta(minutes=10)
        )
        scheduled = Meeting.objects.filter(round=round_).count()
        Meeting.objects.filter(round=round_).update(created_at=ran + dt.timedelta(minutes=2))
        log_action(
            expo,
            "matchmaking.demo_recorded",
            data={"requests": len(requests), "round": round_.pk, "meetings": scheduled, "seed": seed},
        )
    return scheduled


def record_demo_meeting_outcomes(expo: Expo, *, seed: int = 12) -> dict[str, int]:
    """After the expo: a meeting both sides came to on its day was held (a few were
    missed all the same); when one side stayed away, the meeting was cancelled the day
    before or ended as a no-show. Reads the gate scans, so it runs after them. Only
    meetings of published rounds whose slot has begun change. Returns counts by status."""
    from tradefair.onsite.models import CheckIn

    rng = random.Random(f"meeting-outcomes-{seed}")
    tz = expo.tz
    now = dt.datetime.now(dt.UTC)
    came = {
        (pk, scanned.astimezone(tz).date())
        for pk, scanned in CheckIn.objects.filter(expo=expo).values_list("participant_id", "scanned_at")
    }
    meetings = list(
        Meeting.objects.filter(
            round__expo=expo,
            round__status=RoundStatus.PUBLISHED,
            status=MeetingStatus.CONFIRMED,
            slot__starts_at__lte=now,
        )
        .select_related("slot")
        .order_by("slot__starts_at", "table", "id")
    )
    held, missed, cancelled, follow_up = [], [], [], []
    for meeting in meetings:
        day = meeting.slot.starts_at.astimezone(tz).date()
        away = [pk for pk in (meeting.requester_id, meeting.counterpart_id) if (pk, day) not in came]
        if not away:
            if rng.random() < HELD_WHEN_BOTH_CAME:
                (follow_up if rng.random() < FOLLOW_UP else held).append(meeting.pk)
            else:
                missed.append(meeting.pk)
        elif rng.random() < CANCELLED_WHEN_ONE_STAYED_AWAY:
            meeting.status = MeetingStatus.CANCELLED
            meeting.cancelled_by_id = rng.choice(away)
            meeting.cancelled_at = meeting.slot.starts_at - dt.timedelta(hours=rng.uniform(3, 40))
            cancelled.append(meeting)
        else:
            missed.append(meeting.pk)
    with transaction.atomic():
        Meeting.objects.filter(pk__in=held).update(status=MeetingStatus.HELD)
        Meeting.objects.filter(pk__in=follow_up).update(status=MeetingStatus.HELD, follow_up_planned=True)
        Meeting.objects.filter(pk__in=missed).update(status=MeetingStatus.NO_SHOW)
        Meeting.objects.bulk_update(cancelled, ["status", "cancelled_by", "cancelled_at"], batch_size=500)
    counts = {
        MeetingStatus.HELD.value: len(held) + len(follow_up),
        MeetingStatus.NO_SHOW.value: len(missed),
        MeetingStatus.CANCELLED.value: len(cancelled),
    }
    if meetings:
        log_action(expo, "matchmaking.demo_outcomes", data={**counts, "seed": seed})
    return counts
