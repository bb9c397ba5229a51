"""Proven upper bounds on a round's weight.

Let R(x) be the required pairs and F(x) = sum_p min(meetings_p, min_meetings_p) the floors met by a
set of meetings x. For a schedule S we need a bound on w(x) over every valid x with R(x) >= R(S) and
F(x) >= F(S). For any alpha, beta >= 0 such an x satisfies

    w(x) <= w(x) + alpha (R(x) - R(S)) + beta (F(x) - F(S)) <= max_y [w + alpha R + beta F](y) - alpha R(S) - beta F(S)

where y ranges over the selection relaxation (relaxation.py), which contains every valid schedule.
That is a Lagrangian bound; it is valid for every choice of multipliers, so the engine evaluates a
few (alpha, beta) and keeps the smallest. Weights are rounded up when scaled to integers, so the
integer optimum never undershoots. The function of beta is convex with slope F(y*) - F(S), which a
bisection on beta uses to find its minimum when floors cost weight.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from .relaxation import Relaxation, Relaxed


@dataclass(frozen=True)
class Bound:
    weight: float
    floors: int | None  # most floors any valid schedule can meet (None when no participant has one)


def _lagrangian(
    relaxed: Relaxed, alpha: float, beta: float, required: int, floors: int, factor: float
) -> float:
    return (relaxed.objective - alpha * required - beta * floors) / factor


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
    target_gap: float = 0.002,
    steps: int = 10,
) -> Bound:
    factor = relaxation.scaling.factor
    alpha_top, beta_top = bonuses
    best = math.inf
    if optimal:
        best = weight
    if lexicographic is not None:
        best = min(best, _lagrangian(lexicographic, alpha_top, beta_top, required, floors, factor))

    def remaining() -> float:
        return deadline - time.monotonic()

    def evaluate(alpha: float, beta: float) -> Relaxed | None:
        nonlocal best
        if remaining() <= 0:
            return None
        relaxed = relaxation.solve(alpha, beta, time_limit=remaining())
        if relaxed is not None:
            best = min(best, _lagrangian(relaxed, alpha, beta, required, floors, factor))
        return relaxed

    def loose() -> bool:
        return best > weight * (1 + target_gap) and remaining() > 0

    def bisect(top: float, reached: str, ours: int, at) -> float:
        """Geometric bisection for the multiplier where the relaxation's optimum reaches exactly
        our count: the Lagrangian function is convex with slope (its count - ours)."""
        low, high, chosen = 0.0, float(top), float(top)
        for _ in range(steps):
            if not loose():
                break
            middle = math.sqrt(max(low, 1.0) * high)
            if middle <= max(low, 1.0) * 1.02:
                break
            relaxed = evaluate(*at(int(middle)))
            if relaxed is None:
                break
            count = getattr(relaxed, reached)
            if count > ours:
                high = middle
            elif count < ours:
                low = middle
            else:
                return middle
            chosen = middle
        return chosen

    if (alpha_top, beta_top) != (0, 0) and loose():
        evaluate(0, 0)
    reached_required = lexicographic is not None and required >= lexicographic.required
    reached_floors = lexicographic is not None and floors >= lexicographic.floors
    alpha = float(alpha_top) if reached_required else 0.0
    beta = float(beta_top) if reached_floors else 0.0
    if alpha_top and not reached_required and loose():
        alpha = bisect(alpha_top, "required", required, lambda a: (a, int(beta)))
    if beta_top and not reached_floors and loose():
        beta = bisect(beta_top, "floors", floors, lambda b: (int(alpha), b))
    floor_bound = None
    if relaxation.instance.min_meetings.any() and remaining() > 0:
        relaxed = relaxation.solve(0, 1, weighted=False, time_limit=remaining())
        if relaxed is not None:
            floor_bound = int(math.floor(relaxed.objective + 1e-6))
    if best == math.inf:
        best = relaxation.trivial_bound()
    return Bound(weight=max(best, weight), floors=floor_bound)
