"""Fifty people reach for the last of something at the same instant, on PostgreSQL: the
booth, the table of a slot, the seat of a session. Exactly one gets it."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, connections

from tests.factories import BoothFactory, ExhibitorFactory, ExpoFactory, ParticipantFactory, UserFactory
from tests.program.factories import SessionFactory
from tradefair.catalog.domain.booths import assign_booth
from tradefair.catalog.models import BoothAssignment
from tradefair.common.errors import DomainError
from tradefair.matchmaking.models import Meeting, Round, Slot
from tradefair.program.domain.signup import sign_up
from tradefair.program.models import SessionSignup, SignupStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent writers are tested"
    ),
]

ATTEMPTS = 50


def _all_at_once(attempt, arguments) -> tuple[int, list[Exception]]:
    """Run ``attempt`` for each argument in its own thread and connection, released
    together; count the successes and keep the refusals."""
    start = threading.Barrier(len(arguments))
    successes, refusals, lock = [], [], threading.Lock()

    def run(argument):
        try:
            start.wait()
            attempt(argument)
            with lock:
                successes.append(argument)
        except Exception as error:  # noqa: BLE001 - every refusal is inspected below
            with lock:
                refusals.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(successes), refusals


def test_one_booth_goes_to_exactly_one_of_fifty_exhibitors():
    expo = ExpoFactory()
    booth = BoothFactory(hall__expo=expo)
    organiser = UserFactory(is_staff=True)
    exhibitors = [ExhibitorFactory(expo=expo) for _ in range(ATTEMPTS)]

    taken, refusals = _all_at_once(lambda exhibitor: assign_booth(booth, exhibitor, by=organiser), exhibitors)

    assert taken == 1
    assert {getattr(error, "code", repr(error)) for error in refusals} == {"booth_taken"}
    assert BoothAssignment.objects.filter(booth=booth).count() == 1


def test_the_last_table_of_a_slot_holds_one_meeting():
    expo = ExpoFactory()
    round_ = Round.objects.create(expo=expo, name="Day 1", tables=1)
    starts = dt.datetime(2019, 8, 23, 1, 0, tzinfo=dt.UTC)
    slot = Slot.objects.create(round=round_, starts_at=starts, ends_at=starts + dt.timedelta(minutes=20))
    pairs = [(ParticipantFactory(expo=expo), ParticipantFactory(expo=expo)) for _ in range(ATTEMPTS)]

    def book(pair):
        Meeting.objects.create(round=round_, requester=pair[0], counterpart=pair[1], slot=slot, table=1)

    taken, refusals = _all_at_once(book, pairs)

    assert taken == 1
    assert all(isinstance(error, IntegrityError) for error in refusals) and len(refusals) == ATTEMPTS - 1
    assert Meeting.objects.filter(slot=slot, table=1).count() == 1


def test_the_last_seat_of_a_session_goes_to_one_the_rest_wait_in_order():
    session = SessionFactory(capacity=1)
    people = [ParticipantFactory(expo=session.event.expo) for _ in range(ATTEMPTS)]

    taken, refusals = _all_at_once(lambda person: sign_up(session, participant=person), people)

    assert (taken, refusals) == (ATTEMPTS, [])
    statuses = list(SessionSignup.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(SignupStatus.CONFIRMED) == 1
    assert statuses.count(SignupStatus.WAITING) == ATTEMPTS - 1


def test_domain_errors_are_not_hidden_by_the_harness():
    """The harness reports refusals instead of swallowing them."""
    taken, refusals = _all_at_once(lambda n: (_ for _ in ()).throw(DomainError("nope", "no")), [1, 2])
    assert taken == 0 and [error.code for error in refusals] == ["nope", "nope"]
