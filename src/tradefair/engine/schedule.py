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
    tables: np.ndarray  # int64[n_meetings], numbered from 1 within each slot
    stats: dict[str, Any] = field(default_factory=dict)


def number_tables(instance: Instance, pairs: np.ndarray, slots: np.ndarray, host: np.ndarray) -> np.ndarray:
    """Table numbers within each slot, from 1 upwards (1..tables with a limit), skipping the tables
    that meetings outside the instance hold in that slot. A host (the exhibitor side) keeps the table
    it had in the previous slot when it can, so that people who meet many times in a row stay put."""
    tables = np.zeros(pairs.size, dtype=np.int64)
    order = np.lexsort((host, slots))
    previous: dict[int, int] = {}
    for t in np.unique(slots).tolist():
        members = order[slots[order] == t]
        held = instance.tables_taken.get(t, frozenset())
        taken: set[int] = set(held)
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
        if instance.tables is not None and members.size and tables[members].max() > instance.tables:
            # Kept tables left gaps the slot needs: number afresh among the tables still free.
            free_tables = [k for k in range(1, instance.tables + 1) if k not in held]
            tables[members] = free_tables[: members.size]
            current = {int(host[i]): int(tables[i]) for i in members.tolist()}
        previous = current
    return tables


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
    return {"format": SCHEDULE_FORMAT, "meetings": meetings, "stats": schedule.stats}
