"""Checking a schedule file against an instance: the spec's five rules of validity.

The platform runs this on every uploaded or hand-edited schedule, so it trusts nothing in the file
and reports every problem it finds (up to a limit) rather than stopping at the first.
"""

from __future__ import annotations

from typing import Any

from .instance import AT_TABLE, IN_ROOM, Instance
from .schedule import SCHEDULE_FORMAT

MAX_PROBLEMS = 100


def validate_schedule(instance: Instance, schedule: Any) -> list[str]:
    """Problems with `schedule` (decoded JSON) as one-line messages; an empty list means valid.

    1. every meeting is a pair of the instance, and no pair is met twice;
    2. both participants are available in the meeting's slot;
    3. nobody has two meetings in one slot;
    4. nobody has more than max_meetings meetings;
    5. a slot holds at most `tables` meetings, each at a distinct table numbered 1..tables, none of
       them a table that `tables_taken` says is held in that slot by a meeting outside the round;
       in a hybrid round, at most `online_rooms` online meetings (`"room"` instead of `"table"`) in
       distinct rooms 1..online_rooms, none of them a room that `rooms_taken` says is held then
       outside the round, and each meeting held in a way its pair allows (no table for
       an online-only side, no room for an on-site-only side)."""
    problems: list[str] = []

    def problem(message: str) -> bool:
        problems.append(message)
        return len(problems) >= MAX_PROBLEMS

    if not isinstance(schedule, dict):
        return ["schedule: must be a JSON object"]
    if schedule.get("format", SCHEDULE_FORMAT) != SCHEDULE_FORMAT:
        problems.append(f"format: expected {SCHEDULE_FORMAT!r}")
    meetings = schedule.get("meetings")
    if not isinstance(meetings, list):
        return [*problems, "meetings: missing or not a list"]

    person = {pid: i for i, pid in enumerate(instance.person_ids)}
    slot_index = {sid: j for j, sid in enumerate(instance.slot_ids)}
    pair_of = {}
    for e, (a, b) in enumerate(zip(instance.pair_a.tolist(), instance.pair_b.tolist(), strict=True)):
        pair_of[min(a, b), max(a, b)] = e
    met: dict[int, int] = {}
    busy: dict[tuple[int, int], int] = {}
    count: dict[int, int] = {}
    tables_used: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = {}
    limit = instance.tables
    kind = instance.pair_kind().tolist()
    rooms_used: dict[tuple[int, int], int] = {}
    online_per_slot: dict[int, int] = {}

    def check_room(where: str, e: int, t: int, room: Any, i: int) -> bool:
        """Rule 5 for an online meeting; True when the problem limit is reached."""
        rooms = instance.online_rooms
        if kind[e] == AT_TABLE:
            return problem(
                f"{where}: this pair cannot meet online (a side is on site only, or the round has no rooms)"
            )
        online_per_slot[t] = online_per_slot.get(t, 0) + 1
        if online_per_slot[t] == rooms + 1 and problem(
            f"{where}: slot holds more than {rooms} online meetings"
        ):
            return True
        if not isinstance(room, int) or isinstance(room, bool) or room < 1 or room > rooms:
            return problem(f"{where}: room {room!r} is not a room number (1..{rooms})")
        if room in instance.rooms_taken.get(t, ()):
            return problem(f"{where}: room {room} is taken in that slot by a meeting outside the round")
        if (t, room) in rooms_used:
            return problem(f"{where}: room {room} already holds meetings[{rooms_used[t, room]}] in that slot")
        rooms_used[t, room] = i
        return False

    for i, meeting in enumerate(meetings):
        where = f"meetings[{i}]"
        if not isinstance(meeting, dict):
            if problem(f"{where}: not an object"):
                break
            continue
        a, b, slot, table = (meeting.get(k) for k in ("a", "b", "slot", "table"))
        where = f"meetings[{i}] ({a!r}, {b!r}, slot {slot!r})"
        try:
            pa, pb = person.get(a), person.get(b)
            t = slot_index.get(slot)
        except TypeError:
            pa = pb = t = None
        if pa is None or pb is None:
            if problem(f"{where}: unknown participant"):
                break
            continue
        if t is None:
            if problem(f"{where}: unknown slot"):
                break
            continue
        e = pair_of.get((min(pa, pb), max(pa, pb)))
        if e is None:
            if problem(f"{where}: not a pair of the instance"):
                break
            continue
        if e in met:
            if problem(f"{where}: pair already met in meetings[{met[e]}]"):
                break
            continue
        met[e] = i
        for p, pid in ((pa, a), (pb, b)):
            if not instance.available[p, t] and problem(f"{where}: {pid!r} is not available in that slot"):
                return problems
            if (p, t) in busy and problem(
                f"{where}: {pid!r} already meets in that slot (meetings[{busy[p, t]}])"
            ):
                return problems
            busy.setdefault((p, t), i)
            count[p] = count.get(p, 0) + 1
            if count[p] == int(instance.max_meetings[p]) + 1 and problem(
                f"{where}: {pid!r} has more than max_meetings ({int(instance.max_meetings[p])}) meetings"
            ):
                return problems
        if "room" in meeting:
            if "table" in meeting and problem(f"{where}: a meeting has a table or a room, not both"):
                return problems
            if check_room(where, e, t, meeting["room"], i):
                return problems
            continue
        if kind[e] == IN_ROOM and problem(
            f"{where}: a side meets online only, so the meeting needs a room, not a table"
        ):
            return problems
        per_slot[t] = per_slot.get(t, 0) + 1
        if (
            limit is not None
            and per_slot[t] == limit + 1
            and problem(f"{where}: slot holds more than {limit} meetings")
        ):
            return problems
        if (
            not isinstance(table, int)
            or isinstance(table, bool)
            or table < 1
            or (limit is not None and table > limit)
        ):
            bound = f"1..{limit}" if limit is not None else "1 upwards"
            if problem(f"{where}: table {table!r} is not a table number ({bound})"):
                return problems
            continue
        if table in instance.tables_taken.get(t, ()):
            if problem(f"{where}: table {table} is taken in that slot by a meeting outside the round"):
                return problems
            continue
        if (t, table) in tables_used:
            if problem(
                f"{where}: table {table} already holds meetings[{tables_used[t, table]}] in that slot"
            ):
                return problems
            continue
        tables_used[t, table] = i
    return problems
