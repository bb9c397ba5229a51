"""Small instances for engine tests, as decoded JSON (the file contract) so tests exercise parsing."""

from __future__ import annotations

from hypothesis import strategies as st


def slots(n: int, days: int = 1) -> list[dict]:
    per_day = max(1, -(-n // days))
    return [
        {"id": f"s{t}", "day": f"day{t // per_day}", "start": f"{9 + t}:00", "minutes": 20} for t in range(n)
    ]


def instance(people, pairs, n_slots=3, days=1, tables=None) -> dict:
    """people: list of dicts (id added if missing); pairs: (a, b, weight[, required])."""
    data = {
        "format": "tradefair-instance/1",
        "slots": slots(n_slots, days),
        "participants": [{"id": f"p{i}", **p} for i, p in enumerate(people)],
        "pairs": [
            {"a": f"p{a}", "b": f"p{b}", "weight": w, **({"required": rest[0]} if rest else {})}
            for a, b, w, *rest in pairs
        ],
    }
    if tables is not None:
        data["tables"] = tables
    return data


WEIGHTS = st.sampled_from([0, 0.25, 0.5, 1, 1.75, 2.5, 4])


@st.composite
def rounds(draw, max_people=8, max_slots=5, bipartite=None, uniform=False, max_pairs=14):
    """Random valid rounds: availability windows, tables, floors and required pairs unless uniform."""
    n = draw(st.integers(2, max_people))
    n_slots = draw(st.integers(1, max_slots))
    days = draw(st.integers(1, min(2, n_slots)))
    is_bipartite = draw(st.booleans()) if bipartite is None else bipartite
    left = draw(st.integers(1, n - 1)) if is_bipartite else 0
    slot_ids = [s["id"] for s in slots(n_slots, days)]
    people = []
    for _ in range(n):
        high = draw(st.integers(1, n_slots + 1))
        person = {"max_meetings": high}
        if not uniform:
            person["min_meetings"] = draw(st.integers(0, min(high, 2)))
            if draw(st.booleans()):
                person["available"] = [s for s in slot_ids if draw(st.booleans())]
        people.append(person)
    if is_bipartite:
        candidates = [(a, b) for a in range(left) for b in range(left, n)]
    else:
        candidates = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = (
        draw(st.lists(st.sampled_from(candidates), unique=True, max_size=max_pairs)) if candidates else []
    )
    pairs = []
    for a, b in chosen:
        required = False if uniform else draw(st.booleans())
        first, second = (a, b) if draw(st.booleans()) else (b, a)
        pairs.append((first, second, draw(WEIGHTS), required))
    tables = None if uniform else draw(st.one_of(st.none(), st.integers(0, 3)))
    data = instance(people, pairs, n_slots=n_slots, days=days, tables=tables)
    if not uniform and draw(st.booleans()):
        # Tables held by another round's meetings: some within 1..tables, some above it.
        data["tables_taken"] = {
            sid: draw(st.lists(st.integers(1, 4), unique=True, max_size=3))
            for sid in slot_ids
            if draw(st.booleans())
        }
    return data


MODES = ["onsite", "online", "either"]


def meets_somehow(mode_a: str, mode_b: str, rooms: int) -> bool:
    """The spec's rule: at a table when neither side is online only, online when there are rooms
    and neither side is on site only."""
    table = "online" not in (mode_a, mode_b)
    online = rooms > 0 and "onsite" not in (mode_a, mode_b)
    return table or online


@st.composite
def hybrid_rounds(draw, max_people=8, max_slots=5, max_pairs=14, **options):
    """Random valid hybrid rounds: the rounds above with participants' modes and online rooms;
    pairs that the modes forbid are dropped, so every round is valid."""
    data = draw(rounds(max_people=max_people, max_slots=max_slots, max_pairs=max_pairs, **options))
    rooms = draw(st.integers(0, 3))
    if rooms or draw(st.booleans()):
        data["online_rooms"] = rooms
    mode = {}
    for person in data["participants"]:
        choice = draw(st.sampled_from([None, *MODES]))
        if choice is not None:
            person["mode"] = choice
        mode[person["id"]] = choice or "onsite"
    data["pairs"] = [p for p in data["pairs"] if meets_somehow(mode[p["a"]], mode[p["b"]], rooms)]
    if rooms and not options.get("uniform") and draw(st.booleans()):
        # Rooms held by another round's online meetings: some within 1..online_rooms, some above.
        data["rooms_taken"] = {
            s["id"]: draw(st.lists(st.integers(1, 4), unique=True, max_size=2))
            for s in data["slots"]
            if draw(st.booleans())
        }
    return data
