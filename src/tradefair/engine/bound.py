"""Proven upper bounds on a round's weight (and floors).

Let R(x) be the required pairs and F(x) = sum_p min(meetings_p, min_meetings_p) the floors met by a
set of meetings x. For a schedule S we need a bound on w(x) over every valid x with R(x) >= R(S) and
F(x) >= F(S). For any alpha, beta >= 0 such an x satisfies

    w(x) <= w(x) + alpha (R(x) - R(S)) + beta (F(x) - F(S))
         <= max_y [w + alpha R + beta F](y) - alpha R(S) - beta F(S)

where y ranges over the selection relaxation (relaxation.py), which contains every valid schedule.
That is a Lagrangian bound: valid for every choice of multipliers, so the engine evaluates several
and keeps the smallest. Weights are rounded up when scaled to integers, so the integer optimum never
undershoots. The function is convex in each multiplier with slope R(y*) - R(S) (resp. F(y*) - F(S)),
which a bisection per multiplier uses to look for its minimum. The same argument with w = 0 bounds
the floors any schedule at least as good on required pairs can meet.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from .relaxation import Relaxation, Relaxed

FLOOR_UNITS = 1024  # floors are scaled like this in the floors bound, so the multiplier can be fractional


@dataclass(frozen=True)
class Bound:
    weight: float
    floors: int | None  # most floors a schedule at least as good on required pairs can meet


class _Search:
    """Coordinate bisection on (alpha, beta), remembering the smallest bound seen."""

    def __init__(
        self,
        solve: Callable[[float, float], Relaxed | None],
        required: int,
        floors: int,
        factor: float,
        deadline: float,
    ):
        self.solve, self.required, self.floors, self.factor, self.deadline = (
            solve,
            required,
            floors,
            factor,
            deadline,
        )
        self.best = math.inf

    def evaluate(self, alpha: float, beta: float) -> Relaxed | None:
        if time.monotonic() > self.deadline:
            return None
        relaxed = self.solve(alpha, beta)
        if relaxed is not None:
            value = (relaxed.objective - alpha * self.required - beta * self.floors) / self.factor
            self.best = min(self.best, value)
        return relaxed

    def bisect(
        self, start: float, top: float, fixed: float, which: str, done: Callable[[], bool], steps: int
    ) -> float:
        """Search the multiplier named `which` ("required" or "floors") in [0, top], beginning at
        `start`, with the other multiplier at `fixed`; returns the last multiplier tried."""
        ours = self.required if which == "required" else self.floors
        low, high, current = 0.0, float(top), float(start)
        for _ in range(steps):
            if done():
                break
            pair = (current, fixed) if which == "required" else (fixed, current)
            relaxed = self.evaluate(int(pair[0]), int(pair[1]))
            if relaxed is None:
                break
            reached = relaxed.required if which == "required" else relaxed.floors
            if reached > ours:
                high = current
            elif reached < ours:
                low = current
            else:
                break
            following = math.sqrt(max(low, 1.0) * high) if high / max(low, 1.0) > 16 else (low + high) / 2
            if abs(following - current) <= max(1.0, 0.01 * current):
                break
            current = following
        return current


def upper_bound(
    relaxation: Relaxation,
    lexicographic: Relaxed | None,
    bonuses: tuple[int, int],
    *,
    required: int,
    floors: int,
    weight: float,
    optimal: bool,
    deadline: float,
    target_gap: float = 0.004,
    steps: int = 4,
) -> Bound:
    factor = relaxation.scaling.factor
    alpha_top, beta_top = bonuses
    final_deadline = deadline
    if relaxation.instance.min_meetings.any():
        deadline = time.monotonic() + 0.7 * max(0.0, deadline - time.monotonic())
    search = _Search(
        lambda a, b: relaxation.solve(a, b, time_limit=max(0.1, deadline - time.monotonic())),
        required,
        floors,
        factor,
        deadline,
    )
    if optimal:
        search.best = weight
    if lexicographic is not None:
        search.best = min(
            search.best, (lexicographic.objective - alpha_top * required - beta_top * floors) / factor
        )

    def done() -> bool:
        return search.best <= weight * (1 + target_gap) or time.monotonic() > deadline

    if (alpha_top, beta_top) == (0, 0) and lexicographic is None:
        search.evaluate(0, 0)
    elif not done():
        # The multipliers' best values are near the weight a required pair or a floor displaces,
        # a few top weights, far below the lexicographic bonuses: start there.
        guess = 2.0 * (int(relaxation.scaling.units.max(initial=0)) + 1)
        alpha = min(guess, alpha_top) if alpha_top else 0.0
        beta = min(guess, beta_top) if beta_top else 0.0
        for _ in range(2):
            if alpha_top and not done():
                alpha = search.bisect(alpha, alpha_top, beta, "required", done, steps)
            if beta_top and not done():
                beta = search.bisect(beta, beta_top, alpha, "floors", done, steps)
        if not done() and (alpha_top, beta_top) != (0, 0):
            search.evaluate(0, 0)
    # A Lagrangian value is valid but can be huge when the multipliers are large and the schedule
    # falls short of the relaxation on required pairs or floors (each pair or floor missed adds a
    # whole bonus). The trivial bound holds for every schedule whatever its required pairs and
    # floors, so it caps the result: the bound stays on the spec's weight, never a bonus.
    best = min(search.best, relaxation.trivial_bound())
    return Bound(weight=max(best, weight), floors=floors_bound(relaxation, required, floors, final_deadline))


def floors_bound(
    relaxation: Relaxation, required: int, floors: int, deadline: float, steps: int = 6
) -> int | None:
    """Most floors any valid schedule with at least `required` required pairs can meet: the same
    Lagrangian bound with weights left out (None if nobody has a floor or time ran out)."""
    inst = relaxation.instance
    if not inst.min_meetings.any():
        return None
    search = _Search(
        lambda a, b: relaxation.solve(
            a, FLOOR_UNITS, weighted=False, time_limit=max(0.1, deadline - time.monotonic())
        ),
        required,
        0,
        FLOOR_UNITS,
        deadline,
    )
    # objective = FLOOR_UNITS * F + alpha * R, so (objective - alpha * R(S)) / FLOOR_UNITS bounds F.
    if inst.required.any():
        top = FLOOR_UNITS * (int(inst.min_meetings.sum()) + 1)

        def done() -> bool:
            return search.best <= floors * 1.001 or time.monotonic() > deadline

        search.bisect(FLOOR_UNITS, top, 0, "required", done, steps)
        if not done():
            search.evaluate(0, 0)
    else:
        search.evaluate(0, 0)
    return int(math.floor(search.best + 1e-6)) if search.best < math.inf else None
