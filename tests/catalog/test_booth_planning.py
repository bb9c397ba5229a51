"""Booth planning by hand and by accepted proposal: a booth holds one exhibitor, an
exhibitor (under the one-booth rule) one booth, a swap keeps both, a stale page changes
nothing, and every action leaves an audit entry."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.catalog.factories import organiser_of, representative_of
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    ExhibitorFactory,
    ExpoFactory,
    HallFactory,
    OrganisationFactory,
    PavilionFactory,
    UserFactory,
)
from tradefair.catalog.domain import booths
from tradefair.catalog.domain.booth_labels import label, short_name
from tradefair.catalog.domain.errors import Conflict, Forbidden
from tradefair.catalog.domain.floor_plan import floor_plan
from tradefair.catalog.models import BoothAssignment, BoothProposal
from tradefair.common.audit import AuditEntry
from tradefair.common.errors import DomainError
from tradefair.expos.models import BoothStatus, Organiser, OrganiserLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    expo = ExpoFactory()
    hall = HallFactory(expo=expo, code="H1")
    pavilions = [PavilionFactory(expo=expo), PavilionFactory(expo=expo)]
    free = [BoothFactory(hall=hall, pavilion=pavilions[n % 2], code=f"H1-{n:04d}") for n in range(1, 7)]
    people = [
        ExhibitorFactory(
            expo=expo, pavilion=pavilions[n % 2], organisation=OrganisationFactory(name={"en": f"Firm {n}"})
        )
        for n in range(1, 5)
    ]
    return {
        "expo": expo,
        "booths": free,
        "exhibitors": people,
        "pavilions": pavilions,
        "by": organiser_of(expo),
    }


def _holding(booth) -> int | None:
    return BoothAssignment.objects.filter(booth=booth).values_list("exhibitor_id", flat=True).first()


def _booths_of(exhibitor) -> list[str]:
    return sorted(BoothAssignment.objects.filter(exhibitor=exhibitor).values_list("booth__code", flat=True))


def test_assign_then_move_then_swap_then_unassign(floor):
    one, two, three = floor["booths"][:3]
    first, second = floor["exhibitors"][:2]
    by = floor["by"]

    booths.assign_booth(one, first, by=by, expected_occupant=booths.FREE)
    booths.assign_booth(two, second, by=by)
    booths.move_booth(one, three, by=by, expected_occupant=first.pk)
    booths.swap_booths(two, three, by=by, expected_first=second.pk, expected_second=first.pk)

    assert (_holding(one), _holding(two), _holding(three)) == (None, first.pk, second.pk)
    one.refresh_from_db(), two.refresh_from_db(), three.refresh_from_db()
    assert (one.status, two.status, three.status) == (BoothStatus.AVAILABLE,) + (BoothStatus.ASSIGNED,) * 2
    booths.unassign_booth(two, by=by, expected_occupant=first.pk)
    assert _holding(two) is None and _booths_of(first) == []
    actions = list(
        AuditEntry.objects.filter(expo=floor["expo"]).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["booth.assigned", "booth.assigned", "booth.moved", "booths.swapped", "booth.released"]


def test_a_booth_is_never_given_twice(floor):
    booth = floor["booths"][0]
    first, second = floor["exhibitors"][:2]
    booths.assign_booth(booth, first, by=floor["by"])

    with pytest.raises(DomainError) as refused:
        booths.assign_booth(booth, second, by=floor["by"])

    assert refused.value.code == "booth_taken"
    assert _holding(booth) == first.pk


def test_under_the_one_booth_rule_an_exhibitor_gets_no_second_booth(floor):
    one, two = floor["booths"][:2]
    exhibitor = floor["exhibitors"][0]
    booths.assign_booth(one, exhibitor, by=floor["by"])

    with pytest.raises(Conflict) as refused:
        booths.assign_booth(two, exhibitor, by=floor["by"])

    assert refused.value.code == "exhibitor_has_booth"
    assert "already stands in booth H1-0001" in refused.value.message
    assert _booths_of(exhibitor) == ["H1-0001"]


def test_the_database_itself_refuses_a_second_sole_booth(floor):
    one, two = floor["booths"][:2]
    exhibitor = floor["exhibitors"][0]
    BoothAssignment.objects.create(booth=one, exhibitor=exhibitor, sole=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        BoothAssignment.objects.create(booth=two, exhibitor=exhibitor, sole=True)


def test_without_the_rule_an_exhibitor_may_take_several_booths_and_the_rule_cannot_return_meanwhile(floor):
    one, two = floor["booths"][:2]
    exhibitor = floor["exhibitors"][0]
    admin = floor["by"]
    booths.set_booth_rule(floor["expo"], one_booth_per_exhibitor=False, by=admin)
    booths.assign_booth(one, exhibitor, by=admin)
    booths.assign_booth(two, exhibitor, by=admin)
    assert _booths_of(exhibitor) == ["H1-0001", "H1-0002"]

    with pytest.raises(DomainError) as refused:
        booths.set_booth_rule(floor["expo"], one_booth_per_exhibitor=True, by=admin)
    assert refused.value.code == "several_booths"

    booths.unassign_booth(two, by=admin)
    booths.set_booth_rule(floor["expo"], one_booth_per_exhibitor=True, by=admin)
    assert list(BoothAssignment.objects.values_list("sole", flat=True)) == [True]


def test_a_swap_keeps_both_exhibitors_each_in_one_booth(floor):
    one, two = floor["booths"][:2]
    first, second = floor["exhibitors"][:2]
    booths.assign_booth(one, first, by=floor["by"])
    booths.assign_booth(two, second, by=floor["by"])

    booths.swap_booths(one, two, by=floor["by"])

    assert (_booths_of(first), _booths_of(second)) == (["H1-0002"], ["H1-0001"])
    assert BoothAssignment.objects.count() == 2
    assert set(BoothAssignment.objects.values_list("sole", flat=True)) == {True}


def test_swapping_a_free_booth_or_a_booth_with_itself_is_refused(floor):
    one, two = floor["booths"][:2]
    booths.assign_booth(one, floor["exhibitors"][0], by=floor["by"])
    with pytest.raises(DomainError) as free:
        booths.swap_booths(one, two, by=floor["by"])
    with pytest.raises(DomainError) as same:
        booths.swap_booths(one, one, by=floor["by"])
    assert (free.value.code, same.value.code) == ("booth_free", "same_booth")
    assert _holding(one) == floor["exhibitors"][0].pk


def test_a_stale_page_gets_a_conflict_and_changes_nothing(floor):
    one, two, three = floor["booths"][:3]
    first, second = floor["exhibitors"][:2]
    booths.assign_booth(one, first, by=floor["by"])
    # Another organiser moved the first exhibitor away while this page still showed it in one.
    booths.move_booth(one, two, by=floor["by"])
    booths.assign_booth(one, second, by=floor["by"])

    with pytest.raises(Conflict) as stale:
        booths.move_booth(one, three, by=floor["by"], expected_occupant=first.pk)

    assert stale.value.status == 409 and stale.value.code == "stale"
    assert "Booth H1-0001 has changed since this page was loaded: it is now Firm 2's." in stale.value.message
    assert (_holding(one), _holding(two), _holding(three)) == (second.pk, first.pk, None)
    with pytest.raises(Conflict):
        booths.assign_booth(three, floor["exhibitors"][2], by=floor["by"], expected_occupant=second.pk)


def test_a_blocked_booth_is_neither_given_nor_moved_into(floor):
    blocked = BoothFactory(hall=floor["booths"][0].hall, status=BoothStatus.BLOCKED)
    one = floor["booths"][0]
    booths.assign_booth(one, floor["exhibitors"][0], by=floor["by"])
    with pytest.raises(DomainError):
        booths.assign_booth(blocked, floor["exhibitors"][1], by=floor["by"])
    with pytest.raises(DomainError):
        booths.move_booth(one, blocked, by=floor["by"])
    assert _holding(blocked) is None


def test_a_booth_of_another_expo_is_refused(floor):
    elsewhere = BoothFactory()
    with pytest.raises(DomainError) as refused:
        booths.assign_booth(elsewhere, floor["exhibitors"][0], by=floor["by"])
    assert refused.value.code == "other_expo"


@pytest.mark.parametrize(("level", "allowed"), [("admin", True), ("staff", True), ("viewer", False)])
def test_organisers_plan_booths_by_level(floor, level, allowed):
    user = UserFactory()
    Organiser.objects.create(expo=floor["expo"], user=user, level=level)
    booth, exhibitor = floor["booths"][0], floor["exhibitors"][0]
    if allowed:
        booths.assign_booth(booth, exhibitor, by=user)
        booths.unassign_booth(booth, by=user)
        assert booths.propose_booths(floor["expo"], by=user).moves.count() == 4
    else:
        for attempt in (
            lambda: booths.assign_booth(booth, exhibitor, by=user),
            lambda: booths.propose_booths(floor["expo"], by=user),
        ):
            with pytest.raises(Forbidden):
                attempt()


def test_only_administrators_change_the_booth_rule(floor):
    staff = UserFactory()
    Organiser.objects.create(expo=floor["expo"], user=staff, level=OrganiserLevel.STAFF)
    with pytest.raises(Forbidden):
        booths.set_booth_rule(floor["expo"], one_booth_per_exhibitor=False, by=staff)


def test_an_exhibitor_cannot_plan_booths(floor):
    exhibitor = floor["exhibitors"][0]
    with pytest.raises(Forbidden):
        booths.assign_booth(floor["booths"][0], exhibitor, by=representative_of(exhibitor))


def test_a_proposal_assigns_nothing_until_a_pavilion_is_accepted(floor):
    expo, by = floor["expo"], floor["by"]
    proposal = booths.propose_booths(expo, by=by)

    assert BoothAssignment.objects.count() == 0
    assert proposal.moves.count() == 4
    result = booths.accept_proposal(proposal, pavilion=floor["pavilions"][1], by=by)

    placed = BoothAssignment.objects.select_related("booth", "exhibitor")
    assert len(result.assigned) == placed.count() == 2
    assert all(a.booth.pavilion_id == a.exhibitor.pavilion_id == floor["pavilions"][1].pk for a in placed)
    assert proposal.moves.count() == 2  # the other pavilion's lines wait
    booths.accept_proposal(proposal, pavilion=floor["pavilions"][0], by=by)
    assert BoothAssignment.objects.count() == 4
    assert not BoothProposal.objects.filter(expo=expo).exists()
    assert AuditEntry.objects.filter(expo=expo, action="booths.proposal_accepted").count() == 2


def test_accepting_skips_a_line_whose_booth_was_taken_meanwhile(floor):
    expo, by = floor["expo"], floor["by"]
    pavilion = floor["pavilions"][1]
    proposal = booths.propose_booths(expo, by=by)
    line = proposal.moves.filter(pavilion=pavilion).order_by("booth_id").first()
    # Someone else of the pavilion was put there by hand in the meantime.
    latecomer = ExhibitorFactory(expo=expo, pavilion=pavilion)
    booths.assign_booth(line.booth, latecomer, by=by)

    result = booths.accept_proposal(proposal, pavilion=pavilion, by=by)

    assert [(move.booth_id, why) for move, why in result.skipped] == [(line.booth_id, "booth_taken")]
    assert len(result.assigned) == 1
    assert _holding(line.booth) == latecomer.pk
    holders = list(BoothAssignment.objects.values_list("booth_id", flat=True))
    assert len(holders) == len(set(holders)) == 2


def test_discarding_one_pavilion_keeps_the_others_lines(floor):
    expo, by = floor["expo"], floor["by"]
    proposal = booths.propose_booths(expo, by=by)
    booths.discard_proposal(proposal, pavilion=floor["pavilions"][0], by=by)
    assert set(proposal.moves.values_list("pavilion_id", flat=True)) == {floor["pavilions"][1].pk}
    booths.discard_proposal(proposal, by=by)
    assert not BoothProposal.objects.filter(expo=expo).exists()
    assert BoothAssignment.objects.count() == 0


def test_a_new_proposal_replaces_the_old_one(floor):
    expo, by = floor["expo"], floor["by"]
    first = booths.propose_booths(expo, by=by)
    second = booths.propose_booths(expo, by=by)
    assert list(BoothProposal.objects.filter(expo=expo)) == [second] and first.pk != second.pk


def test_names_lose_their_legal_form_and_fit_the_booth():
    assert short_name("Jilin Yatai Group Co., Ltd.") == "Jilin Yatai Group"
    assert short_name("长春一汽富维汽车零部件股份有限公司") == "长春一汽富维汽车零部件"
    assert short_name("株式会社トヨタ自動車") == "トヨタ自動車"
    small = label("H1-0001", "Монгольская горнодобывающая компания ООО", width=3, depth=3)
    assert small.code == "H1-0001" and 1 <= len(small.lines) <= 3
    # Every line fits in the booth's inner width at the label's size (0.6 em a letter, 1 em a CJK glyph).
    for name in (
        "Samsung Electronics Co., Ltd.",
        "长春一汽富维汽车零部件股份有限公司",
        "Внешэкономбанк Монголии",
    ):
        text = label("B-1", name, width=3, depth=3)
        for line in text.lines:
            width = sum(1.0 if "\u3000" <= ch <= "\u9fff" else 0.6 for ch in line) * text.size
            assert width <= 3 * 0.84 + 1e-9


def test_the_floor_plan_labels_each_booth_with_code_and_short_name(floor):
    booth = floor["booths"][0]
    exhibitor = ExhibitorFactory(
        expo=floor["expo"], organisation=OrganisationFactory(name={"en": "Jilin Yatai Group Co., Ltd."})
    )
    BoothAssignmentFactory(booth=booth, exhibitor=exhibitor)
    shape = next(s for s in floor_plan(floor["expo"]).booths if s.id == booth.pk)
    assert shape.label_code == "H1-0001"
    assert " ".join(text for text, _y in shape.label_lines) == "Jilin Yatai Group"
    assert Decimal(shape.label_size) > 0
