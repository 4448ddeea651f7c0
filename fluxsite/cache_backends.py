"""A Redis cache that fails open: when Redis is unreachable, reads miss and writes are dropped.

Pages (and the page cache) must keep rendering while Redis is down, so every caching call
answers as an empty cache would, logs once in a while, and stops trying for a few seconds
(one slow connect per outage per process, not one per request). Counters are different:
`incr`/`decr` still raise, so a rate limit built on them fails closed.
"""

import logging
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 2.0  # seconds without trying Redis after a failure
LOG_EVERY = 30.0  # seconds between two warnings about the same outage


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool instead of building one per call.

    redis-py's client constructor registers ~170 response callbacks; per cache call that cost more
    CPU than the round-trip itself. The client is thread-safe (connections come from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class TolerantRedisCache(RedisCache):
    """Django's RedisCache, except that an outage looks like a cold cache instead of a 500."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0
        self._last_log = 0.0
        self._own = threading.local()

    def _failed(self, operation, exc):
        now = time.monotonic()
        self._down_until = now + RETRY_AFTER
        if now - self._last_log > LOG_EVERY:
            self._last_log = now
            logger.warning("cache: Redis unavailable during %s (%s); serving without the cache", operation, exc)

    def _up(self):
        return time.monotonic() >= self._down_until

    def get(self, key, default=None, version=None):
        if self._up():
            try:
                return self._get_on_own_connection(self.make_and_validate_key(key, version=version), default)
            except RedisError as exc:
                self._failed("get", exc)
        return default

    def _get_on_own_connection(self, key, default):
        """GET on a connection this thread keeps to itself: no pool checkout, no retry wrapper.

        A page-cache hit is one GET (the generation) and a dictionary lookup, so the client's own
        work shows: redis-py's pooled `get` took 73 µs of CPU here, this 53. A failed command
        drops the connection (a late reply must never answer the next GET); the next call
        connects afresh.
        """
        own = self._own
        if getattr(own, "pid", None) != os.getpid():  # a new thread, or a forked worker
            own.connection, own.pid = self._cache._get_connection_pool(False).make_connection(), os.getpid()
        connection = own.connection
        try:
            connection.send_command("GET", key)
            value = connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        return default if value is None else self._cache._serializer.loads(value)

    def get_many(self, keys, version=None):
        if self._up():
            try:
                return super().get_many(keys, version)
            except RedisError as exc:
                self._failed("get_many", exc)
        return {}

    def has_key(self, key, version=None):
        if self._up():
            try:
                return super().has_key(key, version)
            except RedisError as exc:
                self._failed("has_key", exc)
        return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._up():
            try:
                return super().set(key, value, timeout, version)
            except RedisError as exc:
                self._failed("set", exc)
        return None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._up():
            try:
                return super().add(key, value, timeout, version)
            except RedisError as exc:
                self._failed("add", exc)
        return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if self._up():
            try:
                return super().set_many(data, timeout, version)
            except RedisError as exc:
                self._failed("set_many", exc)
        return list(data)

    def delete(self, key, version=None):
        if self._up():
            try:
                return super().delete(key, version)
            except RedisError as exc:
                self._failed("delete", exc)
        return False

    def delete_many(self, keys, version=None):
        if self._up():
            try:
                return super().delete_many(keys, version)
            except RedisError as exc:
                self._failed("delete_many", exc)
        return None

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        if self._up():
            try:
                return super().touch(key, timeout, version)
            except RedisError as exc:
                self._failed("touch", exc)
        return False

    def clear(self):
        if self._up():
            try:
                return super().clear()
            except RedisError as exc:
                self._failed("clear", exc)
        return False
