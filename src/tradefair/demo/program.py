"""Speakers for the demo programme, taken from the participants the demo gave the
speaker role, two or three per session."""

from django.db import transaction

from tradefair.expos.models import Expo
from tradefair.people.models import Participant, Role
from tradefair.program.models import Session, Speaker

INTERPRETATION = ["zh-hans", "en", "ja", "ko", "ru"]


def add_demo_speakers(expo: Expo) -> int:
    """Idempotent: an expo that has speakers already is left alone. Returns speakers made."""
    if Speaker.objects.filter(expo=expo).exists():
        return 0
    people = list(
        Participant.objects.filter(expo=expo, roles__role=Role.SPEAKER)
        .select_related("organisation")
        .order_by("id")
    )
    sessions = list(Session.objects.filter(event__expo=expo).order_by("starts_at", "id"))
    if not people or not sessions:
        return 0
    with transaction.atomic():
        speakers = Speaker.objects.bulk_create(
            [
                Speaker(
                    expo=expo,
                    participant=person,
                    name=person.name,
                    name_latin=person.name_latin,
                    position=person.organisation.name.data if person.organisation else {},
                    bio={
                        "en": f"{person.name_latin or person.name} represents "
                        f"{person.organisation.legal_name if person.organisation else 'a delegation'} "
                        "and speaks on cooperation in Northeast Asia.",
                    },
                )
                for person in people
            ]
        )
        for index, session in enumerate(sessions):
            chosen = [speakers[(index * 2 + k) % len(speakers)] for k in range(2 + index % 2)]
            session.speakers.set(chosen)
            session.interpretation = [code for code in INTERPRETATION if code != session.language]
            session.save(update_fields=["interpretation"])
    return len(speakers)
