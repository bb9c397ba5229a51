import threading

import pytest
from django.db import connection, connections

from tests.factories import ParticipantFactory
from tests.program.factories import SessionFactory
from tradefair.program.domain.signup import sign_up
from tradefair.program.models import SessionSignup, SignupStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are what is tested"),
]


def test_concurrent_sign_ups_never_overfill_a_session():
    session = SessionFactory(capacity=3)
    people = [ParticipantFactory(expo=session.event.expo) for _number in range(8)]
    start = threading.Barrier(len(people))
    errors = []

    def take_seat(person):
        try:
            start.wait()
            sign_up(session, participant=person)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_seat, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(SessionSignup.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(SignupStatus.CONFIRMED) == 3
    assert statuses.count(SignupStatus.WAITING) == 5
