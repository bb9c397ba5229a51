import datetime as dt

import pytest

from tests.factories import ExpoFactory, ParticipantFactory
from tradefair.onsite.domain.figures import checked_in_count
from tradefair.onsite.models import CheckIn

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2019, 8, 23, 1, 0, tzinfo=dt.UTC)


def test_a_participant_entering_twice_is_counted_once_and_other_expos_do_not_count():
    expo = ExpoFactory()
    first, second = ParticipantFactory(expo=expo), ParticipantFactory(expo=expo)
    CheckIn.objects.create(expo=expo, participant=first, nonce="a", scanned_at=MORNING)
    CheckIn.objects.create(expo=expo, participant=first, nonce="b", scanned_at=MORNING + dt.timedelta(days=1))
    CheckIn.objects.create(expo=expo, participant=second, nonce="c", scanned_at=MORNING)
    other = ParticipantFactory()
    CheckIn.objects.create(expo=other.expo, participant=other, nonce="a", scanned_at=MORNING)

    assert checked_in_count(expo) == 2
    assert checked_in_count(ExpoFactory()) == 0
