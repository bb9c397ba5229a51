"""Recommendations for every participant of an expo: the vectorised pass against naive
per-pair Python scoring of the same formula on a sample of participants, extrapolated.

    TRADEFAIR_DATA_DIR=... .venv/bin/python bench/recommendations/run.py [--slug cnea-2019] [--sample 40]

Run it on the full demo (`tradefair generate-demo`, 31,337 participants). It writes the
recommendations table of that expo (the same as the platform does) and prints figures.
"""

import argparse
import math
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
django.setup()

import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402

from tradefair.expos.models import Expo  # noqa: E402
from tradefair.matchmaking.domain import scoring  # noqa: E402
from tradefair.matchmaking.domain.profiles import code_features, load_profiles  # noqa: E402
from tradefair.matchmaking.domain.recommendations import TOP, compute_recommendations  # noqa: E402
from tradefair.matchmaking.models import Recommendation  # noqa: E402


def naive_score(p, scorer, a: int, b: int, need_text: list[dict], offer_text: list[dict], codes) -> float:
    """The score of pair (a, b) written the obvious way: loops over offers and needs."""
    if p.organisation[a] == p.organisation[b]:
        return -math.inf
    if p.exhibitor[a] and p.exhibitor[b] and not p.settings.exhibitors_meet_exhibitors:
        return -math.inf
    they = sum(w * codes[b][1].get(f, 0) for f, w in codes[a][0].items())
    you = sum(w * codes[a][1].get(f, 0) for f, w in codes[b][0].items())
    text = 0.5 * (
        sum(v * offer_text[b].get(k, 0) for k, v in need_text[a].items())
        + sum(v * need_text[b].get(k, 0) for k, v in offer_text[a].items())
    )
    if not (they or you or text >= scoring.TEXT_THRESHOLD):
        return -math.inf
    score = scoring.CODE_WEIGHT * (2 - math.exp(-they) - math.exp(-you)) + scoring.TEXT_WEIGHT * text
    score += scoring.ECONOMY_WEIGHT * scorer.complementarity[p.country[a], p.country[b]]
    if set(p.languages[a]) & set(p.languages[b]):
        score += scoring.LANGUAGE_SHARED
    elif p.interpreted[a] and p.interpreted[b]:
        score += scoring.LANGUAGE_INTERPRETED
    else:
        score += scoring.LANGUAGE_NONE
    if p.country[a] != p.country[b]:
        score += p.settings.cross_border_bonus
    return score


def as_dicts(matrix) -> list[dict]:
    return [
        dict(
            zip(
                matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]].tolist(),
                matrix.data[matrix.indptr[i] : matrix.indptr[i + 1]].tolist(),
                strict=True,
            )
        )
        for i in range(matrix.shape[0])
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="cnea-2019")
    parser.add_argument("--sample", type=int, default=40, help="participants scored naively")
    args = parser.parse_args()
    expo = Expo.objects.get(slug=args.slug)

    start = time.monotonic()
    profiles = load_profiles(expo)
    loaded = time.monotonic() - start
    n = profiles.size
    print(
        f"participants: {n}, code features: {len(profiles.feature_names)}, load: {loaded:.1f} s", flush=True
    )

    start, cpu_start = time.monotonic(), time.process_time()
    with tqdm(total=n, desc="recommendations", unit="participant", file=sys.stderr) as bar:
        written = compute_recommendations(expo, profiles=profiles, progress=bar.update)
    vectorised = time.monotonic() - start
    cpu = time.process_time() - cpu_start
    total = loaded + vectorised
    print(f"vectorised: {written} recommendations stored in {vectorised:.1f} s (with loading {total:.1f} s)")
    print(
        f"CPU time of the vectorised pass: {cpu:.1f} s (all threads); load average {os.getloadavg()[0]:.1f}"
    )

    scorer = scoring.Scorer.build(profiles)
    need_text, offer_text = as_dicts(profiles.need_text), as_dicts(profiles.offer_text)
    codes = [
        (
            {f: w * w for x in needs for f, w in code_features(x.hs_code, x.isic_section)},
            {f: 1.0 for x in offers for f, _w in code_features(x.hs_code, x.isic_section)},
        )
        for needs, offers in zip(profiles.needs, profiles.offers, strict=True)
    ]
    rng = np.random.default_rng(1)
    sample = rng.choice(n, size=min(args.sample, n), replace=False)
    start = time.monotonic()
    agree = 0
    stored = {}
    for pk, counterpart in Recommendation.objects.filter(
        expo=expo, participant_id__in=profiles.ids[sample].tolist(), rank=1
    ).values_list("participant_id", "counterpart_id"):
        stored[pk] = counterpart
    for a in tqdm(sample.tolist(), desc="naive baseline", file=sys.stderr):
        scores = [naive_score(profiles, scorer, a, b, need_text, offer_text, codes) for b in range(n)]
        best = int(np.argmax(scores))
        agree += stored.get(int(profiles.ids[a])) is not None and math.isclose(
            scores[best], scores[profiles.index[stored[int(profiles.ids[a])]]], rel_tol=1e-3
        )
    per_row = (time.monotonic() - start) / sample.size
    naive_total = per_row * n
    print(
        f"naive per-pair Python: {per_row:.2f} s per participant, {naive_total / 60:.0f} min extrapolated to {n}"
    )
    print(
        f"speed-up: {naive_total / vectorised:.0f}x; best counterpart agrees with naive on {agree}/{sample.size}"
    )
    print(
        f"summary: {n} participants, top {TOP} each, {vectorised:.1f} s vectorised vs {naive_total:.0f} s naive"
    )


if __name__ == "__main__":
    main()
