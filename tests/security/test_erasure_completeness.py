"""Erasure as an attack surface (issue #19): after a person is erased, a copy of the
database must not name them anywhere. Django's admin log kept the name
(django_admin_log.object_repr); this test reads every table of the database with
plain SQL, so that no model, field or log is left out."""

import datetime as dt
import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import RequestFactory

from tests.factories import UserFactory
from tests.people.test_personal_data import LI_TRACES, build_world
from tradefair.matchmaking.models import Meeting
from tradefair.onsite.models import InvitationLetter
from tradefair.people.domain.personal_data import erase_personal_data
from tradefair.people.domain.retention import purge_expired
from tradefair.people.models import Participant

pytestmark = pytest.mark.django_db(transaction=False)

PHONE = "+86 431 8888 1234"
TRACES = (*LI_TRACES, PHONE, "Bring the passport")


def _every_table_as_text() -> str:
    """Every value of every row of every table, as text; JSON as stored and unescaped
    (Django writes non-ASCII letters as \\uXXXX), bytes decoded."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if value is None:
                        continue
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("utf-8", "replace")
                    elif isinstance(value, dict | list):
                        value = json.dumps(value, ensure_ascii=False)
                    parts.append(str(value))
                    if isinstance(value, str) and "\\u" in value:
                        try:
                            parts.append(json.dumps(json.loads(value), ensure_ascii=False))
                        except ValueError:
                            parts.append(value.encode().decode("unicode_escape", "replace"))
    return "\n".join(parts).casefold()


def _found(traces=TRACES) -> list[str]:
    dump = _every_table_as_text()
    return [trace for trace in traces if trace.casefold() in dump]


def _admin_edits(world):
    """What platform staff leave in the admin log by editing the person's records."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().post("/admin/")
    request.user = staff
    participant = world["li_p"]
    participant_admin = admin.site._registry[Participant]
    participant_admin.log_addition(request, participant, [{"added": {}}])
    participant_admin.log_change(
        request,
        participant,
        [
            {"changed": {"fields": ["Name"]}},
            {"added": {"name": "role", "object": f"{participant.name} speaker"}},
        ],
    )
    meeting = Meeting.objects.get(requester=participant)
    participant_admin.log_change(request, meeting, [{"changed": {"fields": ["Outcome note"]}}])
    letter = InvitationLetter.objects.get(participant=participant)
    participant_admin.log_change(request, letter, f"passport {letter.passport_number}")
    participant_admin.log_change(request, world["li"], [{"changed": {"fields": ["Email address"]}}])
    exhibitor = participant.organisation.exhibitions.get()
    exhibitor.contact_phone = PHONE
    exhibitor.save()
    return staff


def test_the_admin_log_names_the_person_before_erasure():
    world = build_world()
    _admin_edits(world)

    assert "李伟" in LogEntry.objects.values_list("object_repr", flat=True)


def test_after_erasure_no_table_of_the_database_names_the_person():
    world = build_world()
    _admin_edits(world)
    assert _found() == list(TRACES)

    erase_personal_data(world["li"], by=world["li"])

    assert _found() == []
    # The admin log keeps what was done, to which object, by whom.
    reprs = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert f"Erased participant {world['li_p'].pk}" in reprs
    assert f"erased-{world['li'].pk}" in reprs
    assert LogEntry.objects.count() == 5


def test_after_the_retention_purge_no_table_names_the_person():
    world = build_world()
    _admin_edits(world)
    world["expo"].personal_data_retention_days = 30
    world["expo"].save()

    purge_expired(dt.date(2026, 1, 1))

    assert _found() == []


def test_the_other_persons_in_the_log_keep_their_names():
    world = build_world()
    _admin_edits(world)

    erase_personal_data(world["li"], by=world["li"])

    assert _found(["Ana Petrova", "ana@example.com", "Vladivostok Foods"]) == [
        "Ana Petrova",
        "ana@example.com",
        "Vladivostok Foods",
    ]
