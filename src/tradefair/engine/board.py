"""The timetable as bitsets, for the moves that follow the sweep: insertion, ejection, Kempe chains.

Each participant's availability and busy slots are Python integers used as bitsets (bit t = slot t),
so "a slot where both sides and a table are free" is three ANDs and a lowest-bit extraction however
many slots the round has.
"""

from __future__ import annotations

from itertools import islice

import numpy as np

from .instance import Instance

UNLIMITED = 1 << 40


class SlotCapacity:
    """What a hybrid slot can still take: counts of its table-only, online-only and either-way
    meetings against the tables and video rooms left in each slot. The three counts fit when table-only <= tables,
    online-only <= rooms and all of them <= tables + rooms: the either-way meetings then fill the
    tables and rooms left over, so the check is exact (no assignment needs to be searched)."""

    def __init__(self, tables: list[int], rooms: list[int]):
        self.tables = tables
        self.rooms = rooms
        self.count = [[0, 0, 0] for _ in tables]

    def fits(self, t: int, delta: tuple[int, int, int] = (0, 0, 0)) -> bool:
        c = self.count[t]
        table_only, room_only, either = c[0] + delta[0], c[1] + delta[1], c[2] + delta[2]
        return (
            table_only <= self.tables[t]
            and room_only <= self.rooms[t]
            and table_only + room_only + either <= self.tables[t] + self.rooms[t]
        )

    def excess(self, t: int) -> int:
        c = self.count[t]
        return (
            max(0, c[0] - self.tables[t])
            + max(0, c[1] - self.rooms[t])
            + max(0, sum(c) - self.tables[t] - self.rooms[t])
        )


def bits_of(row: np.ndarray) -> int:
    return int.from_bytes(np.packbits(row[::-1]).tobytes(), "big") >> ((-row.size) % 8)


def lowest(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def slots_in(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class Board:
    """Mutable placement state: slot of each placed pair, busy bitsets, tables left per slot."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.n_slots = instance.n_slots
        self.avail = [bits_of(row) for row in instance.available]
        self.busy = [0] * instance.n_people
        self.degree = [0] * instance.n_people
        self.max_meetings = instance.max_meetings.tolist()
        self.at: dict[tuple[int, int], int] = {}  # (person, slot) -> pair
        self.slot_of: dict[int, int] = {}  # pair -> slot
        self.in_slot: list[set[int]] = [set() for _ in range(instance.n_slots)]
        per_slot = instance.slot_tables()
        self.tables_left = [UNLIMITED] * self.n_slots if per_slot is None else per_slot.tolist()
        self.full = sum(1 << t for t, left in enumerate(self.tables_left) if left <= 0)
        # Hybrid rounds: each pair's kind (AT_TABLE, IN_ROOM, ANY_WAY), per-slot counts, and for each
        # kind the slots that cannot take one more meeting of it; `full` is then the slots that can
        # take no meeting at all. A round without online meetings keeps the single table counter.
        self.kind: list[int] | None = None
        if instance.hybrid:
            self.kind = instance.pair_kind().tolist()
            rooms = [max(0, k) for k in instance.slot_rooms()]
            self.capacity = SlotCapacity([max(0, k) for k in self.tables_left], rooms)
            self.tables_left = [k + r for k, r in zip(self.tables_left, rooms, strict=True)]
            self.full_of = [0, 0, 0]
            for t in range(self.n_slots):
                self._refresh(t)
        day = instance.slot_day
        self.same_day_before = sum(1 << t for t in range(1, self.n_slots) if day[t] == day[t - 1])
        self.same_day_after = sum(1 << t for t in range(self.n_slots - 1) if day[t] == day[t + 1])
        self.day_mask = [sum(1 << t for t in range(lo, hi)) for lo, hi in instance.day_ranges()]
        self.day_of_slot = day.tolist()
        self.a = instance.pair_a.tolist()
        self.b = instance.pair_b.tolist()

    # -- state changes -------------------------------------------------------------------------
    def place(self, pair: int, t: int) -> None:
        a, b, bit = self.a[pair], self.b[pair], 1 << t
        self.busy[a] |= bit
        self.busy[b] |= bit
        self.degree[a] += 1
        self.degree[b] += 1
        self.at[a, t] = pair
        self.at[b, t] = pair
        self.slot_of[pair] = t
        self.in_slot[t].add(pair)
        self.tables_left[t] -= 1
        if self.kind is not None:
            self.capacity.count[t][self.kind[pair]] += 1
            self._refresh(t)
        elif self.tables_left[t] == 0:
            self.full |= bit

    def _refresh(self, t: int) -> None:
        bit = 1 << t
        for k in range(3):
            step = (int(k == 0), int(k == 1), int(k == 2))
            if self.capacity.fits(t, step):
                self.full_of[k] &= ~bit
            else:
                self.full_of[k] |= bit
        self.full = self.full_of[2]  # nothing fits once an either-way meeting does not

    def _force_place(self, pair: int, t: int) -> None:
        """Place even if the slot's tables are exhausted; the caller restores the table limit."""
        self.place(pair, t)
        if self.kind is None and self.tables_left[t] <= 0:
            self.full |= 1 << t

    def remove(self, pair: int) -> int:
        t = self.slot_of.pop(pair)
        a, b, bit = self.a[pair], self.b[pair], 1 << t
        self.busy[a] &= ~bit
        self.busy[b] &= ~bit
        self.degree[a] -= 1
        self.degree[b] -= 1
        del self.at[a, t]
        del self.at[b, t]
        self.in_slot[t].discard(pair)
        self.tables_left[t] += 1
        if self.kind is not None:
            self.capacity.count[t][self.kind[pair]] -= 1
            self._refresh(t)
        elif self.tables_left[t] > 0:
            self.full &= ~bit
        return t

    # -- questions -----------------------------------------------------------------------------
    def free(self, person: int) -> int:
        return self.avail[person] & ~self.busy[person]

    def full_for(self, pair: int) -> int:
        """Slots that cannot take this pair's meeting: no table left (or, in a hybrid round, no
        table nor room in a way the pair may meet)."""
        return self.full if self.kind is None else self.full_of[self.kind[pair]]

    def open_slots(self, pair: int) -> int:
        """Slots where both sides are available and free and a table (or a room) is left."""
        return self.free(self.a[pair]) & self.free(self.b[pair]) & ~self.full_for(pair)

    def overflow(self, t: int) -> int:
        """How far slot t is over its capacity (0 when it fits), after forced placements."""
        if self.kind is None:
            return max(0, -self.tables_left[t])
        return self.capacity.excess(t)

    def relieves(self, t: int, pair: int) -> bool:
        """Whether removing `pair` from the overflowing slot t lowers its overflow."""
        if self.kind is None:
            return True
        count = self.capacity.count[t]
        before = self.capacity.excess(t)
        count[self.kind[pair]] -= 1
        after = self.capacity.excess(t)
        count[self.kind[pair]] += 1
        return after < before

    def fits_after(self, t: int, leaving: list[int], arriving: list[int]) -> bool:
        """Whether slot t holds its meetings once `leaving` go and `arriving` come."""
        if self.kind is None:
            return self.tables_left[t] + len(leaving) - len(arriving) >= 0
        delta = [0, 0, 0]
        for e in leaving:
            delta[self.kind[e]] -= 1
        for e in arriving:
            delta[self.kind[e]] += 1
        return self.capacity.fits(t, (delta[0], delta[1], delta[2]))

    def has_room(self, pair: int) -> bool:
        a, b = self.a[pair], self.b[pair]
        return self.degree[a] < self.max_meetings[a] and self.degree[b] < self.max_meetings[b]

    def idle_change(self, person: int, t: int, adding: bool = True) -> int:
        """How the person's idle slots change if a meeting is added at (or removed from) slot t."""
        day = self.day_mask[self.day_of_slot[t]]
        busy = self.busy[person] & day
        bit = 1 << t
        after = busy | bit if adding else busy & ~bit
        return self.idle_of(person, after) - self.idle_of(person, busy)

    def idle_of(self, person: int, busy: int) -> int:
        if busy == 0:
            return 0
        first = (busy & -busy).bit_length() - 1
        span = (1 << busy.bit_length()) - (1 << first)
        return (self.avail[person] & span & ~busy).bit_count()

    def best_slot(self, pair: int, options: int) -> int:
        """The option adding the fewest idle slots to both sides, earliest on ties."""
        a, b = self.a[pair], self.b[pair]
        best, best_cost = -1, None
        for t in slots_in(options):
            cost = self.idle_change(a, t) + self.idle_change(b, t)
            if best_cost is None or cost < best_cost:
                best, best_cost = t, cost
                if cost < 0:
                    break
        return best

    # -- moves ---------------------------------------------------------------------------------
    def insert(self, pair: int) -> bool:
        options = self.open_slots(pair)
        if not options:
            return False
        self.place(pair, self.best_slot(pair, options))
        return True

    def insert_with_ejection(self, pair: int, depth_budget: int = 64) -> bool:
        """Place `pair` by first moving one meeting that blocks it (a side's meeting, or a meeting
        holding the last table) to another slot where that meeting's sides are free."""
        if self.insert(pair):
            return True
        a, b = self.a[pair], self.b[pair]
        common = self.avail[a] & self.avail[b]
        tried = 0
        for t in slots_in(common):
            blockers = {self.at.get((a, t)), self.at.get((b, t))} - {None}
            if len(blockers) == 2:
                continue
            if not blockers and not (self.full_for(pair) >> t) & 1:
                continue
            candidates = list(blockers) if blockers else list(islice(self.in_slot[t], depth_budget))
            for other in candidates:
                tried += 1
                if tried > depth_budget:
                    return False
                self.remove(other)
                options = self.open_slots(other) & ~(1 << t)
                if options and (self.open_slots(pair) >> t) & 1:
                    self.place(other, self.best_slot(other, options))
                    self.place(pair, t)
                    return True
                self.place(other, t)
        return False

    def kempe_chain(self, start: int, t: int, u: int) -> list[int] | None:
        """The meetings reached from `start` (in slot t) alternating between slots t and u. Swapping
        their slots keeps everybody to one meeting per slot; None if availability forbids it."""
        chain = [start]
        a, b = self.a[start], self.b[start]
        ends = [a, b]
        slots = [t, u]
        for end in ends:
            current, here = end, 0
            while True:
                nxt = self.at.get((current, slots[1 - here]))
                if nxt is None or nxt in chain:
                    break
                chain.append(nxt)
                if len(chain) > 200:
                    return None
                current = self.b[nxt] if self.a[nxt] == current else self.a[nxt]
                here = 1 - here
        both = (1 << t) | (1 << u)
        for e in chain:
            if (self.avail[self.a[e]] & both) != both or (self.avail[self.b[e]] & both) != both:
                return None
        return chain

    def insert_by_displacement(self, pair: int, may_evict, cost) -> list[int] | None:
        """Place `pair` in the slot where the meetings in its way (each side's meeting there, and one
        meeting giving up its table if the slot is full) are cheapest to drop, if `may_evict` allows
        dropping all of them. Returns the dropped meetings, or None if no slot qualifies."""
        a, b = self.a[pair], self.b[pair]
        best, best_cost = None, None
        for t in slots_in(self.avail[a] & self.avail[b]):
            victims = {self.at.get((a, t)), self.at.get((b, t))} - {None}
            if any(not may_evict(e) for e in victims):
                continue
            if not self.fits_after(t, list(victims), [pair]):
                table_victims = [
                    e
                    for e in islice(self.in_slot[t], 64)
                    if e not in victims
                    and may_evict(e)
                    and (self.kind is None or self.fits_after(t, [*victims, e], [pair]))
                ]
                if not table_victims:
                    continue
                victims.add(min(table_victims, key=cost))
            total = sum(cost(e) for e in victims)
            if best_cost is None or total < best_cost:
                best, best_cost = (t, victims), total
        if best is None:
            return None
        t, victims = best
        for e in victims:
            self.remove(e)
        self.place(pair, t)
        return list(victims)
