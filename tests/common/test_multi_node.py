"""What several web nodes behind a load balancer need of every node (issue #13): one
secret for all, the client's own address behind the balancer, and a shared cache whose
outage the site survives."""

import os
import subprocess
import sys

import pytest

from tests.factories import ExpoFactory
from tradefair.common.cache import TolerantRedisCache
from tradefair.people.models import Participant

CLOSED_PORT = "redis://127.0.0.1:18098/0"  # nothing listens there (ports 18000-18099 are the cluster's)


def test_a_node_with_a_broker_refuses_to_start_without_the_shared_secret(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "TRADEFAIR_SECRET_KEY"}
    env.update(TRADEFAIR_CELERY_BROKER_URL="redis://127.0.0.1:6379/4", TRADEFAIR_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "TRADEFAIR_SECRET_KEY must be set, the same on every node" in done.stderr
    assert not (tmp_path / "secret_key").exists()  # no key of its own made on this machine


@pytest.mark.django_db
def test_behind_the_balancer_each_visitor_has_their_own_rate_limit(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "2/h"}
    ExpoFactory(slug="cnea")
    url = "/expos/cnea/register/buyer/"

    first = [client.post(url, {}, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5").status_code for _ in range(3)]
    other = client.post(url, {}, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code

    assert first == [400, 400, 429]
    assert other == 400  # another visitor, not the balancer's single address


@pytest.mark.django_db
def test_without_a_balancer_the_header_is_not_believed(client, settings):
    settings.TRUSTED_PROXIES = []
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "2/h"}
    ExpoFactory(slug="cnea")
    url = "/expos/cnea/register/buyer/"
    statuses = [client.post(url, {}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [400, 400, 429]


def test_an_unreachable_redis_cache_reads_as_empty_and_drops_writes():
    cache = TolerantRedisCache(CLOSED_PORT, {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    assert cache.get_many(["k"]) == {}
    assert cache.has_key("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")


@pytest.mark.django_db
def test_the_site_serves_and_rate_limits_open_while_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "tradefair.common.cache.TolerantRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "1/h"}
    ExpoFactory(slug="cnea")
    statuses = [client.post("/expos/cnea/register/buyer/", {}).status_code for _ in range(3)]
    assert statuses == [400, 400, 400]  # served; the counts are lost with Redis (docs/security.md)
    assert Participant.objects.count() == 0
    assert client.get("/expos/cnea/").status_code == 200


def test_a_reachable_redis_cache_is_shared():
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/4", socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - no Redis on this machine
        pytest.skip("no Redis at 127.0.0.1:6379")
    one = TolerantRedisCache("redis://127.0.0.1:6379/4", {})
    two = TolerantRedisCache("redis://127.0.0.1:6379/4", {})  # another node
    one.set("tradefair-test-shared", 41, 30)
    assert two.incr("tradefair-test-shared") == 42
    one.delete("tradefair-test-shared")


def test_every_task_is_sent_through_the_projects_celery_application():
    """In a fresh process that imports only the reports' tasks (as a web node serving an
    export request does), the export task must use Tradefair's broker settings."""
    code = (
        "import django; django.setup()\n"
        "from tradefair.reports.tasks import build_export\n"
        "used = build_export.app\n"
        "assert used.main == 'tradefair', used.main\n"
        "assert used.conf.broker_url == 'redis://127.0.0.1:18099/0', used.conf.broker_url\n"
        "assert used.conf.task_acks_late and used.conf.task_reject_on_worker_lost\n"
    )
    env = dict(
        os.environ, TRADEFAIR_CELERY_BROKER_URL="redis://127.0.0.1:18099/0", TRADEFAIR_SECRET_KEY="x" * 50
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
