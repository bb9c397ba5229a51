"""Two (or fifty) organisers plan the same floor at the same instant, on PostgreSQL, each
in a thread with its own connection: a booth is never given twice, an exhibitor under the
one-booth rule never stands in two booths, swaps and moves racing each other lose nobody."""

import random
import threading

import pytest
from django.db import connection, connections

from tests.factories import BoothFactory, ExhibitorFactory, ExpoFactory, HallFactory, UserFactory
from tradefair.catalog.domain import booths
from tradefair.catalog.models import BoothAssignment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent writers are tested"
    ),
]

ATTEMPTS = 40


def _all_at_once(attempt, arguments) -> tuple[list, list[Exception]]:
    start = threading.Barrier(len(arguments))
    done, refusals, lock = [], [], threading.Lock()

    def run(argument):
        try:
            start.wait()
            attempt(argument)
            with lock:
                done.append(argument)
        except Exception as error:  # noqa: BLE001 - every refusal is inspected by the tests
            with lock:
                refusals.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refusals


def test_one_exhibitor_given_forty_booths_at_once_gets_exactly_one():
    expo = ExpoFactory()
    hall = HallFactory(expo=expo)
    free = [BoothFactory(hall=hall) for _ in range(ATTEMPTS)]
    exhibitor = ExhibitorFactory(expo=expo)
    organiser = UserFactory(is_staff=True)

    done, refusals = _all_at_once(lambda booth: booths.assign_booth(booth, exhibitor, by=organiser), free)

    assert len(done) == 1
    assert {error.code for error in refusals} == {"exhibitor_has_booth"}
    assert BoothAssignment.objects.filter(exhibitor=exhibitor).count() == 1


def test_two_organisers_moving_one_exhibitor_from_the_same_page_one_wins_the_other_is_told():
    expo = ExpoFactory()
    hall = HallFactory(expo=expo)
    here, left, right = (BoothFactory(hall=hall) for _ in range(3))
    exhibitor = ExhibitorFactory(expo=expo)
    organiser = UserFactory(is_staff=True)
    booths.assign_booth(here, exhibitor, by=organiser)

    done, refusals = _all_at_once(
        lambda to: booths.move_booth(
            here, to, by=organiser, expected_occupant=exhibitor.pk, expected_target=0
        ),
        [left, right],
    )

    assert len(done) == 1
    assert [(error.code, error.status) for error in refusals] == [("stale", 409)]
    assert BoothAssignment.objects.filter(exhibitor=exhibitor).count() == 1
    assert BoothAssignment.objects.get(exhibitor=exhibitor).booth_id == done[0].pk


def test_racing_swaps_and_moves_keep_every_exhibitor_in_exactly_one_booth():
    expo = ExpoFactory()
    hall = HallFactory(expo=expo)
    floor = [BoothFactory(hall=hall) for _ in range(12)]
    exhibitors = [ExhibitorFactory(expo=expo) for _ in range(8)]
    organiser = UserFactory(is_staff=True)
    for booth, exhibitor in zip(floor, exhibitors, strict=False):
        booths.assign_booth(booth, exhibitor, by=organiser)
    chance = random.Random(17)
    plans = [(chance.choice(["swap", "move"]), *chance.sample(floor, 2)) for _ in range(ATTEMPTS)]

    def act(plan):
        kind, first, second = plan
        if kind == "swap":
            booths.swap_booths(first, second, by=organiser)
        else:
            booths.move_booth(first, second, by=organiser)

    done, refusals = _all_at_once(act, plans)

    assert done, "some of the actions went through"
    assert {error.code for error in refusals} <= {
        "booth_free",
        "booth_taken",
        "same_exhibitor",
        "concurrent_change",
    }
    held = list(BoothAssignment.objects.filter(exhibitor__expo=expo).values_list("exhibitor_id", "booth_id"))
    assert sorted(e for e, _b in held) == sorted(e.pk for e in exhibitors)
    assert len({b for _e, b in held}) == len(held) == len(exhibitors)
