"""The shared cache (Redis) that degrades instead of failing.

With several web nodes the cache lives in Redis so that every node sees the same cached
pages and the same rate-limit counts. Redis is then one more thing that can go down on
opening day; a cache is an optimisation, so a node that cannot reach it answers as if the
cache were empty: reads miss, writes are dropped, counters start again (rate limits are
not enforced while Redis is away, docs/security.md). Each failure is logged once a minute
at most, not once a request."""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_LOG_EVERY = 60.0
_last_logged = [0.0]


def _unreachable(operation: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _last_logged[0] >= _LOG_EVERY:
        _last_logged[0] = now
        logger.warning("cache unreachable (%s: %s); serving without it", operation, error)


class TolerantRedisCache(RedisCache):
    def add(self, *args, **kwargs):
        try:
            return super().add(*args, **kwargs)
        except UNREACHABLE as error:
            _unreachable("add", error)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            _unreachable("get", error)
            return default

    def set(self, *args, **kwargs):
        try:
            return super().set(*args, **kwargs)
        except UNREACHABLE as error:
            _unreachable("set", error)

    def touch(self, *args, **kwargs):
        try:
            return super().touch(*args, **kwargs)
        except UNREACHABLE as error:
            _unreachable("touch", error)
            return False

    def delete(self, *args, **kwargs):
        try:
            return super().delete(*args, **kwargs)
        except UNREACHABLE as error:
            _unreachable("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            _unreachable("get_many", error)
            return {}

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            _unreachable("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as error:
            _unreachable("delete_many", error)

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            _unreachable("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            # As for a missing key: django-ratelimit then counts from one again.
            _unreachable("incr", error)
            raise ValueError(f"Key {key!r} not found (cache unreachable)") from error

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            _unreachable("clear", error)
