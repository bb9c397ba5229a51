"""Synthetic matchmaking rounds in the instance format of spec/matchmaking.md.

Kinds:
  expo12   12th China-Northeast Asia Expo scale: 30,000 buyers (up to 6 meetings) and 1,337 exhibitors
           (up to 48), ~20 candidate pairs per buyer with skewed exhibitor popularity, 48 slots over
           3 days, 600 tables, buyers available only on some half-days.
  expo12-hybrid
           the expo12 round as a hybrid round: 20% of the buyers take part online only, each in a time
           zone from UTC+3 to UTC+9 and available every day 09:00-18:00 in their own zone (the slots run
           in Changchun time, UTC+8); exhibitors meet at their booth or by video from it ("either"); 600
           tables and 150 online rooms.
  uniform  bipartite, everyone available in every slot, tables not binding.
  general  any-to-any pairs with availability windows and binding tables.
  b2b      a B2B forum after Bofill et al. (CP 2014): any-to-any, every pair required, some people
           available only in the mornings.
  canton   Canton-Fair scale: 225,000 participants, ~4 million pairs, 60 slots over 5 days.
  platform the platform's demo round (tradefair generate-demo + recommend, then a round): 30,000
           merchants and 1,337 exhibitors, everyone up to 8 meetings with a floor of 1, 3 days of 21
           slots, 600 tables, whole-day attendance (0 to 3 days), pairs from symmetric top-20
           recommendations with weights in [0.25, 1.4]; merchants also meet merchants, so the round
           is not bipartite.

    python bench/matchmaking/generate.py expo12 -o var/bench/expo12.json.gz [--floors] [--seed N]
"""

from __future__ import annotations

import argparse
import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson


@dataclass(frozen=True)
class Shape:
    buyers: int
    exhibitors: int
    pairs_per_buyer: int
    buyer_max: int
    exhibitor_max: int
    days: int
    slots_per_day: int
    tables: int | None
    half_day_windows: bool
    required_share: float = 0.02
    popularity_skew: float = 0.9
    online_share: float = 0.0  # buyers taking part online only, in their own time zone
    online_rooms: int = 0


SHAPES = {
    "expo12": Shape(30_000, 1_337, 20, 6, 48, 3, 16, 600, True),
    "canton": Shape(200_000, 25_000, 20, 6, 60, 5, 12, 12_000, True),
    "expo12-hybrid": Shape(30_000, 1_337, 20, 6, 48, 3, 16, 600, True, online_share=0.2, online_rooms=150),
    "uniform": Shape(600, 60, 12, 6, 24, 2, 12, None, False, popularity_skew=0.3),
}


def _slots(days: int, per_day: int) -> list[dict]:
    slots = []
    for d in range(days):
        for k in range(per_day):
            minutes = 9 * 60 + 20 * k + (60 if k >= per_day // 2 else 0)
            slots.append(
                {
                    "id": f"d{d + 1}-{minutes // 60:02d}{minutes % 60:02d}",
                    "day": f"2019-08-{23 + d}",
                    "start": f"{minutes // 60:02d}:{minutes % 60:02d}",
                    "minutes": 20,
                }
            )
    return slots


EXPO_UTC_OFFSET = 8  # Changchun
REMOTE_OFFSETS = range(3, 10)  # UTC+3 (Moscow) to UTC+9 (Seoul, Tokyo)


def local_window(slots: list[dict], offset: int, opens: int = 9 * 60, closes: int = 18 * 60) -> list:
    """The slots that lie wholly within opens..closes in a participant's own zone (UTC+offset),
    the slots' times being the expo's (UTC+8)."""
    shift = (offset - EXPO_UTC_OFFSET) * 60
    inside = []
    for slot in slots:
        hours, minutes = map(int, slot["start"].split(":"))
        start = hours * 60 + minutes + shift
        if start >= opens and start + slot["minutes"] <= closes:
            inside.append(slot["id"])
    return inside


def bipartite(shape: Shape, *, seed: int, floors: bool, name: str, scale: float = 1.0) -> dict:
    rng = np.random.default_rng(seed)
    n_buyers = max(2, int(shape.buyers * scale))
    n_exhibitors = max(2, int(shape.exhibitors * scale))
    tables = None if shape.tables is None else max(1, int(shape.tables * scale))
    slots = _slots(shape.days, shape.slots_per_day)
    slot_ids = [s["id"] for s in slots]
    half = shape.slots_per_day // 2
    half_days = [slot_ids[i : i + half] for i in range(0, len(slot_ids), half)]

    popularity = 1.0 / (np.arange(n_exhibitors) + 10.0) ** shape.popularity_skew
    popularity = rng.permutation(popularity / popularity.sum())
    attractiveness = rng.uniform(0.4, 1.0, n_exhibitors)
    per_buyer = np.clip(rng.poisson(shape.pairs_per_buyer, n_buyers), 1, n_exhibitors)
    buyer_of = np.repeat(np.arange(n_buyers), per_buyer)
    exhibitor_of = rng.choice(n_exhibitors, size=buyer_of.size, p=popularity)
    key = buyer_of.astype(np.int64) * n_exhibitors + exhibitor_of
    _, first = np.unique(key, return_index=True)
    first.sort()
    buyer_of, exhibitor_of = buyer_of[first], exhibitor_of[first]
    fit = rng.beta(2.0, 3.0, buyer_of.size)
    weight = np.round(100 * fit * attractiveness[exhibitor_of], 2)
    required = rng.random(buyer_of.size) < shape.required_share

    # Online buyers come from a generator of their own, so that the hybrid round is the same round
    # (pairs, weights, on-site buyers' half-days) with only its online buyers changed.
    remote = np.random.default_rng([seed, 1])
    online = np.zeros(n_buyers, dtype=bool)
    if shape.online_share:
        online[remote.choice(n_buyers, size=int(round(shape.online_share * n_buyers)), replace=False)] = True
    offsets = remote.choice(list(REMOTE_OFFSETS), size=n_buyers)
    participants = []
    for i in range(n_buyers):
        person = {"id": f"buyer-{i}", "max_meetings": shape.buyer_max}
        if floors:
            person["min_meetings"] = 1
        if shape.half_day_windows:
            chosen = np.sort(rng.choice(len(half_days), size=int(rng.integers(1, 4)), replace=False))
            person["available"] = [sid for h in chosen.tolist() for sid in half_days[h]]
        if online[i]:
            # Every day, 09:00-18:00 in their own zone (the half-days drawn above keep the draws
            # of the on-site buyers that follow unchanged).
            person["mode"] = "online"
            person["utc_offset"] = int(offsets[i])  # ignored by the engine, kept for readers
            person["available"] = local_window(slots, int(offsets[i]))
        participants.append(person)
    exhibitor = {"max_meetings": shape.exhibitor_max, **({"mode": "either"} if shape.online_rooms else {})}
    participants += [{"id": f"exh-{j}", **exhibitor} for j in range(n_exhibitors)]
    pairs = [
        {"a": f"buyer-{b}", "b": f"exh-{e}", "weight": w, "required": True}
        if r
        else {"a": f"buyer-{b}", "b": f"exh-{e}", "weight": w}
        for b, e, w, r in zip(
            buyer_of.tolist(), exhibitor_of.tolist(), weight.tolist(), required.tolist(), strict=True
        )
    ]
    instance = {
        "format": "tradefair-instance/1",
        "name": name,
        "slots": slots,
        "participants": participants,
        "pairs": pairs,
    }
    if tables is not None:
        instance["tables"] = tables
    if shape.online_rooms:
        instance["online_rooms"] = max(1, int(shape.online_rooms * scale))
    return instance


def general(
    *,
    seed: int,
    people: int = 400,
    degree: int = 10,
    days: int = 2,
    per_day: int = 10,
    tables: int | None = 60,
    floors: bool = False,
) -> dict:
    """Any-to-any pairs (an odd-cycle-rich graph) with random windows and binding tables."""
    rng = np.random.default_rng(seed)
    slots = _slots(days, per_day)
    slot_ids = [s["id"] for s in slots]
    participants = []
    for i in range(people):
        person = {"id": f"p{i}", "max_meetings": int(rng.integers(2, 9))}
        if floors:
            person["min_meetings"] = 1
        if rng.random() < 0.5:
            start = int(rng.integers(0, len(slot_ids) - 4))
            person["available"] = slot_ids[start : start + int(rng.integers(4, len(slot_ids) - start + 1))]
        participants.append(person)
    m = people * degree // 2
    a, b = rng.integers(0, people, m), rng.integers(0, people, m)
    keep = a != b
    key = np.unique(np.minimum(a[keep], b[keep]) * people + np.maximum(a[keep], b[keep]))
    pairs = [
        {"a": f"p{k // people}", "b": f"p{k % people}", "weight": round(float(w), 2), "required": bool(r)}
        for k, w, r in zip(
            key.tolist(), rng.uniform(1, 10, key.size), rng.random(key.size) < 0.05, strict=True
        )
    ]
    instance = {
        "format": "tradefair-instance/1",
        "name": "general",
        "slots": slots,
        "participants": participants,
        "pairs": pairs,
    }
    if tables is not None:
        instance["tables"] = tables
    return instance


def b2b(
    *,
    seed: int,
    people: int = 40,
    meetings_per_person: float = 4.0,
    slots: int = 12,
    tables: int | None = None,
) -> dict:
    """A B2B forum round: any-to-any requested meetings, all required; a third of the participants
    only stay for the morning session."""
    rng = np.random.default_rng(seed)
    slot_list = _slots(1, slots)
    morning = [s["id"] for s in slot_list[: slots // 2]]
    participants = []
    for i in range(people):
        person = {"id": f"c{i}", "max_meetings": slots}
        if rng.random() < 1 / 3:
            person["available"] = morning
        participants.append(person)
    m = int(people * meetings_per_person / 2)
    seen: set[tuple[int, int]] = set()
    pairs = []
    while len(pairs) < m:
        x, y = sorted(rng.choice(people, 2, replace=False).tolist())
        if (x, y) not in seen:
            seen.add((x, y))
            pairs.append({"a": f"c{x}", "b": f"c{y}", "weight": 1, "required": True})
    instance = {
        "format": "tradefair-instance/1",
        "name": "b2b",
        "slots": slot_list,
        "participants": participants,
        "pairs": pairs,
    }
    if tables is not None:
        instance["tables"] = tables
    return instance


def platform(
    *,
    seed: int,
    merchants: int = 30_000,
    exhibitors: int = 1_337,
    recommendations: int = 20,
    merchant_share: float = 0.3,
    days: int = 3,
    per_day: int = 21,
    tables: int | None = 600,
    floors: bool = True,
    scale: float = 1.0,
) -> dict:
    """A round shaped like the platform's: recommendations are symmetric, and a share of each
    merchant's go to other merchants (odd cycles)."""
    rng = np.random.default_rng(seed)
    n_m, n_e = max(2, int(merchants * scale)), max(2, int(exhibitors * scale))
    n = n_m + n_e
    tables = None if tables is None else max(1, int(tables * scale))
    slots = [
        {
            "id": f"d{d + 1}-{k:02d}",
            "day": f"2019-08-{23 + d}",
            "start": f"{9 + k // 3:02d}:{20 * (k % 3):02d}",
            "minutes": 20,
        }
        for d in range(days)
        for k in range(per_day)
    ]
    popularity = 1.0 / (np.arange(n_e) + 10.0) ** 0.9
    popularity = rng.permutation(popularity / popularity.sum())
    to_merchant = rng.random((n_m, recommendations)) < merchant_share
    other = rng.integers(0, n_m, (n_m, recommendations))
    exhibitor = n_m + rng.choice(n_e, size=(n_m, recommendations), p=popularity)
    a = np.repeat(np.arange(n_m), recommendations)
    b = np.where(to_merchant, other, exhibitor).ravel()
    a = np.r_[a, np.repeat(np.arange(n_m, n), recommendations)]
    b = np.r_[b, rng.integers(0, n_m, n_e * recommendations)]
    keep = a != b
    key = np.unique(np.minimum(a[keep], b[keep]) * n + np.maximum(a[keep], b[keep]))
    low, high = key // n, key % n
    weight = np.round(0.25 + 1.15 * rng.beta(2.0, 2.0, key.size), 4)
    attends = rng.choice(days + 1, size=n, p=[0.2, 0.25, 0.3, 0.25] if days == 3 else None)
    first_day = (rng.random(n) * (days - attends + 1)).astype(int)
    participants = []
    for i in range(n):
        person = {"id": f"p{i}", "max_meetings": 8}
        if floors:
            person["min_meetings"] = 1
        if attends[i] < days:
            start = int(first_day[i]) * per_day
            person["available"] = [s["id"] for s in slots[start : start + int(attends[i]) * per_day]]
        participants.append(person)
    pairs = [
        {"a": f"p{x}", "b": f"p{y}", "weight": w}
        for x, y, w in zip(low.tolist(), high.tolist(), weight.tolist(), strict=True)
    ]
    instance = {
        "format": "tradefair-instance/1",
        "name": "platform",
        "slots": slots,
        "participants": participants,
        "pairs": pairs,
    }
    if tables is not None:
        instance["tables"] = tables
    return instance


def generate(kind: str, *, seed: int = 0, floors: bool = False, scale: float = 1.0, **options) -> dict:
    if kind in SHAPES:
        return bipartite(SHAPES[kind], seed=seed, floors=floors, name=kind, scale=scale)
    if kind == "general":
        return general(seed=seed, floors=floors)
    if kind == "platform":
        return platform(seed=seed, floors=floors, scale=scale, **options)
    if kind == "b2b":
        return b2b(seed=seed, **options)
    raise ValueError(f"unknown kind {kind!r}")


def write(instance: dict, path: Path) -> None:
    payload = orjson.dumps(instance)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(payload, compresslevel=3) if path.name.endswith(".gz") else payload)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("kind", choices=[*SHAPES, "general", "b2b", "platform"])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--floors", action="store_true", help="min_meetings: 1 for every buyer")
    parser.add_argument("--scale", type=float, default=1.0, help="shrink or grow the participant counts")
    args = parser.parse_args()
    write(generate(args.kind, seed=args.seed, floors=args.floors, scale=args.scale), Path(args.output))


if __name__ == "__main__":
    main()
