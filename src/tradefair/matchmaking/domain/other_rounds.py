"""What the other rounds of an expo already hold when one round is (re)scheduled: the pairs
that met or are scheduled, the times each person is booked, and the tables in use.

Rounds of one expo share the hall's tables and the people's days, but not their slot
grids: a morning round of 20-minute slots and an afternoon round of 30-minute slots on
the same day have different slot ids. So everything here is kept as time ranges, and a
slot of the round being scheduled is compared with them by overlap, never by slot id."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from tradefair.matchmaking.models import Meeting, MeetingStatus

# Meetings that hold a table and both people's time: a cancelled one frees them.
ACTIVE = (MeetingStatus.CONFIRMED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)

Span = tuple[dt.datetime, dt.datetime]


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@dataclass
class OtherRounds:
    """The active meetings of an expo's other rounds, indexed for overlap questions."""

    met: dict[tuple[int, int], dict] = field(default_factory=dict)  # pair -> {"round", "created"}
    busy: dict[int, list[Span]] = field(default_factory=lambda: defaultdict(list))
    tables: dict[Span, set[int]] = field(default_factory=lambda: defaultdict(set))
    # Video rooms of online meetings: the media server is the expo's, shared like the hall.
    rooms: dict[Span, set[int]] = field(default_factory=lambda: defaultdict(set))
    _spans: list[Span] = field(default_factory=list)

    def index(self) -> OtherRounds:
        self._spans = sorted(set(self.tables) | set(self.rooms))
        return self

    def _held(self, places: dict[Span, set[int]], starts: dt.datetime, ends: dt.datetime) -> set[int]:
        taken: set[int] = set()
        # Spans are sorted by start; none starting at or after `ends` can overlap.
        for s, e in self._spans[: bisect_left(self._spans, (ends, ends))]:
            if starts < e and (s, e) in places:
                taken |= places[s, e]
        return taken

    def tables_taken(self, starts: dt.datetime, ends: dt.datetime) -> set[int]:
        """Tables held by other rounds' meetings in any time range overlapping [starts, ends)."""
        return self._held(self.tables, starts, ends)

    def rooms_taken(self, starts: dt.datetime, ends: dt.datetime) -> set[int]:
        """Video rooms held by other rounds' online meetings in a time range overlapping [starts, ends)."""
        return self._held(self.rooms, starts, ends)

    def is_busy(self, person: int, starts: dt.datetime, ends: dt.datetime) -> bool:
        return any(s < ends and starts < e for s, e in self.busy.get(person, ()))


def other_rounds(round_) -> OtherRounds:
    """The active meetings of every other round of the round's expo."""
    found = OtherRounds()
    rows = (
        Meeting.objects.filter(round__expo_id=round_.expo_id, status__in=ACTIVE)
        .exclude(round_id=round_.pk)
        .values_list(
            "requester_id",
            "counterpart_id",
            "slot__starts_at",
            "slot__ends_at",
            "table",
            "room",
            "round__name",
            "created_at",
        )
        .order_by("created_at")
    )
    for a, b, starts, ends, table, room, round_name, created in rows.iterator(chunk_size=5000):
        found.met[pair_key(a, b)] = {"round": round_name, "created": created}
        found.busy[a].append((starts, ends))
        found.busy[b].append((starts, ends))
        if room is not None:
            found.rooms[starts, ends].add(room)
        else:
            found.tables[starts, ends].add(table)
    return found.index()
