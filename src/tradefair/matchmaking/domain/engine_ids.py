"""The names a round's participants and slots carry in the engine's files, and the database rows
they stand for.

The engine's instance and schedule files (spec/matchmaking.md) name participants and slots by
string ids. The platform writes `p<pk>` and `s<pk>` so that a person reading a downloaded file
can find the row, but it never reads a row back out of such a string: a schedule's ids are looked
up in the mapping kept with the instance, and an id the mapping does not hold is unknown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tradefair.people.models import Participant


def participant_id(pk: int) -> str:
    return f"p{pk}"


def slot_id(pk: int) -> str:
    return f"s{pk}"


@dataclass(frozen=True)
class EngineIds:
    """engine id -> primary key, for the participants and the slots of one instance."""

    participants: dict[str, int] = field(default_factory=dict)
    slots: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, participant_pks: Iterable[int], slot_pks: Iterable[int]) -> EngineIds:
        return cls(
            participants={participant_id(pk): pk for pk in participant_pks},
            slots={slot_id(pk): pk for pk in slot_pks},
        )

    @classmethod
    def for_instance(cls, round_, instance: dict) -> EngineIds:
        """The mapping of a stored instance: its ids matched against the round's slots and the
        expo's participants as they are now (a participant deleted since is no longer known)."""
        named = {p.get("id") for p in instance.get("participants", ()) if isinstance(p, dict)}
        everyone = Participant.objects.filter(expo_id=round_.expo_id).values_list("pk", flat=True)
        found = cls.of(everyone.iterator(chunk_size=5000), round_.slots.values_list("pk", flat=True))
        return cls(
            participants={pid: pk for pid, pk in found.participants.items() if pid in named},
            slots=found.slots,
        )

    def participant(self, engine_id) -> int | None:
        return self.participants.get(engine_id) if isinstance(engine_id, str) else None

    def slot(self, engine_id) -> int | None:
        return self.slots.get(engine_id) if isinstance(engine_id, str) else None
