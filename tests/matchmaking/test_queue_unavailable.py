"""With a broker configured but unreachable (Redis down on opening day), starting a round
queues nothing: the organiser is told so and the round goes back to being set up, never
left "being scheduled" for a run that no worker will ever get."""

import pytest

from tests.matchmaking.factories import expo as make_expo
from tradefair.celery import app
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.background import QueueUnavailable
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.models import Round, RoundStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_away(settings):
    """Celery reads its configuration once, on first use: read it now, so that the eager
    flag of the test settings is what it keeps, and put back all that is changed here
    (a closed producer pool left behind breaks every later ``delay``)."""
    conf = app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_transport_options")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf.update(
        broker_url="redis://127.0.0.1:18098/0",  # nothing listens there
        broker_transport_options={"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    )
    _fresh_pools()
    yield
    conf.update(saved)
    _fresh_pools()


def _fresh_pools() -> None:
    """Drop the broker connections and the producer pool built on them; the next use
    builds new ones on the broker configured then."""
    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


def test_a_round_whose_run_cannot_be_queued_goes_back_to_being_set_up(broker_away):
    expo = make_expo()
    round_ = round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Day 1",
        days=["2030-08-23"],
        day_starts="09:00",
        day_ends="10:00",
        time_limit=5,
    )
    with pytest.raises(QueueUnavailable) as refused:
        round_actions.schedule_round(round_, by=OPERATOR)

    assert refused.value.status == 503
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
    assert "Background work cannot be started just now" in round_.error
    assert Round.objects.filter(status=RoundStatus.RUNNING).count() == 0
