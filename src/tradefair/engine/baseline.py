"""First come, first served: how rounds were scheduled before the engine, and what it is measured against.

Requests arrive in random order, required pairs first; each goes into the earliest slot in which both
sides are available and free and a table is left, if both sides still have room under max_meetings.
"""

from __future__ import annotations

import time

import numpy as np

from .board import Board, lowest
from .instance import Instance
from .quality import summary
from .schedule import Schedule, number_places


def first_come_first_served(instance: Instance, *, seed: int = 0) -> Schedule:
    start = time.monotonic()
    rng = np.random.default_rng(seed)
    arrival = rng.permutation(instance.n_pairs)
    arrival = arrival[np.argsort(~instance.required[arrival], kind="stable")]
    board = Board(instance)
    for e in arrival.tolist():
        if board.has_room(e):
            options = board.open_slots(e)
            if options:
                board.place(e, lowest(options))
    pairs = np.fromiter(board.slot_of.keys(), dtype=np.int64, count=len(board.slot_of))
    slots = np.fromiter(board.slot_of.values(), dtype=np.int64, count=len(board.slot_of))
    tables, rooms = number_places(instance, pairs, slots, instance.pair_b[pairs])
    stats = summary(instance, pairs, slots)
    if instance.online_rooms:
        stats["online_meetings"] = 0 if rooms is None else int((rooms > 0).sum())
    stats["seconds"] = round(time.monotonic() - start, 3)
    return Schedule(instance=instance, pairs=pairs, slots=slots, tables=tables, stats=stats, rooms=rooms)
