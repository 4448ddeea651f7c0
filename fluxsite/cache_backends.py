"""A Redis cache that fails open: when Redis is unreachable, reads miss and writes are dropped.

Pages (and the page cache) must keep rendering while Redis is down, so every caching call
answers as an empty cache would, logs once in a while, and stops trying for a few seconds
(one slow connect per outage per process, not one per request). Counters are different:
`incr`/`decr` still raise, so a rate limit built on them fails closed.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 2.0  # seconds without trying Redis after a failure
LOG_EVERY = 30.0  # seconds between two warnings about the same outage


def _fails_open(answer):
    """Wrap a cache method so that while Redis is down it returns `answer(*args)`, as an empty cache would."""

    def wrap(method):
        @functools.wraps(method)
        def tolerant(self, *args, **kwargs):
            if self._up():
                try:
                    return method(self, *args, **kwargs)
                except RedisError as exc:
                    self._failed(method.__name__, exc)
            return answer(*args, **kwargs)

        return tolerant

    return wrap


def _nothing(*args, **kwargs):
    return None


def _no(*args, **kwargs):
    return False


class TolerantRedisCache(RedisCache):
    """Django's RedisCache, except that an outage looks like a cold cache instead of a 500."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._last_log = 0.0

    def _failed(self, operation, exc):
        now = time.monotonic()
        self._down_until = now + RETRY_AFTER
        if now - self._last_log > LOG_EVERY:
            self._last_log = now
            logger.warning("cache: Redis unavailable during %s (%s); serving without the cache", operation, exc)

    def _up(self):
        return time.monotonic() >= self._down_until

    get = _fails_open(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _fails_open(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _fails_open(_no)(RedisCache.has_key)
    set = _fails_open(_nothing)(RedisCache.set)
    add = _fails_open(_no)(RedisCache.add)
    set_many = _fails_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete = _fails_open(_no)(RedisCache.delete)
    delete_many = _fails_open(_nothing)(RedisCache.delete_many)
    touch = _fails_open(_no)(RedisCache.touch)
    clear = _fails_open(_no)(RedisCache.clear)
