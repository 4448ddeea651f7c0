"""Fixed-window rate limits kept in the Django cache (Redis when CACHE_URL is set).

On Redis, ``add`` is SET NX and ``incr`` is INCR, so the count holds across gunicorn workers and
machines. If the cache can't be reached the limit fails closed: the caller refuses the request.
"""

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


class RateLimitUnavailable(Exception):
    """The cache that keeps the counts is unreachable; refuse rather than allow unlimited use."""


def parse_rate(rate):
    """'5/h' → (5, 3600). Units: s, m, h, d, optionally with a multiplier ('10/15m')."""
    count, _, period = rate.partition("/")
    unit = period[-1]
    multiplier = int(period[:-1] or 1)
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    return int(count), multiplier * seconds


def hit(group, value, rate):
    """Count one request for `value` in `group`; return True when it is over the limit."""
    limit, period = parse_rate(rate)
    window = int(time.time()) // period
    digest = hashlib.sha256(f"{value}".encode()).hexdigest()[:32]
    key = f"rl:{group}:{period}:{window}:{digest}"
    try:
        if cache.add(key, 1, period + 5):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr: start the window again
                cache.add(key, 1, period + 5)
                count = 1
    except Exception as exc:  # noqa: BLE001 - any cache failure (socket, Redis, disk) fails closed
        logger.warning("rate limit store unavailable for %s: %s", group, exc)
        raise RateLimitUnavailable(str(exc)) from exc
    return count > limit
