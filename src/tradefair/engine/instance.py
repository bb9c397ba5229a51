"""A matchmaking round as arrays: the instance file of spec/matchmaking.md, parsed and checked.

Parsing takes the fast path first (list comprehensions over the decoded JSON, then NumPy), and only
when that path trips over a malformed entry does it walk the entries one by one to name the culprit:
a 600,000-pair file is read in about a second, and an invalid one still gets a precise message.
"""

from __future__ import annotations

import gc
import gzip
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

INSTANCE_FORMAT = "tradefair-instance/1"
MODES = ("onsite", "online", "either")  # participants[].mode, numbered 0, 1, 2 in Instance.mode
ONSITE, ONLINE, EITHER = 0, 1, 2
# How a pair may be held (Instance.pair_kind): at a table only, online only, or either way.
AT_TABLE, IN_ROOM, ANY_WAY = 0, 1, 2


class InvalidInstance(ValueError):
    """The instance breaks the file contract; the message names the offending entry on one line."""


@dataclass(frozen=True, eq=False)
class Instance:
    """One round. Participants and slots are numbered in file order; pairs keep their file order and
    their `a`/`b` orientation (which carries no meaning, but is echoed back in the schedule)."""

    name: str
    slot_ids: list[Any]
    slot_day: np.ndarray  # int32[n_slots]: index of the slot's day, days numbered in order of appearance
    tables: int | None
    person_ids: list[Any]
    max_meetings: np.ndarray  # int32[n_people]
    min_meetings: np.ndarray  # int32[n_people]
    available: np.ndarray  # bool[n_people, n_slots]
    pair_a: np.ndarray  # int32[n_pairs]
    pair_b: np.ndarray  # int32[n_pairs]
    weight: np.ndarray  # float64[n_pairs]
    required: np.ndarray  # bool[n_pairs]
    # slot -> table numbers held in that slot by meetings outside the instance (another round's,
    # pinned ones); only slots with a taken table appear.
    tables_taken: dict[int, frozenset[int]] = field(default_factory=dict)
    # Hybrid rounds: the most online meetings per slot (0: none), and each participant's mode
    # (ONSITE, ONLINE, EITHER); None when the file gives no mode, which means everybody on site.
    online_rooms: int = 0
    mode: np.ndarray | None = None  # int8[n_people]
    # slot -> video room numbers held in that slot by online meetings outside the instance.
    rooms_taken: dict[int, frozenset[int]] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_people(self) -> int:
        return len(self.person_ids)

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    @property
    def n_pairs(self) -> int:
        return int(self.pair_a.size)

    @property
    def n_days(self) -> int:
        return int(self.slot_day.max()) + 1 if self.slot_day.size else 0

    def slot_tables(self) -> np.ndarray | None:
        """int64[n_slots]: the most meetings each slot can still hold, the `tables` less those of them
        taken by meetings outside the instance (taken numbers above `tables` take nothing from it);
        None without a table limit."""
        if "slot_tables" not in self._cache:
            if self.tables is None:
                self._cache["slot_tables"] = None
            else:
                left = np.full(self.n_slots, self.tables, dtype=np.int64)
                for t, taken in self.tables_taken.items():
                    left[t] -= sum(1 for k in taken if k <= self.tables)
                self._cache["slot_tables"] = left
        return self._cache["slot_tables"]

    def slot_rooms(self) -> list[int]:
        """The most online meetings each slot can still hold: `online_rooms` less those of them taken
        by online meetings outside the instance (numbers above `online_rooms` take nothing from it)."""
        if "slot_rooms" not in self._cache:
            left = [self.online_rooms] * self.n_slots
            for t, taken in self.rooms_taken.items():
                left[t] -= sum(1 for k in taken if k <= self.online_rooms)
            self._cache["slot_rooms"] = left
        return self._cache["slot_rooms"]

    @property
    def hybrid(self) -> bool:
        """Whether some pair may meet online; without one the round is scheduled exactly as before
        online meetings existed, so an old instance gives the same schedule."""
        return bool((self.pair_kind() != AT_TABLE).any()) if self.n_pairs else False

    def pair_kind(self) -> np.ndarray:
        """int8[n_pairs]: AT_TABLE when the pair can only meet at a table (neither side online only,
        or no rooms), IN_ROOM when only online (a side online only), ANY_WAY when both can (rooms,
        and neither side on site only). The parser has rejected pairs that can meet neither way."""
        if "kind" not in self._cache:
            kind = np.zeros(self.n_pairs, dtype=np.int8)
            if self.mode is not None and self.online_rooms > 0:
                ma, mb = self.mode[self.pair_a], self.mode[self.pair_b]
                table = (ma != ONLINE) & (mb != ONLINE)
                online = (ma != ONSITE) & (mb != ONSITE)
                kind[online & ~table] = IN_ROOM
                kind[online & table] = ANY_WAY
            self._cache["kind"] = kind
        return self._cache["kind"]

    def common_slots(self) -> np.ndarray:
        """int32[n_pairs]: in how many slots both sides of each pair are available."""
        if "common" not in self._cache:
            counts = np.zeros(self.n_pairs, dtype=np.int32)
            for lo in range(0, self.n_pairs, 1 << 18):
                hi = min(lo + (1 << 18), self.n_pairs)
                both = self.available[self.pair_a[lo:hi]] & self.available[self.pair_b[lo:hi]]
                counts[lo:hi] = both.sum(axis=1)
            self._cache["common"] = counts
        return self._cache["common"]

    def feasible_pairs(self) -> np.ndarray:
        """bool[n_pairs]: pairs that can be met at all (both sides share an available slot)."""
        return self.common_slots() > 0

    def degree_cap(self) -> np.ndarray:
        """int64[n_people]: the most meetings a participant can hold, min(max_meetings, available slots,
        feasible pairs). Every valid schedule respects it, so selection and bounds may use it."""
        if "cap" not in self._cache:
            feasible = self.feasible_pairs()
            incident = np.bincount(self.pair_a[feasible], minlength=self.n_people) + np.bincount(
                self.pair_b[feasible], minlength=self.n_people
            )
            cap = np.minimum(self.max_meetings.astype(np.int64), self.available.sum(axis=1))
            self._cache["cap"] = np.minimum(cap, incident).astype(np.int64)
        return self._cache["cap"]

    def day_ranges(self) -> list[tuple[int, int]]:
        """[lo, hi) slot ranges of each day; slots come in time order, so a day is contiguous."""
        if "days" not in self._cache:
            bounds = np.flatnonzero(np.diff(self.slot_day)) + 1
            edges = [0, *bounds.tolist(), self.n_slots]
            self._cache["days"] = [
                (edges[i], edges[i + 1]) for i in range(len(edges) - 1) if edges[i + 1] > edges[i]
            ]
        return self._cache["days"]


@contextmanager
def no_cyclic_gc():
    """Decoding builds millions of small dicts and the solver millions of small tuples, none of them
    cyclic; left on, the cyclic collector rescans them all again and again (on a 4-million-pair
    file it triples the reading time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_instance(path: str | Path) -> Instance:
    """Read an instance from `.json` or `.json.gz` (orjson) and check it against the contract."""
    with no_cyclic_gc():
        return _load(Path(path))


def _load(path: Path) -> Instance:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise InvalidInstance(f"{path.name}: not gzip-compressed JSON ({error})") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise InvalidInstance(f"{path.name}: not valid JSON ({error})") from None
    del raw
    return parse_instance(data)


def _describe(value: Any) -> str:
    text = orjson.dumps(value).decode() if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) or _is_int(value)


def _parse_slots(data: dict) -> tuple[list[Any], np.ndarray]:
    slots = data.get("slots")
    if not isinstance(slots, list):
        raise InvalidInstance("slots: missing or not a list")
    slot_ids: list[Any] = []
    days: list[int] = []
    day_index: dict[Any, int] = {}
    seen: set[Any] = set()
    for i, slot in enumerate(slots):
        if not isinstance(slot, dict) or not _is_id(slot.get("id")):
            raise InvalidInstance(f"slots[{i}]: needs an 'id' (string)")
        sid = slot["id"]
        if sid in seen:
            raise InvalidInstance(f"slots[{i}] {_describe(sid)}: slot id appears twice")
        seen.add(sid)
        day = slot.get("day")
        if not _is_id(day):
            raise InvalidInstance(f"slots[{i}] {_describe(sid)}: needs a 'day'")
        if days and day != slots[i - 1]["day"] and day in day_index:
            raise InvalidInstance(
                f"slots[{i}] {_describe(sid)}: day {_describe(day)} is not contiguous (slots go in time order)"
            )
        days.append(day_index.setdefault(day, len(day_index)))
        slot_ids.append(sid)
    return slot_ids, np.asarray(days, dtype=np.int32)


def _parse_participants(
    data: dict, slot_index: dict[Any, int]
) -> tuple[list[Any], np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    people = data.get("participants")
    if not isinstance(people, list):
        raise InvalidInstance("participants: missing or not a list")
    n, n_slots = len(people), len(slot_index)
    ids: list[Any] = []
    max_meetings = np.empty(n, dtype=np.int32)
    min_meetings = np.zeros(n, dtype=np.int32)
    available = np.ones((n, n_slots), dtype=bool)
    mode = np.zeros(n, dtype=np.int8)
    any_mode = False
    seen: set[Any] = set()
    for i, person in enumerate(people):
        if not isinstance(person, dict) or not _is_id(person.get("id")):
            raise InvalidInstance(f"participants[{i}]: needs an 'id' (string)")
        pid = person["id"]
        where = f"participants[{i}] {_describe(pid)}"
        if pid in seen:
            raise InvalidInstance(f"{where}: participant id appears twice")
        seen.add(pid)
        high = person.get("max_meetings")
        if not _is_int(high) or high <= 0:
            raise InvalidInstance(f"{where}: max_meetings must be a positive integer, not {_describe(high)}")
        low = person.get("min_meetings", 0)
        if not _is_int(low) or low < 0 or low > high:
            raise InvalidInstance(
                f"{where}: min_meetings must be an integer from 0 to max_meetings ({high}), not {_describe(low)}"
            )
        slots = person.get("available")
        if slots is not None:
            if not isinstance(slots, list):
                raise InvalidInstance(f"{where}: available must be a list of slot ids")
            row = np.zeros(n_slots, dtype=bool)
            for sid in slots:
                j = slot_index.get(sid) if _is_id(sid) else None
                if j is None:
                    raise InvalidInstance(f"{where}: available names unknown slot {_describe(sid)}")
                row[j] = True
            available[i] = row
        if "mode" in person:
            if person["mode"] not in MODES:
                raise InvalidInstance(
                    f"{where}: mode must be one of {', '.join(repr(m) for m in MODES)}, not {_describe(person['mode'])}"
                )
            mode[i] = MODES.index(person["mode"])
            any_mode = True
        ids.append(pid)
        max_meetings[i] = min(high, 2**31 - 1)
        min_meetings[i] = min(low, 2**31 - 1)
    return ids, max_meetings, min_meetings, available, (mode if any_mode else None)


def _parse_taken(
    data: dict, slot_index: dict[Any, int], key: str = "tables_taken", noun: str = "table"
) -> dict[int, frozenset[int]]:
    """`tables_taken` (or `rooms_taken`): numbers above `tables` (`online_rooms`) are accepted:
    another round may have had more, and holding one this round never uses takes nothing from it."""
    taken = data.get(key)
    if taken is None:
        return {}
    if not isinstance(taken, dict):
        raise InvalidInstance(f"{key}: must be an object of slot id -> list of {noun} numbers")
    result: dict[int, frozenset[int]] = {}
    for sid, numbers in taken.items():
        where = f"{key}[{_describe(sid)}]"
        t = slot_index.get(sid)
        if t is None:
            # JSON object keys are strings; a file with integer slot ids names them "7".
            t = next((j for key, j in slot_index.items() if _is_int(key) and str(key) == sid), None)
        if t is None:
            raise InvalidInstance(f"{where}: unknown slot {_describe(sid)}")
        if not isinstance(numbers, list):
            raise InvalidInstance(f"{where}: must be a list of {noun} numbers")
        seen: set[int] = set()
        for k in numbers:
            if not _is_int(k) or k < 1:
                raise InvalidInstance(f"{where}: {_describe(k)} is not a {noun} number (1 upwards)")
            if k in seen:
                raise InvalidInstance(f"{where}: {noun} {k} appears twice")
            seen.add(k)
        if seen:
            result[t] = frozenset(seen)
    return result


def _pair_problem(i: int, pair: Any, person_index: dict[Any, int]) -> str | None:
    """The message for one malformed pair, or None if the pair is well formed."""
    if not isinstance(pair, dict):
        return f"pairs[{i}]: not an object"
    a, b = pair.get("a"), pair.get("b")
    where = f"pairs[{i}] ({_describe(a)}, {_describe(b)})"
    for side in (a, b):
        if not _is_id(side) or side not in person_index:
            return f"{where}: unknown participant {_describe(side)}"
    if a == b:
        return f"{where}: a participant cannot meet itself"
    w = pair.get("weight")
    if not (_is_int(w) or isinstance(w, float)) or not math.isfinite(w) or w < 0:
        return f"{where}: weight must be a finite number >= 0, not {_describe(w)}"
    if not isinstance(pair.get("required", False), bool):
        return f"{where}: required must be true or false"
    return None


def _parse_pairs(
    data: dict, person_index: dict[Any, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    pairs = data.get("pairs")
    if not isinstance(pairs, list):
        raise InvalidInstance("pairs: missing or not a list")
    try:
        a = np.fromiter((person_index[p["a"]] for p in pairs), dtype=np.int32, count=len(pairs))
        b = np.fromiter((person_index[p["b"]] for p in pairs), dtype=np.int32, count=len(pairs))
        weights = [p["weight"] for p in pairs]
        required_raw = [p.get("required", False) for p in pairs]
        well_typed = all(type(w) is float or type(w) is int for w in weights) and all(
            type(r) is bool for r in required_raw
        )
        weight = np.asarray(weights, dtype=np.float64) if well_typed else None
        if well_typed and any(_is_int(pid) for pid in person_index):
            # A dict finds the id 1 under True and 1.0 too; the contract wants the id itself.
            well_typed = all(_is_id(p["a"]) and _is_id(p["b"]) for p in pairs)
    except (KeyError, TypeError, AttributeError, OverflowError):
        well_typed, weight = False, None
    if not well_typed or a[a == b].size or not np.all(np.isfinite(weight)) or np.any(weight < 0):
        for i, pair in enumerate(pairs):
            problem = _pair_problem(i, pair, person_index)
            if problem:
                raise InvalidInstance(problem)
        raise InvalidInstance("pairs: malformed entry")
    required = np.asarray(required_raw, dtype=bool)
    low, high = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    key = low * len(person_index) + high
    order = np.argsort(key, kind="stable")
    repeated = np.flatnonzero(key[order][1:] == key[order][:-1])
    if repeated.size:
        second = int(order[1:][repeated].min())
        first = int(order[np.flatnonzero(key[order] == key[second])[0]])
        pair = pairs[second]
        raise InvalidInstance(
            f"pairs[{second}] ({_describe(pair['a'])}, {_describe(pair['b'])}): pair appears twice (first as pairs[{first}])"
        )
    return a, b, weight, required


def _check_ways(
    data: dict, pair_a: np.ndarray, pair_b: np.ndarray, mode: np.ndarray | None, online_rooms: int
) -> None:
    """A pair must be meetable at a table (neither side online only) or online (rooms, and neither
    side on site only); one that is neither is rejected like a pair naming an unknown participant."""
    if mode is None:
        return
    ma, mb = mode[pair_a], mode[pair_b]
    table = (ma != ONLINE) & (mb != ONLINE)
    online = (ma != ONSITE) & (mb != ONSITE) & (online_rooms > 0)
    bad = np.flatnonzero(~table & ~online)
    if bad.size:
        i = int(bad[0])
        pair = data["pairs"][i]
        where = f"pairs[{i}] ({_describe(pair['a'])}, {_describe(pair['b'])})"
        if online_rooms <= 0:
            raise InvalidInstance(
                f"{where}: an online-only participant needs online_rooms, and the round has none"
            )
        raise InvalidInstance(
            f"{where}: cannot meet at a table (a side is online only) nor online (a side is on site only)"
        )


def parse_instance(data: Any) -> Instance:
    """Check decoded JSON against the instance contract and turn it into arrays.

    Raises InvalidInstance naming the first offending entry: a repeated slot, participant or pair,
    a pair naming an unknown participant or a participant with itself, an unknown slot id, a
    negative, NaN or infinite weight, a min_meetings outside 0..max_meetings, a tables_taken or
    rooms_taken entry naming an unknown slot or something other than distinct numbers from 1 upwards, an
    online_rooms that is not a non-negative integer, a mode other than onsite/online/either, a pair
    that can be met neither at a table nor online."""
    if not isinstance(data, dict):
        raise InvalidInstance("instance: the file must hold a JSON object")
    if data.get("format", INSTANCE_FORMAT) != INSTANCE_FORMAT:
        raise InvalidInstance(f"format: expected {INSTANCE_FORMAT!r}, not {_describe(data.get('format'))}")
    tables = data.get("tables")
    if tables is not None and (not _is_int(tables) or tables < 0):
        raise InvalidInstance(f"tables: must be a non-negative integer, not {_describe(tables)}")
    online_rooms = data.get("online_rooms", 0)
    if online_rooms is None:
        online_rooms = 0
    if not _is_int(online_rooms) or online_rooms < 0:
        raise InvalidInstance(f"online_rooms: must be a non-negative integer, not {_describe(online_rooms)}")
    slot_ids, slot_day = _parse_slots(data)
    slot_index = {sid: j for j, sid in enumerate(slot_ids)}
    person_ids, max_meetings, min_meetings, available, mode = _parse_participants(data, slot_index)
    tables_taken = _parse_taken(data, slot_index)
    rooms_taken = _parse_taken(data, slot_index, "rooms_taken", "room")
    person_index = {pid: i for i, pid in enumerate(person_ids)}
    pair_a, pair_b, weight, required = _parse_pairs(data, person_index)
    _check_ways(data, pair_a, pair_b, mode, online_rooms)
    name = data.get("name")
    return Instance(
        name=name if isinstance(name, str) else "",
        slot_ids=slot_ids,
        slot_day=slot_day,
        tables=tables,
        person_ids=person_ids,
        max_meetings=max_meetings,
        min_meetings=min_meetings,
        available=available,
        pair_a=pair_a,
        pair_b=pair_b,
        weight=weight,
        required=required,
        tables_taken=tables_taken,
        online_rooms=online_rooms,
        mode=mode,
        rooms_taken=rooms_taken,
    )
