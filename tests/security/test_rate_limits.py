"""Getting around the rate limits (issue #19): the counts lived in each worker process's
memory, and behind a reverse proxy every visitor came from the proxy's address, so the
limits were both too loose (one count per worker) and shared by everybody. Counts now
live in the shared cache when Redis is configured, and the client's address is the one
a trusted proxy forwards; a forwarded address from anyone else is ignored."""

import os
import secrets
import socket
import subprocess
import sys
import textwrap
from urllib.parse import urlparse

import pytest
from django.test import RequestFactory

from tests.factories import ExpoFactory, UserFactory
from tradefair.common.client_address import client_address
from tradefair.people.models import Participant

REDIS_URL = os.environ.get("TRADEFAIR_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
REGISTER = "/expos/cnea/register/buyer/"
PROXY = "10.0.0.1"


def _redis_reachable() -> bool:
    address = urlparse(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _redis_reachable(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def expo(db):
    return ExpoFactory(slug="cnea")


@pytest.fixture
def limited(settings):
    """Two registration attempts an hour; counts under a key prefix of this test only."""
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "2/h"}
    settings.RATELIMIT_CACHE_PREFIX = f"rl:test-{secrets.token_hex(8)}:"
    return settings


def _attempt(client, *, remote: str = "198.51.100.7", forwarded: str | None = None) -> int:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(REGISTER, {}, **extra).status_code


def _two_workers(settings, backend: str, location_a: str, location_b: str) -> None:
    prefix = f"tf-test-{secrets.token_hex(8)}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "worker-a": {"BACKEND": backend, "LOCATION": location_a, "KEY_PREFIX": prefix},
        "worker-b": {"BACKEND": backend, "LOCATION": location_b, "KEY_PREFIX": prefix},
    }


@needs_redis
def test_two_workers_sharing_redis_share_the_counts(client, expo, limited):
    _two_workers(limited, "django.core.cache.backends.redis.RedisCache", REDIS_URL, REDIS_URL)

    limited.RATELIMIT_USE_CACHE = "worker-a"
    first = [_attempt(client), _attempt(client)]
    limited.RATELIMIT_USE_CACHE = "worker-b"  # another process, its own connection
    refused = client.post(REGISTER, {}, REMOTE_ADDR="198.51.100.7")

    assert first == [400, 400]
    assert refused.status_code == 429
    assert "Too many attempts in a short time" in refused.content.decode()
    assert Participant.objects.count() == 0


def test_without_redis_each_worker_counts_alone(client, expo, limited):
    """What docs say happens without Redis: two local-memory caches (two processes) each
    let the whole rate through."""
    backend = "django.core.cache.backends.locmem.LocMemCache"
    _two_workers(limited, backend, f"a-{secrets.token_hex(4)}", f"b-{secrets.token_hex(4)}")

    limited.RATELIMIT_USE_CACHE = "worker-a"
    first = [_attempt(client), _attempt(client), _attempt(client)]
    limited.RATELIMIT_USE_CACHE = "worker-b"
    second = [_attempt(client), _attempt(client), _attempt(client)]

    assert first == [400, 400, 429]
    assert second == [400, 400, 429]


WORKER = textwrap.dedent(
    """
    import sys
    import django
    from django.conf import settings
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from tradefair.common.rate_limits import RateLimited, check_rate

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "2/h"}
    settings.RATELIMIT_CACHE_PREFIX = sys.argv[1]
    answers = []
    for _ in range(int(sys.argv[2])):
        request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.50")
        request.user = AnonymousUser()
        try:
            check_rate(request, "registration")
            answers.append("ok")
        except RateLimited:
            answers.append("429")
    print(" ".join(answers))
    """
)


@needs_redis
def test_two_real_processes_configured_by_tradefair_redis_url_share_the_counts(tmp_path):
    """The settings wire TRADEFAIR_REDIS_URL to the counts: two Python processes, each
    with its own memory, count one client together."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tradefair.common.settings",
        "TRADEFAIR_DATA_DIR": str(tmp_path),
        "TRADEFAIR_REDIS_URL": REDIS_URL,
        "TRADEFAIR_RATE_LIMITS": "1",
        # With Redis configured every node must share one key (common/settings.py).
        "TRADEFAIR_SECRET_KEY": "test-" + secrets.token_hex(16),
    }
    prefix = f"rl:test-{secrets.token_hex(8)}:"

    def worker(attempts: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", WORKER, prefix, str(attempts)], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert worker(2) == "ok ok"
    assert worker(1) == "429"


def test_a_forwarded_address_from_an_untrusted_client_is_ignored(client, expo, limited):
    limited.TRUSTED_PROXIES = [PROXY]
    answers = [_attempt(client, forwarded=f"192.0.2.{number}") for number in range(1, 4)]

    assert answers == [400, 400, 429]


def test_the_address_a_trusted_proxy_forwards_is_counted(client, expo, limited):
    limited.TRUSTED_PROXIES = [PROXY]

    first = [_attempt(client, remote=PROXY, forwarded="203.0.113.1") for _ in range(3)]
    # Another visitor behind the same proxy has attempts of their own.
    other = _attempt(client, remote=PROXY, forwarded="203.0.113.2")

    assert first == [400, 400, 429]
    assert other == 400


def test_what_the_client_writes_left_of_the_proxys_entry_is_ignored(client, expo, limited):
    limited.TRUSTED_PROXIES = ["10.0.0.0/24"]
    answers = [
        _attempt(client, remote=PROXY, forwarded=f"192.0.2.{number}, 203.0.113.9, 10.0.0.2")
        for number in range(1, 4)
    ]

    assert answers == [400, 400, 429]


def test_without_trusted_proxies_the_header_is_never_read(client, expo, limited):
    limited.TRUSTED_PROXIES = []
    answers = [_attempt(client, remote=PROXY, forwarded=f"203.0.113.{number}") for number in range(1, 4)]

    assert answers == [400, 400, 429]


@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),
        (PROXY, "", PROXY),
        (PROXY, "203.0.113.1", "203.0.113.1"),
        (PROXY, " 203.0.113.1:5123 ", "203.0.113.1"),
        (PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        (PROXY, "2001:db8::1", "2001:db8::1"),
        (PROXY, "203.0.113.1, not-an-address", PROXY),
        (PROXY, "evil, 203.0.113.1", "203.0.113.1"),
        (PROXY, "10.0.0.3, 10.0.0.2", "10.0.0.3"),
        ("::ffff:10.0.0.1", "203.0.113.1", "203.0.113.1"),
    ],
)
def test_the_client_address(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_a_wrong_trusted_proxy_entry_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="TRADEFAIR_TRUSTED_PROXIES"):
        client_address(RequestFactory().get("/", REMOTE_ADDR=PROXY))


@pytest.mark.django_db
def test_a_lock_out_behind_the_proxy_locks_the_guesser_only(client, settings):
    """django-axes keys its lock-out on the same address: five wrong passwords from one
    visitor behind the proxy no longer lock everybody else out of that account."""
    settings.TRUSTED_PROXIES = [PROXY]
    UserFactory(username="organiser", is_staff=True)

    def login(password: str, visitor: str) -> int:
        return client.post(
            "/admin/login/",
            {"username": "organiser", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=visitor,
        ).status_code

    guesses = [login("wrong", "203.0.113.66") for _ in range(5)]
    owner = login("correct horse battery", "203.0.113.77")

    assert guesses == [200, 200, 200, 200, 429]
    assert owner == 302
    assert login("correct horse battery", "203.0.113.66") == 429
