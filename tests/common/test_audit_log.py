import pytest

from tests.factories import BoothFactory, ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.audit import log_action

pytestmark = pytest.mark.django_db


def test_an_action_is_filed_under_the_expo_it_concerns():
    booth = BoothFactory()
    entry = log_action(booth, "booth.assigned", data={"exhibitor": 3})
    assert entry.expo == booth.hall.expo
    assert (entry.object_type, entry.object_id, entry.data) == (
        "expos.booth",
        str(booth.pk),
        {"exhibitor": 3},
    )


def test_an_expos_organisers_read_its_log_and_only_its_log(client):
    expo, other = ExpoFactory(slug="cnea"), ExpoFactory(slug="other")
    organiser = UserFactory(username="li")
    expo.organisers.add(organiser)
    log_action(BoothFactory(hall__expo=expo), "booth.assigned", actor=organiser)
    log_action(BoothFactory(hall__expo=other), "booth.released")
    client.force_login(organiser)

    page = client.get("/expos/cnea/audit/").content.decode()
    foreign = client.get("/expos/other/audit/")

    assert "booth.assigned" in page and "booth.released" not in page
    assert foreign.status_code == 403


def test_the_log_exports_as_csv_with_its_filter(client):
    expo = ExpoFactory(slug="cnea")
    for action in ("booth.assigned", "deal.recorded", "booth.released"):
        log_action(BoothFactory(hall__expo=expo), action)
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/expos/cnea/audit/?action=booth.&format=csv")
    lines = b"".join(response.streaming_content).decode().strip().splitlines()

    assert lines[0] == "time,actor,action,object_type,object_id,data"
    assert sorted(line.split(",")[2] for line in lines[1:]) == ["booth.assigned", "booth.released"]


def test_participants_and_strangers_cannot_read_the_log(client):
    expo = ExpoFactory(slug="cnea")
    user = UserFactory()
    ParticipantFactory(expo=expo, user=user)
    assert client.get("/expos/cnea/audit/").status_code == 302
    client.force_login(user)
    assert client.get("/expos/cnea/audit/").status_code == 403


def test_an_empty_log_says_so(client):
    ExpoFactory(slug="cnea")
    client.force_login(UserFactory(is_staff=True))
    assert "Nothing has been recorded yet." in client.get("/expos/cnea/audit/").content.decode()
