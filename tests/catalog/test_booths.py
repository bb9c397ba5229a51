from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.catalog.factories import organiser_of
from tests.factories import BoothFactory, ExhibitorFactory, ExpoFactory, HallFactory, PavilionFactory
from tradefair.catalog.domain.booths import (
    FreeBooth,
    Request,
    Unplaced,
    accept_proposal,
    plan_booths,
    propose_booths,
)
from tradefair.catalog.models import BoothAssignment
from tradefair.expos.models import BoothStatus

AREAS = [Decimal(9), Decimal(18), Decimal(36)]

requests_strategy = st.lists(
    st.tuples(st.sampled_from([1, 2, 3, None]), st.sampled_from(AREAS)), max_size=40
).map(lambda items: [Request(i + 1, pavilion, area) for i, (pavilion, area) in enumerate(items)])
booths_strategy = st.lists(
    st.tuples(st.sampled_from([1, 2, 3, None]), st.sampled_from(AREAS)), max_size=40
).map(
    lambda items: [
        FreeBooth(100 + i, pavilion, area, ("H1", i, 0)) for i, (pavilion, area) in enumerate(items)
    ]
)


@settings(max_examples=200, deadline=None)
@given(requests=requests_strategy, booths=booths_strategy)
def test_the_plan_never_gives_a_booth_twice_and_keeps_pavilions_and_areas(requests, booths):
    plan = plan_booths(requests, booths)

    booth_by_id = {booth.booth_id: booth for booth in booths}
    request_by_id = {request.exhibitor_id: request for request in requests}
    assert len(set(plan.placed.values())) == len(plan.placed)
    assert set(plan.placed) | set(plan.unplaced) == set(request_by_id)
    assert not set(plan.placed) & set(plan.unplaced)
    for exhibitor_id, booth_id in plan.placed.items():
        booth, request = booth_by_id[booth_id], request_by_id[exhibitor_id]
        assert booth.pavilion_id == request.pavilion_id
        assert booth.area_m2 >= request.area_m2


@settings(max_examples=100, deadline=None)
@given(requests=requests_strategy, booths=booths_strategy)
def test_an_unplaced_exhibitor_had_no_fitting_booth_left(requests, booths):
    plan = plan_booths(requests, booths)

    used = set(plan.placed.values())
    for exhibitor_id, reason in plan.unplaced.items():
        request = next(r for r in requests if r.exhibitor_id == exhibitor_id)
        if request.pavilion_id is None:
            assert reason == Unplaced.NO_PAVILION
            continue
        left = [b for b in booths if b.pavilion_id == request.pavilion_id and b.booth_id not in used]
        assert not [b for b in left if b.area_m2 >= request.area_m2]
        assert reason in (Unplaced.NO_BOOTH_LARGE_ENOUGH, Unplaced.PAVILION_FULL)
        if not left:
            assert reason == Unplaced.PAVILION_FULL or any(
                b.pavilion_id == request.pavilion_id for b in booths
            )


def test_the_best_fitting_booth_is_chosen_so_large_booths_stay_for_large_requests():
    plan = plan_booths(
        [Request(1, 1, Decimal(9)), Request(2, 1, Decimal(36))],
        [FreeBooth(10, 1, Decimal(36), ("H1", 0, 0)), FreeBooth(11, 1, Decimal(9), ("H1", 0, 3))],
    )
    assert plan.placed == {1: 11, 2: 10}


@pytest.mark.django_db
def test_the_automatic_assignment_places_exhibitors_in_their_pavilions_area():
    expo = ExpoFactory()
    hall = HallFactory(expo=expo)
    pavilions = [PavilionFactory(expo=expo) for _number in range(2)]
    for index in range(6):
        BoothFactory(hall=hall, pavilion=pavilions[index % 2], area_m2=Decimal(18 if index < 2 else 9))
    blocked = BoothFactory(hall=hall, pavilion=pavilions[0], area_m2=Decimal(36), status=BoothStatus.BLOCKED)
    exhibitors = [
        ExhibitorFactory(expo=expo, pavilion=pavilions[index % 2], requested_area_m2=Decimal(area))
        for index, area in enumerate([18, 9, 9, 9, 36, 9])
    ]

    organiser = organiser_of(expo)
    proposal = propose_booths(expo, by=organiser)
    assert not BoothAssignment.objects.exists()
    assert proposal.unplaced == {str(exhibitors[4].pk): Unplaced.NO_BOOTH_LARGE_ENOUGH}
    for pavilion in pavilions:
        accept_proposal(proposal, pavilion=pavilion, by=organiser)

    assignments = list(BoothAssignment.objects.select_related("booth", "exhibitor"))
    assert len(assignments) == 5
    for assignment in assignments:
        assert assignment.booth.pavilion_id == assignment.exhibitor.pavilion_id
        assert assignment.booth.area_m2 >= assignment.exhibitor.requested_area_m2
        assert assignment.booth.status == BoothStatus.ASSIGNED
    assert blocked.pk not in {a.booth_id for a in assignments}
    assert propose_booths(expo, by=organiser).moves.count() == 0
