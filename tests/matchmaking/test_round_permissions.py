"""Round actions check who asks themselves (matchmaking/permissions.py), whoever calls them:
the page, the API or a command. Running a round is one action, schedule_round."""

import pytest

from tests.factories import UserFactory
from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.common.models import AuditEntry
from tradefair.common.permissions import OPERATOR
from tradefair.expos.models import OrganiserLevel
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.errors import MatchmakingForbidden
from tradefair.matchmaking.models import Meeting, Round, RoundStatus
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    expo = make_expo()
    people = {}
    for level in (OrganiserLevel.ADMIN, OrganiserLevel.STAFF, OrganiserLevel.VIEWER):
        people[level] = UserFactory()
        expo.organisers.add(people[level], through_defaults={"level": level})
    buyer = person(expo, country="RU", needs=[("851762", "")], roles=[Role.BUYER])
    seller = person(expo, country="CN", offers=[("851762", "")], roles=[Role.EXHIBITOR])
    round_ = round_actions.create_round(
        expo,
        by=people[OrganiserLevel.ADMIN],
        name="Day 1",
        days=["2030-08-23"],
        day_ends="10:00",
        time_limit=2,
    )
    return expo, people, buyer, seller, round_


@pytest.mark.parametrize("who", [None, OrganiserLevel.STAFF, OrganiserLevel.VIEWER, "buyer"])
def test_only_the_expos_admins_open_run_pin_upload_and_publish(setting, who):
    expo, people, buyer, seller, round_ = setting
    by = None if who is None else buyer.user if who == "buyer" else people[who]
    meeting = Meeting.objects.create(
        round=round_, requester=buyer, counterpart=seller, slot=round_.slots.first(), table=1
    )
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.SCHEDULED, instance_gz=b"")
    actions = [
        lambda: round_actions.create_round(expo, by=by, name="Day 2", days=["2030-08-24"]),
        lambda: round_actions.schedule_round(round_, by=by),
        lambda: round_actions.pin_meeting(meeting, pinned=True, by=by),
        lambda: round_actions.upload_schedule(round_, {}, by=by),
        lambda: round_actions.publish_round(round_, by=by),
    ]
    for action in actions:
        with pytest.raises(MatchmakingForbidden) as refused:
            action()
        assert refused.value.code == "not_an_admin"
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCHEDULED
    assert Round.objects.filter(expo=expo).count() == 1
    assert not Meeting.objects.get(pk=meeting.pk).pinned
    assert not AuditEntry.objects.filter(
        action__in=["round.run", "round.published", "meeting.pinned"]
    ).exists()


def test_an_admin_runs_a_round_in_one_action_and_the_run_is_recorded_for_them(setting):
    _expo, people, buyer, seller, round_ = setting
    admin = people[OrganiserLevel.ADMIN]

    ran = round_actions.schedule_round(round_, by=admin)

    # Tests run the background task in line: the round comes back scheduled.
    assert ran.status == RoundStatus.SCHEDULED
    assert {(m.requester_id, m.counterpart_id) for m in ran.meetings.all()} <= {
        (buyer.pk, seller.pk),
        (seller.pk, buyer.pk),
    }
    assert AuditEntry.objects.get(action="round.run").actor == admin
    assert round_actions.publish_round(ran, by=admin) == len({buyer.pk, seller.pk} & _met(ran))


def _met(round_) -> set:
    return set(round_.meetings.values_list("requester_id", flat=True)) | set(
        round_.meetings.values_list("counterpart_id", flat=True)
    )


def test_the_operator_at_the_command_line_may_and_no_user_is_recorded(setting):
    _expo, _people, _buyer, _seller, round_ = setting
    ran = round_actions.schedule_round(round_, by=OPERATOR, in_process=True)
    assert ran.status == RoundStatus.SCHEDULED
    assert AuditEntry.objects.get(action="round.run").actor is None


def test_a_viewer_cannot_run_a_round_from_the_api(setting, client):
    expo, people, _buyer, _seller, round_ = setting
    client.force_login(people[OrganiserLevel.VIEWER])
    answer = client.post(f"/api/v1/expos/{expo.slug}/matchmaking/rounds/{round_.pk}/run")
    assert answer.status_code == 403
    assert answer.json()["code"] == "not_an_admin"
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
