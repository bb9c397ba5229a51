"""A solved round: which pairs meet, in which slot, at which table, and what that is worth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .instance import Instance

SCHEDULE_FORMAT = "tradefair-schedule/1"


@dataclass(frozen=True, eq=False)
class Schedule:
    instance: Instance
    pairs: np.ndarray  # int64[n_meetings]: indices into the instance's pairs
    slots: np.ndarray  # int64[n_meetings]
    tables: np.ndarray  # int64[n_meetings], numbered from 1 within each slot; 0 for an online meeting
    stats: dict[str, Any] = field(default_factory=dict)
    rooms: np.ndarray | None = None  # int64[n_meetings]: room 1..online_rooms, 0 at a table; hybrid only


def number_tables(
    instance: Instance,
    pairs: np.ndarray,
    slots: np.ndarray,
    host: np.ndarray,
    *,
    limit: int | None | bool = False,
    held: dict[int, frozenset[int]] | None = None,
) -> np.ndarray:
    """Table numbers within each slot, from 1 upwards (1..tables with a limit), skipping the tables
    that meetings outside the instance hold in that slot. A host (the exhibitor side) keeps the table
    it had in the previous slot when it can, so that people who meet many times in a row stay put.
    `limit` and `held` default to the instance's tables and tables_taken (rooms pass their own)."""
    limit = instance.tables if limit is False else limit
    held_by_slot = instance.tables_taken if held is None else held
    tables = np.zeros(pairs.size, dtype=np.int64)
    order = np.lexsort((host, slots))
    previous: dict[int, int] = {}
    for t in np.unique(slots).tolist():
        members = order[slots[order] == t]
        held_here = held_by_slot.get(t, frozenset())
        taken: set[int] = set(held_here)
        current: dict[int, int] = {}
        pending = []
        for i in members.tolist():
            keep = previous.get(int(host[i]))
            if keep is not None and keep not in taken:
                tables[i] = keep
                taken.add(keep)
                current[int(host[i])] = keep
            else:
                pending.append(i)
        free = (k for k in range(1, members.size + len(taken) + 2) if k not in taken)
        for i in pending:
            tables[i] = next(free)
            current[int(host[i])] = int(tables[i])
        if limit is not None and members.size and tables[members].max() > limit:
            # Kept tables left gaps the slot needs: number afresh among the tables still free.
            free_tables = [k for k in range(1, limit + 1) if k not in held_here]
            tables[members] = free_tables[: members.size]
            current = {int(host[i]): int(tables[i]) for i in members.tolist()}
        previous = current
    return tables


def number_places(
    instance: Instance, pairs: np.ndarray, slots: np.ndarray, host: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """Tables and, in a hybrid round, rooms: (tables, rooms), 0 where the other one is used.

    In each slot the meetings that must be at a table take tables, those that must be online take
    rooms, and either-way meetings take the tables left (the hall is where both sides are), then
    rooms. The placement kept every slot within board.SlotCapacity, so this always fits. Rooms are
    numbered like tables, a host keeping its room from one slot to the next when it can."""
    if not instance.hybrid:
        return number_tables(instance, pairs, slots, host), None
    kind = instance.pair_kind()[pairs]
    per_slot = instance.slot_tables()
    online = kind == 1
    for t in np.unique(slots[kind == 2]).tolist():
        here = slots == t
        free = None if per_slot is None else int(per_slot[t]) - int((here & (kind == 0)).sum())
        flexible = np.flatnonzero(here & (kind == 2))
        if free is not None and flexible.size > max(0, free):
            online[flexible[max(0, free) :]] = True
    tables = np.zeros(pairs.size, dtype=np.int64)
    rooms = np.zeros(pairs.size, dtype=np.int64)
    at_table = np.flatnonzero(~online)
    tables[at_table] = number_tables(instance, pairs[at_table], slots[at_table], host[at_table])
    in_room = np.flatnonzero(online)
    rooms[in_room] = number_tables(
        instance,
        pairs[in_room],
        slots[in_room],
        host[in_room],
        limit=instance.online_rooms,
        held=instance.rooms_taken,
    )
    return tables, rooms


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The schedule file of spec/matchmaking.md, meetings ordered by slot then table."""
    inst = schedule.instance
    order = np.lexsort((schedule.tables, schedule.slots))
    person, slot_ids = inst.person_ids, inst.slot_ids
    meetings = [
        {"a": person[a], "b": person[b], "slot": slot_ids[s], "table": t}
        for a, b, s, t in zip(
            inst.pair_a[schedule.pairs[order]].tolist(),
            inst.pair_b[schedule.pairs[order]].tolist(),
            schedule.slots[order].tolist(),
            schedule.tables[order].tolist(),
            strict=True,
        )
    ]
    if schedule.rooms is not None:
        # Online meetings carry their room instead of a table, after the slot's table meetings.
        order = np.lexsort((schedule.rooms, schedule.tables, schedule.rooms > 0, schedule.slots))
        meetings = [
            {"a": person[a], "b": person[b], "slot": slot_ids[s], **({"room": r} if r else {"table": t})}
            for a, b, s, t, r in zip(
                inst.pair_a[schedule.pairs[order]].tolist(),
                inst.pair_b[schedule.pairs[order]].tolist(),
                schedule.slots[order].tolist(),
                schedule.tables[order].tolist(),
                schedule.rooms[order].tolist(),
                strict=True,
            )
        ]
    return {"format": SCHEDULE_FORMAT, "meetings": meetings, "stats": schedule.stats}
