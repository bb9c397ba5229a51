import datetime as dt

import pytest

from tests.factories import ParticipantFactory
from tests.program.factories import SessionFactory
from tradefair.common.errors import DomainError
from tradefair.people.models import RegistrationStatus
from tradefair.program.domain.signup import cancel_signup, change_capacity, sign_up, waiting_position
from tradefair.program.models import SessionSignup, SignupStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionFactory(capacity=2)


def _people(session, count):
    return [ParticipantFactory(expo=session.event.expo) for _number in range(count)]


def _statuses(session):
    return {signup.participant_id: signup.status for signup in SessionSignup.objects.filter(session=session)}


def test_seats_are_given_until_the_capacity_then_people_wait_in_order(session):
    people = _people(session, 4)
    signups = [sign_up(session, participant=person) for person in people]

    assert [s.status for s in signups] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [waiting_position(s) for s in signups] == [None, None, 1, 2]


def test_a_freed_seat_goes_to_the_first_on_the_waiting_list(session):
    first, second, third, fourth = _people(session, 4)
    seats = [sign_up(session, participant=p) for p in (first, second, third, fourth)]

    promoted = cancel_signup(seats[1])

    assert [s.participant_id for s in promoted] == [third.pk]
    assert _statuses(session) == {
        first.pk: "confirmed",
        second.pk: "cancelled",
        third.pk: "confirmed",
        fourth.pk: "waiting",
    }
    assert waiting_position(SessionSignup.objects.get(participant=fourth)) == 1


def test_leaving_the_waiting_list_promotes_nobody_and_moves_the_others_up(session):
    people = _people(session, 5)
    signups = [sign_up(session, participant=p) for p in people]

    assert cancel_signup(signups[2]) == []
    assert waiting_position(SessionSignup.objects.get(pk=signups[3].pk)) == 1
    assert waiting_position(SessionSignup.objects.get(pk=signups[4].pk)) == 2


def test_coming_back_after_cancelling_joins_the_end_of_the_queue(session):
    people = _people(session, 4)
    signups = [sign_up(session, participant=p) for p in people]
    cancel_signup(signups[2])

    again = sign_up(session, participant=people[2])

    assert again.pk == signups[2].pk and again.status == SignupStatus.WAITING
    assert waiting_position(again) == 2


def test_a_larger_room_seats_the_waiting_list_in_order(session):
    people = _people(session, 5)
    for person in people:
        sign_up(session, participant=person)

    promoted = change_capacity(session, capacity=4, by=None)

    assert [s.participant_id for s in promoted] == [people[2].pk, people[3].pk]
    assert _statuses(session)[people[4].pk] == "waiting"


def test_a_smaller_room_never_takes_a_confirmed_seat_away(session):
    for person in _people(session, 2):
        sign_up(session, participant=person)
    with pytest.raises(DomainError) as error:
        change_capacity(session, capacity=1, by=None)
    assert error.value.code == "capacity_below_confirmed"


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("twice", "already_signed_up"),
        ("pending", "not_approved"),
        ("other_expo", "other_expo"),
        ("started", "session_started"),
    ],
)
def test_sign_up_refusals_have_stable_codes(session, case, code):
    person = ParticipantFactory(expo=session.event.expo)
    if case == "twice":
        sign_up(session, participant=person)
    elif case == "pending":
        person = ParticipantFactory(expo=session.event.expo, status=RegistrationStatus.PENDING)
    elif case == "other_expo":
        person = ParticipantFactory()
    elif case == "started":
        session.starts_at = dt.datetime(2019, 8, 23, 1, tzinfo=dt.UTC)
        session.ends_at = session.starts_at + dt.timedelta(hours=1)
        session.save()
    with pytest.raises(DomainError) as error:
        sign_up(session, participant=person)
    assert error.value.code == code
