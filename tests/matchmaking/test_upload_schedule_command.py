"""``tradefair upload-schedule``: the round page's schedule upload from the command line."""

import gzip

import orjson
import pytest
from django.core.management import CommandError, call_command

from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled_round():
    expo = make_expo()
    for country in ("RU", "MN", "DE"):
        person(expo, country=country, needs=[("851762", "")], roles=[Role.BUYER])
    for code in ("851762", "851713"):
        person(expo, country="CN", offers=[(code, "")], roles=[Role.EXHIBITOR])
    compute_recommendations(expo)
    round_ = round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Day 1",
        days=["2030-08-23"],
        day_starts="09:00",
        day_ends="10:00",
        tables=2,
        time_limit=2,
    )
    return round_actions.run_round(round_)


def test_a_gzipped_schedule_file_replaces_the_rounds_meetings(scheduled_round, tmp_path):
    schedule = round_actions.decompress(scheduled_round.schedule_gz)
    assert len(schedule["meetings"]) > 1
    path = tmp_path / "schedule.json.gz"
    path.write_bytes(gzip.compress(orjson.dumps(dict(schedule, meetings=schedule["meetings"][:1]))))

    call_command("upload-schedule", str(path), "--round", str(scheduled_round.pk))

    only = schedule["meetings"][0]
    assert [
        (f"p{m.requester_id}", f"p{m.counterpart_id}", f"s{m.slot_id}")
        for m in scheduled_round.meetings.all()
    ] == [(only["a"], only["b"], only["slot"])]


def test_a_schedule_breaking_the_rules_is_refused_with_exit_1_and_changes_nothing(scheduled_round, tmp_path):
    schedule = round_actions.decompress(scheduled_round.schedule_gz)
    first_slot = schedule["meetings"][0]["slot"]
    clash = dict(schedule, meetings=[dict(m, slot=first_slot, table=1) for m in schedule["meetings"]])
    path = tmp_path / "clash.json"
    path.write_bytes(orjson.dumps(clash))
    before = set(scheduled_round.meetings.values_list("pk", flat=True))

    with pytest.raises(CommandError) as refused:
        call_command("upload-schedule", str(path), "--round", str(scheduled_round.pk))

    assert refused.value.returncode == 1
    assert str(refused.value).startswith("schedule_invalid:")
    assert set(scheduled_round.meetings.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("content", [b"{not json", b"\x1f\x8b\x08broken gzip"], ids=["json", "gzip"])
def test_an_unreadable_file_or_unknown_round_exits_2(scheduled_round, tmp_path, content):
    path = tmp_path / "schedule.json"
    path.write_bytes(content)

    with pytest.raises(CommandError) as unreadable:
        call_command("upload-schedule", str(path), "--round", str(scheduled_round.pk))
    with pytest.raises(CommandError) as unknown:
        call_command("upload-schedule", str(path), "--round", str(scheduled_round.pk + 1000))

    assert (unreadable.value.returncode, unknown.value.returncode) == (2, 2)
    assert str(unknown.value) == f"No round has the id {scheduled_round.pk + 1000}."
