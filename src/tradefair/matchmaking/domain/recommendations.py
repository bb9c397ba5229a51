"""Each participant's top counterparts, computed for a whole expo in blocks and stored,
and refreshed for the participants a profile change can affect."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

import numpy as np
import orjson
from django.db import connection, transaction
from django.utils import timezone

from tradefair.matchmaking.domain import scoring
from tradefair.matchmaking.domain.pairs import pair_parts, reasons_for
from tradefair.matchmaking.domain.profiles import Profiles, load_profiles
from tradefair.matchmaking.models import Recommendation

logger = logging.getLogger(__name__)

TOP = 20
CANDIDATES = 40
BLOCK = 1024


def best_pairs(
    scorer: scoring.Scorer, rows: np.ndarray, *, top: int = TOP, advance: Callable[[int], None] | None = None
) -> Iterable[tuple]:
    """For each block of rows: the candidate pairs (a, b), their exact parts, and the
    indices and ranks (from 0) of the top pairs among them."""
    for lo in range(0, rows.size, BLOCK):
        block_rows = rows[lo : lo + BLOCK]
        a, b = scorer.candidates(block_rows, CANDIDATES)
        parts = pair_parts(scorer, a, b)
        order = np.flatnonzero(np.isfinite(parts.score))
        order = order[np.lexsort((-parts.score[order], a[order]))]
        first = np.searchsorted(a[order], a[order], side="left")
        rank = np.arange(order.size) - first
        chosen = rank < top
        yield a, b, parts, order[chosen], rank[chosen]
        if advance:
            advance(block_rows.size)


def compute_recommendations(
    expo, *, participant_ids: Iterable[int] | None = None, profiles: Profiles | None = None, progress=None
) -> int:
    """Compute and store the top counterparts of the given participants (all by default).
    Returns the number of recommendations written."""
    started = time.monotonic()
    profiles = profiles or load_profiles(expo)
    scorer = scoring.Scorer.build(profiles)
    if participant_ids is None:
        rows = np.arange(profiles.size)
    else:
        rows = np.array(
            sorted({profiles.index[pk] for pk in participant_ids if pk in profiles.index}), dtype=np.int64
        )
    written = 0
    with transaction.atomic():
        stale = Recommendation.objects.filter(expo=expo)
        if participant_ids is not None:
            stale = stale.filter(participant_id__in=profiles.ids[rows].tolist())
        stale.delete()
        now = timezone.now()
        ids = profiles.ids
        for a, b, parts, chosen, rank in best_pairs(scorer, rows, advance=progress):
            values = [
                (
                    expo.pk,
                    int(ids[a[i]]),
                    int(ids[b[i]]),
                    r + 1,
                    round(float(parts.score[i]), 4),
                    orjson.dumps(reasons_for(scorer, parts, i, int(a[i]), int(b[i]))).decode(),
                    now,
                )
                for i, r in zip(chosen.tolist(), rank.tolist(), strict=True)
            ]
            insert_rows(values)
            written += len(values)
    logger.info(
        "recommendations for %s participants of expo %s: %s rows in %.1fs",
        rows.size,
        expo.pk,
        written,
        time.monotonic() - started,
    )
    return written


def insert_rows(values: list[tuple]) -> None:
    """Write recommendations with one executemany: the ORM's per-object work costs more
    than the scoring for a whole expo."""
    if not values:
        return
    table = Recommendation._meta.db_table
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sql = (
        f"INSERT INTO {table} (expo_id, participant_id, counterpart_id, rank, score, reasons, computed_at) "
        f"VALUES (%s, %s, %s, %s, %s, %s{cast}, %s)"
    )
    with connection.cursor() as cursor:
        for lo in range(0, len(values), 5000):
            cursor.executemany(sql, values[lo : lo + 5000])


def refresh_after_profile_change(participant) -> int:
    """A participant's offers, needs or rules changed: recompute their own list, and the
    list of everyone who had them recommended or would now rank them above their last."""
    expo = participant.expo
    profiles = load_profiles(expo)
    if participant.pk not in profiles.index:
        Recommendation.objects.filter(participant=participant).delete()
        Recommendation.objects.filter(counterpart=participant).delete()
        return 0
    scorer = scoring.Scorer.build(profiles)
    row = profiles.index[participant.pk]
    everyone = np.arange(profiles.size)
    column = pair_parts(scorer, np.full(profiles.size, row), everyone).score
    floor = dict(Recommendation.objects.filter(expo=expo, rank=TOP).values_list("participant_id", "score"))
    had_them = set(
        Recommendation.objects.filter(counterpart=participant).values_list("participant_id", flat=True)
    )
    affected = {participant.pk} | had_them
    for col in np.flatnonzero(np.isfinite(column)).tolist():
        pk = int(profiles.ids[col])
        if column[col] > floor.get(pk, -np.inf):
            affected.add(pk)
    return compute_recommendations(expo, participant_ids=affected, profiles=profiles)
