"""Matchmaking rounds: the slot grid, the engine instance built from the database, the
engine run, the stored schedule, pinned meetings and uploaded schedules.

The engine knows nothing of Django: this module writes the instance dict of
spec/matchmaking.md, calls tradefair.engine, and stores what comes back."""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

import orjson
from django.apps import apps
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair import engine
from tradefair.common import event_payloads, events
from tradefair.common.audit import log_action
from tradefair.matchmaking.domain.access import require_admin
from tradefair.matchmaking.domain.engine_ids import EngineIds
from tradefair.matchmaking.domain.errors import MatchmakingError
from tradefair.matchmaking.domain.other_rounds import ACTIVE, OtherRounds, other_rounds, pair_key
from tradefair.matchmaking.domain.profiles import eligible_participants, matchmaking_settings
from tradefair.matchmaking.models import (
    MatchPreferences,
    Meeting,
    MeetingMode,
    MeetingRequest,
    MeetingStatus,
    Recommendation,
    RequestStatus,
    Round,
    RoundStatus,
    Slot,
)
from tradefair.people.models import Role

logger = logging.getLogger(__name__)

REQUIRED_WEIGHT = 2.0  # an accepted request is worth more than any recommendation

# Sent with round_id and seed when a round's run is to be done in the background; received by
# matchmaking.background, which queues it (the domain never calls the task module itself).
run_requested = Signal()


def _parse_time(value) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as error:
        raise MatchmakingError(
            "round_time", _("%(value)s is not a time such as 09:00.") % {"value": value}
        ) from error


def slot_grid(
    expo, *, days, day_starts, day_ends, slot_minutes: int, breaks
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Slots of slot_minutes from day_starts to day_ends on each day, none overlapping a
    break, as aware UTC datetimes; times are read in the expo's time zone."""
    tz = expo.tz
    spans = [(_parse_time(start), _parse_time(end)) for start, end in breaks or []]
    grid = []
    for day in sorted({dt.date.fromisoformat(str(d)) for d in days}):
        if not (expo.starts - dt.timedelta(days=7) <= day <= expo.ends + dt.timedelta(days=7)):
            raise MatchmakingError("round_day", _("%(day)s is not near the expo's dates.") % {"day": day})
        start = dt.datetime.combine(day, _parse_time(day_starts), tzinfo=tz)
        end = dt.datetime.combine(day, _parse_time(day_ends), tzinfo=tz)
        while start + dt.timedelta(minutes=slot_minutes) <= end:
            stop = start + dt.timedelta(minutes=slot_minutes)
            clash = next(
                (
                    dt.datetime.combine(day, b_end, tzinfo=tz)
                    for b_start, b_end in spans
                    if start < dt.datetime.combine(day, b_end, tzinfo=tz)
                    and dt.datetime.combine(day, b_start, tzinfo=tz) < stop
                ),
                None,
            )
            if clash is not None:
                start = max(clash, stop)
                continue
            grid.append((start.astimezone(dt.UTC), stop.astimezone(dt.UTC)))
            start = stop
    return grid


def create_round(
    expo,
    *,
    name: str,
    days: list,
    day_starts="09:00",
    day_ends="17:00",
    slot_minutes: int = 20,
    breaks=(),
    tables: int | None = None,
    online_rooms: int = 0,
    roles=(),
    max_meetings: int = 8,
    min_meetings: int = 0,
    time_limit: int = 60,
    follow_ups: bool = False,
    by,
) -> Round:
    """Open a round (the expo's admins). Unless `follow_ups` is set, its runs leave out the
    pairs that met or are scheduled in the expo's other rounds. `online_rooms` video meetings
    can run in each slot beside the `tables` in the hall (0: the round has no online meetings)."""
    require_admin(by, expo)
    if slot_minutes < 5:
        raise MatchmakingError("round_slot", _("A slot lasts at least 5 minutes."))
    if min_meetings > max_meetings:
        raise MatchmakingError("round_floor", _("The floor cannot exceed the most meetings per participant."))
    if tables is not None and tables < 1:
        raise MatchmakingError("round_tables", _("Give at least one table."))
    if online_rooms is None or online_rooms < 0:
        raise MatchmakingError("round_rooms", _("Online meetings at once cannot be negative."))
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise MatchmakingError("round_roles", _("Unknown roles: %(roles)s.") % {"roles": ", ".join(unknown)})
    grid = slot_grid(
        expo, days=days, day_starts=day_starts, day_ends=day_ends, slot_minutes=slot_minutes, breaks=breaks
    )
    if not grid:
        raise MatchmakingError("round_empty", _("These days and hours leave no slot."))
    with transaction.atomic():
        round_ = Round.objects.create(
            expo=expo,
            name=name.strip() or _("Matchmaking round"),
            days=sorted({str(d) for d in days}),
            day_starts=_parse_time(day_starts),
            day_ends=_parse_time(day_ends),
            slot_minutes=slot_minutes,
            breaks=[[str(a), str(b)] for a, b in breaks or []],
            tables=tables,
            online_rooms=online_rooms,
            roles=list(roles),
            max_meetings=max_meetings,
            min_meetings=min_meetings,
            time_limit=max(1, time_limit),
            follow_ups=bool(follow_ups),
        )
        Slot.objects.bulk_create([Slot(round=round_, starts_at=a, ends_at=b) for a, b in grid])
        log_action(
            round_,
            "round.created",
            actor=by,
            data={"slots": len(grid), "follow_ups": round_.follow_ups, "online_rooms": online_rooms},
        )
    return round_


def round_participants(round_: Round):
    people = eligible_participants(round_.expo)
    if round_.roles:
        people = people.filter(roles__role__in=round_.roles).distinct()
    return people


def session_commitments(participant_ids) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """(participant, starts, ends) of the programme sessions people signed up for. The
    programme's sign-up model is found by its two foreign keys (participant, session);
    without one, only arrival and departure limit availability."""
    Session = apps.get_model("program", "Session")
    Person = apps.get_model("people", "Participant")
    for model in apps.get_app_config("program").get_models():
        links = {
            f.related_model: f.name for f in model._meta.get_fields() if getattr(f, "many_to_one", False)
        }
        if Session in links and Person in links:
            rows = model.objects.filter(**{f"{links[Person]}_id__in": list(participant_ids)})
            status = next((f for f in model._meta.get_fields() if f.name == "status"), None)
            if status is not None and getattr(status, "choices", None):
                values = {value for value, _label in status.choices}
                rows = rows.exclude(status__in=values & {"cancelled", "waitlisted", "waiting", "declined"})
            return list(
                rows.values_list(
                    f"{links[Person]}_id", f"{links[Session]}__starts_at", f"{links[Session]}__ends_at"
                )
            )
    return []


def meeting_modes(round_: Round, participant_ids) -> dict[int, str]:
    """Each participant's mode (on site, online, either) as they set it on their matchmaking
    profile; participants who never said are on site."""
    return dict(
        MatchPreferences.objects.filter(participant_id__in=list(participant_ids))
        .exclude(meeting_mode=MeetingMode.ONSITE)
        .values_list("participant_id", "meeting_mode")
    )


def local_hours(participant_ids) -> dict[int, tuple]:
    """(zone, from, until) of the participants who gave the hours of their own day they can
    meet in; a participant without a zone of their own reads those hours on the expo's clock."""
    found = {}
    for pk, zone, start, stop, expo_zone in MatchPreferences.objects.filter(
        participant_id__in=list(participant_ids),
        local_hours_from__isnull=False,
        local_hours_until__isnull=False,
    ).values_list(
        "participant_id", "time_zone", "local_hours_from", "local_hours_until", "participant__expo__time_zone"
    ):
        found[pk] = (zoneinfo.ZoneInfo(zone or expo_zone), start, stop)
    return found


def within_local_hours(starts: dt.datetime, ends: dt.datetime, zone, start: dt.time, stop: dt.time) -> bool:
    """Whether a slot lies wholly within start..stop of one day on the participant's clock
    (the spec's availability is in slot ids: the platform turns local hours into slots)."""
    local_start, local_end = starts.astimezone(zone), ends.astimezone(zone)
    return local_start.date() == local_end.date() and start <= local_start.time() and local_end.time() <= stop


def can_meet(modes: dict[int, str], a: int, b: int, online_rooms: int) -> bool:
    """The spec's rule: at a table when neither side is online only, online when the round
    has rooms and neither side is on site only. The engine refuses a pair that can do
    neither, so the instance leaves such pairs out."""
    ma, mb = modes.get(a, MeetingMode.ONSITE), modes.get(b, MeetingMode.ONSITE)
    at_table = MeetingMode.ONLINE not in (ma, mb)
    online = online_rooms > 0 and MeetingMode.ONSITE not in (ma, mb)
    return at_table or online


@dataclass(frozen=True)
class RoundInstance:
    """A round's engine instance (the dict of spec/matchmaking.md), the mapping from its ids to
    the database's rows, and what it left out."""

    data: dict
    ids: EngineIds
    pinned: int = 0
    requests_without_a_way_to_meet: int = 0


class StaleSchedule(MatchmakingError):
    """The schedule was made for what the expo held when its instance was built, and a round
    stored since holds some of its tables, rooms, people or pairs. Nothing was stored."""

    def __init__(self, problems: list[str]):
        super().__init__(
            "schedule_stale",
            _(
                "Another round of this expo was stored while this schedule was being made, and "
                "%(count)s of its meetings clash with it. Nothing was stored; run the round again."
            )
            % {"count": len(problems)},
        )
        self.problems = problems


def places_held(round_: Round, others: OtherRounds, spans: dict[int, tuple]) -> tuple[dict, dict]:
    """({slot pk: tables}, {slot pk: rooms}) held in the round's slots by meetings the engine does
    not place: the expo's other rounds' at overlapping times, and the round's own pinned ones."""
    tables = {pk: others.tables_taken(starts, ends) for pk, (starts, ends) in spans.items()}
    rooms = {pk: others.rooms_taken(starts, ends) for pk, (starts, ends) in spans.items()}
    for slot_pk, table, room in round_.meetings.filter(pinned=True, status__in=ACTIVE).values_list(
        "slot_id", "table", "room"
    ):
        if room is not None:
            rooms[slot_pk].add(room)
        else:
            tables[slot_pk].add(table)
    return tables, rooms


def build_instance(round_: Round, *, others: OtherRounds | None = None) -> RoundInstance:
    """The engine instance of a round, the mapping of its ids, and what it left out.

    Pinned meetings stay where they are: their slots are taken from both sides'
    availability, their count from their max_meetings, and their tables and rooms are
    given to the engine as taken (tables_taken, rooms_taken). The expo's other rounds are
    taken into account by time, not slot id: a person with a meeting in an overlapping
    time range is unavailable, a table or room held then is taken, and a pair that met or
    is scheduled there is left out (unless the round allows follow-ups)."""
    expo = round_.expo
    slots = list(round_.slots.order_by("starts_at"))
    tz = expo.tz
    people = list(round_participants(round_).values_list("id", "arrival", "departure"))
    ids = EngineIds.of([pk for pk, _a, _d in people], [slot.pk for slot in slots])
    slot_key = {pk: key for key, pk in ids.slots.items()}
    person_key = {pk: key for key, pk in ids.participants.items()}
    in_round = set(person_key)
    pinned = list(
        round_.meetings.filter(pinned=True, status__in=ACTIVE).values_list(
            "requester_id", "counterpart_id", "slot_id"
        )
    )
    others = others if others is not None else other_rounds(round_)
    pinned_count = defaultdict(int)
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    slot_by_id = {slot.pk: slot for slot in slots}
    taken, rooms_taken = places_held(
        round_, others, {slot.pk: (slot.starts_at, slot.ends_at) for slot in slots}
    )
    for a, b, slot_pk in pinned:
        for person in (a, b):
            pinned_count[person] += 1
            busy[person].append((slot_by_id[slot_pk].starts_at, slot_by_id[slot_pk].ends_at))
    for person, starts, ends in session_commitments(in_round):
        busy[person].append((starts, ends))
    for person in in_round:
        busy[person].extend(others.busy.get(person, ()))

    grid = [
        (slot_key[slot.pk], slot.starts_at.astimezone(tz).date(), slot.starts_at, slot.ends_at)
        for slot in slots
    ]
    first_day, last_day = (grid[0][1], grid[-1][1]) if grid else (None, None)
    hours = local_hours(in_round)
    participants = []
    placed: set[int] = set()
    for pk, arrival, departure in people:
        room = round_.max_meetings - pinned_count[pk]
        if room <= 0:
            continue
        entry = {"id": person_key[pk], "max_meetings": room}
        mine = busy.get(pk, ())
        limited = (arrival is not None and arrival > first_day) or (
            departure is not None and departure < last_day
        )
        own = hours.get(pk)
        if mine or limited or own:
            # Listed only when it is not every slot: the file stays small for a whole expo.
            entry["available"] = [
                slot_id
                for slot_id, day, starts, ends in grid
                if (arrival is None or day >= arrival)
                and (departure is None or day <= departure)
                and not any(s < ends and starts < e for s, e in mine)
                and (own is None or within_local_hours(starts, ends, *own))
            ]
        if round_.min_meetings:
            entry["min_meetings"] = min(room, max(0, round_.min_meetings - pinned_count[pk]))
        participants.append((pk, entry))
        placed.add(pk)
    modes = meeting_modes(round_, placed)
    for pk, entry in participants:
        mode = modes.get(pk, MeetingMode.ONSITE)
        if mode != MeetingMode.ONSITE:
            # Written only when not the default, so a round without online meetings has the file
            # it had before online meetings existed.
            entry["mode"] = str(mode)

    left_out = {pair_key(a, b) for a, b, _slot in pinned}
    if not round_.follow_ups:
        left_out |= others.met.keys()
    pairs: dict[tuple[int, int], dict] = {}
    unmeetable = 0  # accepted requests whose sides' modes allow no way of meeting in this round
    # Sponsors' requests weigh more, so that they win when requests compete for slots.
    sponsors = set(
        MatchPreferences.objects.filter(participant__expo=expo, is_sponsor=True).values_list(
            "participant_id", flat=True
        )
    )
    factor = matchmaking_settings(expo).sponsor_factor
    for sender, recipient, answered in MeetingRequest.objects.filter(
        expo=expo, status=RequestStatus.ACCEPTED, sender_id__in=in_round, recipient_id__in=in_round
    ).values_list("sender_id", "recipient_id", "answered_at"):
        key = pair_key(sender, recipient)
        if key in left_out or sender not in placed or recipient not in placed or sender == recipient:
            continue
        earlier = others.met.get(key)
        if earlier is not None and (answered is None or answered <= earlier["created"]):
            # A follow-up round: the meeting already held serves this request; only a request
            # accepted after it asks for another one.
            continue
        if not can_meet(modes, sender, recipient, round_.online_rooms):
            unmeetable += 1
            continue
        weight = REQUIRED_WEIGHT * (factor if sender in sponsors else 1.0)
        pairs[key] = {"a": person_key[sender], "b": person_key[recipient], "weight": weight, "required": True}
    for who, whom, score in Recommendation.objects.filter(
        expo=expo, participant_id__in=in_round, counterpart_id__in=in_round
    ).values_list("participant_id", "counterpart_id", "score"):
        key = pair_key(who, whom)
        if key in left_out or who not in placed or whom not in placed:
            continue
        if not can_meet(modes, who, whom, round_.online_rooms):
            continue
        found = pairs.get(key)
        weight = round(max(0.0, float(score)), 4)
        if found is None:
            pairs[key] = {"a": person_key[who], "b": person_key[whom], "weight": weight}
        elif not found.get("required") and weight > found["weight"]:
            found["weight"] = weight
    instance = {
        "format": "tradefair-instance/1",
        "name": f"{expo.slug}: {round_.name}",
        "slots": [
            {
                "id": slot_key[slot.pk],
                "day": slot.starts_at.astimezone(tz).date().isoformat(),
                "start": slot.starts_at.astimezone(tz).strftime("%H:%M"),
                "minutes": int((slot.ends_at - slot.starts_at).total_seconds() // 60),
            }
            for slot in slots
        ],
        "participants": [entry for _pk, entry in participants],
        "pairs": list(pairs.values()),
    }
    if round_.tables:
        instance["tables"] = round_.tables
    if round_.online_rooms:
        instance["online_rooms"] = round_.online_rooms
    # Written only when something is held, so that a lone round's file is what it was before.
    held = {slot_key[pk]: sorted(numbers) for pk, numbers in taken.items() if numbers}
    if held:
        instance["tables_taken"] = held
    held_rooms = {slot_key[pk]: sorted(numbers) for pk, numbers in rooms_taken.items() if numbers}
    if held_rooms and round_.online_rooms:
        instance["rooms_taken"] = held_rooms
    return RoundInstance(instance, ids, pinned=len(pinned), requests_without_a_way_to_meet=unmeetable)


def compress(data: dict) -> bytes:
    return gzip.compress(orjson.dumps(data), compresslevel=6)


def decompress(blob) -> dict:
    return orjson.loads(gzip.decompress(bytes(blob)))


def _record_progress(round_id: int, phase: str, note: str, started) -> None:
    entry = [round((timezone.now() - started).total_seconds(), 2), phase, note]
    round_ = Round.objects.only("progress").get(pk=round_id)
    Round.objects.filter(pk=round_id).update(progress=[*round_.progress, entry])


# A run is given up for dead this long after its time limit: building the instance and
# storing the meetings of a Canton-Fair-sized round take minutes of their own.
ABANDONED_AFTER = dt.timedelta(minutes=30)


def run_abandoned(round_: Round, now=None) -> bool:
    """A run whose process died (a restart of the web process, a killed worker) never
    finishes, and the round would refuse every new run; once the run is far past its
    time limit, the organisers may start it again. Its stored meetings were never touched
    (storing is one transaction)."""
    if round_.status != RoundStatus.RUNNING or round_.started_at is None:
        return False
    deadline = round_.started_at + dt.timedelta(seconds=round_.time_limit) + ABANDONED_AFTER
    return (now or timezone.now()) > deadline


def schedule_round(round_: Round, *, by, seed: int = 0, in_process: bool = False, on_progress=None) -> Round:
    """Run the round: the one action behind the round page's button, the API's run and
    `tradefair run-round`. Only the expo's admins may; one run at a time (a run given up for
    dead may be started again). The engine runs in a worker, or with `in_process` here and
    now, `on_progress(phase, note)` following its phases (the command's progress bar); the
    round shows its progress, and ends scheduled or back in set-up with the error.

    Raises QueueUnavailable (503) when no worker can be reached: the round is then back in
    set-up with the reason, not "being scheduled" for a run never queued."""
    require_admin(by, round_.expo)
    started = start_run(round_, by=by)
    if in_process:
        return run_round(started, seed=seed, on_progress=on_progress)
    run_requested.send(sender=Round, round_id=started.pk, seed=seed)
    return Round.objects.get(pk=started.pk)


def start_run(round_: Round, *, by=None) -> Round:
    """Mark the round as being scheduled (the first step of schedule_round, which checks who
    asks); the task does the work (tasks.run_round_task)."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        abandoned = run_abandoned(locked)
        if locked.status == RoundStatus.RUNNING and not abandoned:
            raise MatchmakingError("round_running", _("This round is already being scheduled."))
        locked.status = RoundStatus.RUNNING
        locked.progress = []
        locked.error = ""
        locked.started_at = timezone.now()
        locked.finished_at = None
        locked.save(update_fields=["status", "progress", "error", "started_at", "finished_at"])
        log_action(locked, "round.run", actor=by, data={"after_abandoned_run": True} if abandoned else None)
    return locked


# A run whose schedule clashes with a round stored meanwhile is solved again, this many times in all.
RUN_ATTEMPTS = 3


def run_round(round_: Round, *, seed: int = 0, on_progress=None) -> Round:
    """Build the instance, solve it, store the meetings and the report. Called by the
    task; on failure the round goes back to being set up with the error kept. Each phase
    is recorded on the round (the page shows them) and passed to on_progress(phase, note).

    The schedule is stored exactly as solved. When another round of the expo was stored
    while this one was being solved and holds some of its tables, rooms, people or pairs,
    the instance is built again from what the expo holds now and solved again."""
    started = timezone.now()

    def progress(phase: str, note: str = "") -> None:
        _record_progress(round_.pk, phase, note, started)
        if on_progress is not None:
            on_progress(phase, note)

    try:
        for attempt in range(1, RUN_ATTEMPTS + 1):
            built = build_instance(round_)
            progress(
                "instance",
                f"{len(built.data['participants'])} participants, {len(built.data['pairs'])} pairs",
            )
            instance = engine.parse_instance(built.data)
            schedule = engine.solve(instance, time_limit=round_.time_limit, seed=seed, progress=progress)
            baseline = engine.first_come_first_served(instance, seed=seed)
            try:
                store_schedule(
                    round_,
                    built.data,
                    engine.schedule_to_dict(schedule),
                    ids=built.ids,
                    baseline_stats=_with_unmet(instance, baseline),
                )
                break
            except StaleSchedule as stale:
                if attempt == RUN_ATTEMPTS:
                    raise
                progress("stale", f"{len(stale.problems)} meetings clash with a round stored meanwhile")
    except Exception as error:
        logger.exception("round %s failed", round_.pk)
        message = error.message if isinstance(error, MatchmakingError) else str(error)
        Round.objects.filter(pk=round_.pk).update(
            status=RoundStatus.DRAFT, error=message[:2000], finished_at=timezone.now()
        )
        raise
    return Round.objects.get(pk=round_.pk)


def _with_unmet(instance, schedule) -> dict:
    stats = dict(schedule.stats)
    met = set(instance.pair_a[schedule.pairs].tolist()) | set(instance.pair_b[schedule.pairs].tolist())
    stats["participants_without_meeting"] = instance.n_people - len(met)
    return stats


def _clashes(locked: Round, others: OtherRounds, held: tuple[dict, dict], spans, meetings) -> list[str]:
    """What in `meetings` (slot pk, a, b, table, room) the expo holds now: a table or room taken
    in that slot, a person booked at an overlapping time in another round, a pair met there."""
    tables, rooms = held
    problems = []
    for i, (slot_pk, a, b, table, room) in enumerate(meetings):
        starts, ends = spans[slot_pk]
        where = f"meetings[{i}]"
        earlier = others.met.get(pair_key(a, b))
        if earlier is not None and not locked.follow_ups:
            problems.append(f"{where}: the pair already met or is scheduled in round {earlier['round']!r}")
        for person in (a, b):
            if others.is_busy(person, starts, ends):
                problems.append(f"{where}: participant {person} has a meeting of another round at that time")
        if room is not None and room in rooms[slot_pk]:
            problems.append(f"{where}: room {room} is held then by a pinned meeting or another round's")
        if room is None and table in tables[slot_pk]:
            problems.append(f"{where}: table {table} is held then by a pinned meeting or another round's")
    return problems


def store_schedule(
    round_: Round,
    instance_dict: dict,
    schedule_dict: dict,
    *,
    ids: EngineIds | None = None,
    baseline_stats=None,
    by=None,
) -> int:
    """Replace the round's unpinned meetings by the schedule's, exactly as solved, in one
    transaction.

    The engine was told which tables and rooms the pinned meetings and the other rounds
    hold (tables_taken, rooms_taken), so a schedule of the round's instance never needs
    moving. Another round may have been stored since the instance was built: with the
    expo's rounds locked, the schedule is checked against what they hold now, and a
    schedule that clashes is refused whole (StaleSchedule), never stored in part."""
    ids = ids if ids is not None else EngineIds.for_instance(round_, instance_dict)
    weights, required = {}, set()
    for pair in instance_dict["pairs"]:
        key = frozenset((ids.participant(pair["a"]), ids.participant(pair["b"])))
        weights[key] = float(pair.get("weight", 0))
        if pair.get("required"):
            required.add(key)
    requests = {
        frozenset((a, b)): pk
        for pk, a, b in MeetingRequest.objects.filter(
            expo=round_.expo, status=RequestStatus.ACCEPTED
        ).values_list("pk", "sender_id", "recipient_id")
    }
    solved = []
    for i, entry in enumerate(schedule_dict["meetings"]):
        a, b, slot_pk = ids.participant(entry["a"]), ids.participant(entry["b"]), ids.slot(entry["slot"])
        if a is None or b is None or slot_pk is None:
            raise MatchmakingError(
                "schedule_unknown_id",
                _("Meeting %(number)s names a participant or a slot the round does not know.")
                % {"number": i + 1},
            )
        solved.append((slot_pk, a, b, entry.get("table") if "room" not in entry else None, entry.get("room")))
    with transaction.atomic():
        # All the expo's rounds, in one order: two rounds stored at once would otherwise
        # each miss the other's tables (the database only guards one slot's tables).
        locked = next(
            r
            for r in Round.objects.select_for_update().filter(expo_id=round_.expo_id).order_by("pk")
            if r.pk == round_.pk
        )
        others = other_rounds(locked)
        spans = {
            pk: (starts, ends) for pk, starts, ends in locked.slots.values_list("pk", "starts_at", "ends_at")
        }
        problems = _clashes(locked, others, places_held(locked, others, spans), spans, solved)
        if problems:
            logger.warning(
                "round %s: schedule refused, %s clashes: %s", round_.pk, len(problems), problems[:5]
            )
            raise StaleSchedule(problems)
        locked.meetings.filter(pinned=False).delete()
        meetings = [
            Meeting(
                round=locked,
                requester_id=a,
                counterpart_id=b,
                slot_id=slot_pk,
                table=table,
                room=room,
                weight=weights.get(frozenset((a, b)), 0.0),
                request_id=requests.get(frozenset((a, b))) if frozenset((a, b)) in required else None,
            )
            for slot_pk, a, b, table, room in solved
        ]
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        stats = dict(schedule_dict.get("stats") or {})
        met = {m.requester_id for m in meetings} | {m.counterpart_id for m in meetings}
        met |= set(locked.meetings.filter(pinned=True).values_list("requester_id", flat=True))
        met |= set(locked.meetings.filter(pinned=True).values_list("counterpart_id", flat=True))
        locked.report = {
            "engine": stats,
            "baseline": baseline_stats or locked.report.get("baseline") or {},
            "participants": round_participants(locked).count(),
            "participants_without_meeting": round_participants(locked).exclude(pk__in=met).count(),
            "pinned": locked.meetings.filter(pinned=True).count(),
        }
        locked.instance_gz = compress(instance_dict)
        locked.schedule_gz = compress(schedule_dict)
        locked.status = RoundStatus.SCHEDULED
        locked.error = ""
        locked.finished_at = timezone.now()
        locked.save()
        log_action(locked, "round.scheduled", actor=by, data={"meetings": len(meetings)})
    return len(meetings)


def upload_schedule(round_: Round, data: dict, *, by) -> int:
    """Store a schedule file made elsewhere for the round's last instance, after the
    engine's validation; a schedule that breaks a rule is refused with the problems.
    The expo's admins only."""
    require_admin(by, round_.expo)
    if not round_.instance_gz:
        raise MatchmakingError("round_no_instance", _("Run the round once, or download its instance, first."))
    instance_dict = decompress(round_.instance_gz)
    if (
        not isinstance(data, dict)
        or data.get("format") != "tradefair-schedule/1"
        or not isinstance(data.get("meetings"), list)
    ):
        raise MatchmakingError("schedule_format", _("This is not a tradefair-schedule/1 file."))
    ids = EngineIds.for_instance(round_, instance_dict)
    problems = schedule_problems(round_, instance_dict, data, ids=ids)
    if problems:
        raise MatchmakingError(
            "schedule_invalid",
            _("The schedule breaks the round's rules: %(problems)s") % {"problems": "; ".join(problems[:5])},
        )
    return store_schedule(round_, instance_dict, data, ids=ids, by=by)


def schedule_problems(
    round_: Round, instance_dict: dict, data: dict, *, ids: EngineIds | None = None
) -> list[str]:
    """The engine's validation of a schedule against the round's instance, with what the
    expo's other rounds hold now rather than when the instance was built: their tables and
    video rooms at overlapping times (and the pinned meetings') are taken, and a pair that met there, or
    a person booked there at an overlapping time, is refused."""
    ids = ids if ids is not None else EngineIds.for_instance(round_, instance_dict)
    slot_key = {pk: key for key, pk in ids.slots.items()}
    others = other_rounds(round_)
    spans = {
        pk: (starts, ends) for pk, starts, ends in round_.slots.values_list("pk", "starts_at", "ends_at")
    }
    tables, rooms = places_held(round_, others, spans)
    current = dict(instance_dict)
    for field_name, held in (("tables_taken", tables), ("rooms_taken", rooms)):
        now = {slot_key[pk]: set(numbers) for pk, numbers in held.items()}
        for sid, numbers in (instance_dict.get(field_name) or {}).items():
            # Pinned when the instance was built: kept, so the file's own promise is checked too.
            if sid in now and isinstance(numbers, list):
                now[sid] |= {k for k in numbers if isinstance(k, int)}
        current[field_name] = {sid: sorted(numbers) for sid, numbers in now.items() if numbers}
    try:
        instance = engine.parse_instance(current)
    except engine.InvalidInstance as error:
        return [str(error)]
    problems = engine.validate_schedule(instance, data)
    for i, meeting in enumerate(data["meetings"]):
        if not isinstance(meeting, dict):
            continue
        a, b = ids.participant(meeting.get("a")), ids.participant(meeting.get("b"))
        slot_pk = ids.slot(meeting.get("slot"))
        if a is None or b is None:
            continue  # the engine's validation names an unknown participant
        where = f"meetings[{i}] ({meeting['a']!r}, {meeting['b']!r}, slot {meeting.get('slot')!r})"
        earlier = others.met.get(pair_key(a, b))
        if earlier is not None and not round_.follow_ups:
            problems.append(f"{where}: the pair already met or is scheduled in round {earlier['round']!r}")
        if slot_pk is not None:
            for pid, pk in ((meeting["a"], a), (meeting["b"], b)):
                if others.is_busy(pk, *spans[slot_pk]):
                    problems.append(f"{where}: {pid!r} has a meeting of another round at that time")
    return problems


def pin_meeting(meeting: Meeting, *, pinned: bool, by) -> Meeting:
    """Keep a meeting where it is when the round is run again (or let it go); the expo's admins only."""
    require_admin(by, meeting.round.expo)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED and pinned:
            raise MatchmakingError("meeting_cancelled", _("A cancelled meeting cannot be pinned."))
        meeting.pinned = pinned
        meeting.save(update_fields=["pinned"])
        log_action(meeting, "meeting.pinned" if pinned else "meeting.unpinned", actor=by)
    return meeting


def publish_round(round_: Round, *, by) -> int:
    """Tell everyone with a meeting in the round that their agenda is ready, in the app
    and by e-mail. Publishing again after a re-run tells only those whose meetings moved
    (or went): each notice keeps the agenda it announced, to compare with. The expo's
    admins only: publishing shows every participant whom they meet."""
    from django.urls import reverse

    from tradefair.matchmaking.domain.notifications import notify_many
    from tradefair.matchmaking.models import Notification
    from tradefair.people.models import Participant

    require_admin(by, round_.expo)

    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.status not in (RoundStatus.SCHEDULED, RoundStatus.PUBLISHED):
            raise MatchmakingError("round_not_scheduled", _("Schedule the round before publishing it."))
        locked.status = RoundStatus.PUBLISHED
        locked.save(update_fields=["status"])
        agendas: dict[int, list] = defaultdict(list)
        for requester, counterpart, slot in locked.meetings.filter(status__in=ACTIVE).values_list(
            "requester_id", "counterpart_id", "slot_id"
        ):
            agendas[requester].append([slot, counterpart])
            agendas[counterpart].append([slot, requester])
        announced: dict[int, list] = {}
        for pk, params in (
            Notification.objects.filter(
                kind__in=("meetings_published", "meetings_moved"), params__round=locked.pk
            )
            .order_by("id")
            .values_list("participant_id", "params")
        ):
            announced[pk] = sorted(params.get("agenda") or [])
        first_time = [pk for pk in agendas if pk not in announced]
        moved = [
            pk
            for pk in set(agendas) | set(announced)
            if pk in announced and announced[pk] != sorted(agendas.get(pk, []))
        ]
        link = reverse("matchmaking:agenda", kwargs={"slug": locked.expo.slug})

        def params_of(person):
            agenda = sorted(agendas.get(person.pk, []))
            return {"round": locked.pk, "count": len(agenda), "agenda": agenda}

        people = Participant.objects.select_related("expo", "delegation_leader").order_by("pk")
        for kind, chosen in (("meetings_published", first_time), ("meetings_moved", moved)):
            for start in range(0, len(chosen), 2000):
                notify_many(
                    people.filter(pk__in=chosen[start : start + 2000]),
                    kind=kind,
                    params_of=params_of,
                    link=link,
                )
        log_action(
            locked,
            "round.published",
            actor=by,
            data={"participants": len(agendas), "told_first": len(first_time), "told_moved": len(moved)},
        )
        published = locked
        events.send(
            events.MEETINGS_SCHEDULED, expo=published.expo, payload=lambda: scheduled_parts(published)
        )
    return len(agendas)


# A round's meetings go out in parts of this many, each its own event (docs/webhooks.md).
MEETINGS_PER_EVENT = 500


def scheduled_parts(round_: Round) -> list[dict]:
    """The published round's live meetings, in parts of MEETINGS_PER_EVENT."""
    meetings = [
        event_payloads.meeting_brief(item)
        for item in round_.meetings.filter(status__in=ACTIVE)
        .select_related("slot")
        .order_by("slot__starts_at", "pk")
    ]
    chunks = [meetings[i : i + MEETINGS_PER_EVENT] for i in range(0, len(meetings), MEETINGS_PER_EVENT)] or [
        []
    ]
    head = {"id": round_.pk, "name": round_.name, "meetings": len(meetings)}
    return [
        {"round": head, "part": number, "parts": len(chunks), "meetings": chunk}
        for number, chunk in enumerate(chunks, start=1)
    ]


def participant_ids_of(round_: Round) -> list[int]:
    return list(round_participants(round_).values_list("id", flat=True))
