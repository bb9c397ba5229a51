import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import BoothAssignmentFactory, ParticipantFactory, ProductFactory, UserFactory
from tradefair.catalog.models import Product
from tradefair.expos.models import Expo
from tradefair.people.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> dict:
    return {
        "expos": sorted(Expo.objects.values_list("slug", "edition", "status")),
        "participants": sorted(Participant.objects.values_list("id", "name", "country", "expo__slug")),
        "products": sorted((p.id, p.hs_code, str(p.name.localize("zh-hans"))) for p in Product.objects.all()),
        "roles": sorted(Participant.objects.values_list("id", "roles__role")),
    }


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_a_backup_restores_the_whole_expo(tmp_path, name):
    participant = ParticipantFactory(name="王伟", country="CN", roles=["buyer", "merchant"])
    ProductFactory(exhibitor__expo=participant.expo)
    BoothAssignmentFactory(exhibitor__expo=participant.expo)
    UserFactory(username="organiser", is_staff=True)
    before = _snapshot()
    path = tmp_path / name

    call_command("backup", str(path), verbosity=0)
    Expo.objects.all().delete()
    ParticipantFactory(name="Stranger")
    call_command("restore", str(path), verbosity=0)

    assert _snapshot() == before
    assert not Participant.objects.filter(name="Stranger").exists()


def test_a_damaged_backup_changes_nothing(tmp_path):
    ParticipantFactory(name="Kept")
    path = tmp_path / "broken.json.gz"
    path.write_bytes(gzip.compress(b'[{"model": "people.participant", "pk": 1'))

    with pytest.raises(CommandError, match="not a Tradefair backup"):
        call_command("restore", str(path), verbosity=0)

    assert list(Participant.objects.values_list("name", flat=True)) == ["Kept"]


def test_a_backup_that_does_not_load_changes_nothing(tmp_path):
    ParticipantFactory(name="Kept")
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps([{"model": "people.participant", "pk": 5, "fields": {"expo": 999999}}]))

    with pytest.raises(Exception):  # noqa: B017 - loaddata's own error; the point is what stays
        call_command("restore", str(path), verbosity=0)

    assert list(Participant.objects.values_list("name", flat=True)) == ["Kept"]


def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "none.json"), verbosity=0)
