"""The spec's order of quality, measured on a placed selection of pairs.

A schedule is compared lexicographically on (required pairs scheduled, -floor shortfall, weight,
-idle slots). Everything here is vectorised over participants so it is cheap enough to call after
every phase of the solver and on uploaded schedules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .instance import Instance


@dataclass(frozen=True)
class Quality:
    required_scheduled: int
    floor_shortfall: int
    weight: float
    idle_slots: int

    def key(self) -> tuple[int, int, float, int]:
        """Larger is better, in the spec's order of importance."""
        return (self.required_scheduled, -self.floor_shortfall, round(self.weight, 9), -self.idle_slots)


def meetings_per_person(instance: Instance, pairs: np.ndarray) -> np.ndarray:
    """int64[n_people]: how many of the given pairs each participant is in."""
    n = instance.n_people
    return np.bincount(instance.pair_a[pairs], minlength=n) + np.bincount(instance.pair_b[pairs], minlength=n)


def busy_matrix(instance: Instance, pairs: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """bool[n_people, n_slots]: who has a meeting when."""
    busy = np.zeros((instance.n_people, instance.n_slots), dtype=bool)
    busy[instance.pair_a[pairs], slots] = True
    busy[instance.pair_b[pairs], slots] = True
    return busy


def idle_per_person(instance: Instance, busy: np.ndarray) -> np.ndarray:
    """int64[n_people]: for each participant, summed over days, the available slots without a meeting
    between the participant's first and last meeting of that day."""
    idle = np.zeros(instance.n_people, dtype=np.int64)
    for lo, hi in instance.day_ranges():
        day = busy[:, lo:hi]
        rows = np.flatnonzero(day.any(axis=1))
        if rows.size == 0:
            continue
        day = day[rows]
        first = day.argmax(axis=1)
        last = (hi - lo - 1) - day[:, ::-1].argmax(axis=1)
        gaps = instance.available[rows, lo:hi] & ~day
        running = np.concatenate([np.zeros((rows.size, 1), np.int64), np.cumsum(gaps, axis=1)], axis=1)
        idle[rows] += running[np.arange(rows.size), last + 1] - running[np.arange(rows.size), first]
    return idle


def floor_shortfall(instance: Instance, meetings: np.ndarray) -> int:
    return int(np.maximum(0, instance.min_meetings - meetings).sum())


def measure(instance: Instance, pairs: np.ndarray, slots: np.ndarray) -> Quality:
    """Quality of pairs[i] placed in slots[i] (pairs are indices into the instance's pairs)."""
    meetings = meetings_per_person(instance, pairs)
    return Quality(
        required_scheduled=int(instance.required[pairs].sum()),
        floor_shortfall=floor_shortfall(instance, meetings),
        weight=float(instance.weight[pairs].sum()),
        idle_slots=int(idle_per_person(instance, busy_matrix(instance, pairs, slots)).sum()),
    )


def summary(instance: Instance, pairs: np.ndarray, slots: np.ndarray) -> dict:
    """The stats every schedule carries, solver or baseline: the spec's fields, floors met, how many
    participants with at least one feasible pair got no meeting, and meetings per participant."""
    meetings = meetings_per_person(instance, pairs)
    quality = measure(instance, pairs, slots)
    feasible = instance.feasible_pairs()
    reachable = np.zeros(instance.n_people, dtype=bool)
    reachable[instance.pair_a[feasible]] = True
    reachable[instance.pair_b[feasible]] = True
    return {
        "meetings": int(pairs.size),
        "weight": round(quality.weight, 6),
        "required_scheduled": quality.required_scheduled,
        "required_total": int(instance.required.sum()),
        "floor_shortfall": quality.floor_shortfall,
        "idle_slots": quality.idle_slots,
        "floors_met": int(np.minimum(meetings, instance.min_meetings).sum()),
        "zero_meeting_participants": int((reachable & (meetings == 0)).sum()),
        "meetings_per_participant": {
            "min": int(meetings.min(initial=0)),
            "median": float(np.median(meetings)) if meetings.size else 0.0,
            "max": int(meetings.max(initial=0)),
        },
    }
