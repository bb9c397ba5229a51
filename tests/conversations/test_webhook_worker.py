"""With a broker, webhook deliveries run on a real Celery worker (a separate process,
Redis as the broker, PostgreSQL shared with this test), and a failed attempt is retried
by the worker itself after its backoff.

Run with PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/tf_hooks``."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from tests.conversations.receiver import start_receiver, verify
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.celery import app
from tradefair.conversations.domain import webhooks
from tradefair.conversations.models import DeliveryStatus, WebhookDelivery, WebhookSettings
from tradefair.people.domain.registration import approve
from tradefair.people.models import RegistrationStatus

BROKER = "redis://127.0.0.1:6379/6"
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _redis_ready() -> bool:
    try:
        import redis

        client = redis.Redis.from_url(BROKER, socket_connect_timeout=0.5)
        client.ping()
        client.flushdb()
        return True
    except Exception:  # noqa: BLE001 - no Redis here
        return False


@pytest.fixture
def worker(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database: run with DATABASE_URL=postgres://...")
    if not _redis_ready():
        pytest.skip(f"no Redis at {BROKER}")
    database = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        TRADEFAIR_CELERY_BROKER_URL=BROKER,
        TRADEFAIR_SECRET_KEY=django_settings.SECRET_KEY,
        TRADEFAIR_WEBHOOK_BACKOFF_BASE="1",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tradefair",
            "worker",
            "--pool",
            "solo",
            "-Q",
            "tradefair",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # This process sends through the same broker, as a web node does.
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    _fresh_pools()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.WEBHOOKS_SYNCHRONOUS = False
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        app.conf.update(**saved)
        _fresh_pools()


def _fresh_pools() -> None:
    """New connections on the broker set now. Not closing the old pool: kombu keeps pools
    in a registry by broker address, and a closed one there breaks every later send."""
    app._pool = None
    app.amqp._producer_pool = None


def _wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_a_worker_delivers_and_retries_a_failed_delivery(worker):
    receiver = start_receiver()
    try:
        receiver.answers = [500]
        expo = ExpoFactory(slug="hooks-worker")
        admin = UserFactory()
        expo.organisers.add(admin)
        WebhookSettings.objects.create(expo=expo, allow_private_targets=True)
        _endpoint, secret = webhooks.register_endpoint(
            expo, by=admin, url=receiver.url, events=["participant.approved"]
        )
        applicant = ParticipantFactory(
            expo=expo, status=RegistrationStatus.PENDING, email_confirmed_at=timezone.now()
        )
        approve(applicant, by=admin)  # committed at once: the event is queued for the worker

        assert _wait_for(lambda: len(receiver.received) >= 2), (
            f"received {len(receiver.received)}; worker says: {worker.stdout.read1(4000).decode(errors='replace')}"
            if worker.poll() is not None
            else f"received {len(receiver.received)}"
        )
        assert _wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(), 10)
        delivery = WebhookDelivery.objects.get()
        assert (delivery.attempts, delivery.response_code) == (2, 200)
        first, second = receiver.received[:2]
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        assert all(verify(secret, item.headers, item.body) for item in (first, second))
        assert int(second.headers["webhook-timestamp"]) >= int(first.headers["webhook-timestamp"])
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
