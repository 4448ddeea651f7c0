"""Fixed-window rate limits that hold under concurrent requests, in every process.

With a Redis cache (CACHE_URL=redis://…) the counts live there: ``add`` is SET NX and ``incr`` is
INCR, atomic across gunicorn workers and machines. Any other cache (the default file cache, the
database cache) has no atomic add/incr, so the counts live in PostgreSQL instead: one
INSERT … ON CONFLICT DO UPDATE … RETURNING per request. If the store can't be reached the limit
fails closed: the caller refuses the request.
"""

import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from fluxsite.models import RateLimitCounter

logger = logging.getLogger(__name__)


class RateLimitUnavailable(Exception):
    """The store that keeps the counts is unreachable; refuse rather than allow unlimited use."""


def parse_rate(rate):
    """'5/h' → (5, 3600). Units: s, m, h, d, optionally with a multiplier ('10/15m')."""
    count, _, period = rate.partition("/")
    unit = period[-1]
    multiplier = int(period[:-1] or 1)
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    return int(count), multiplier * seconds


def cache_counts_atomically():
    """True when the default cache is Redis (SET NX and INCR are atomic there)."""
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def hit(group, value, rate):
    """Count one request for `value` in `group`; return True when it is over the limit."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now) // period
    digest = hashlib.sha256(f"{value}".encode()).hexdigest()[:32]
    key = f"rl:{group}:{period}:{window}:{digest}"
    try:
        if cache_counts_atomically():
            count = _count_in_cache(key, period)
        else:
            count = _count_in_database(key, expires=(window + 1) * period)
    except Exception as exc:  # noqa: BLE001 - any store failure (socket, Redis, database) fails closed
        logger.warning("rate limit store unavailable for %s: %s", group, exc)
        raise RateLimitUnavailable(str(exc)) from exc
    return count > limit


def _count_in_cache(key, period):
    if cache.add(key, 1, period + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: start the window again
        cache.add(key, 1, period + 5)
        return 1


_UPSERT = f"""
INSERT INTO {RateLimitCounter._meta.db_table} (key, count, expires_at) VALUES (%s, 1, %s)
ON CONFLICT (key) DO UPDATE SET count = {RateLimitCounter._meta.db_table}.count + 1
RETURNING count
"""  # noqa: S608 - the table name comes from model meta


_PRUNE = f"""
DELETE FROM {RateLimitCounter._meta.db_table} WHERE key IN (
  SELECT key FROM {RateLimitCounter._meta.db_table} WHERE expires_at < now() LIMIT 1000 FOR UPDATE SKIP LOCKED
)
"""  # noqa: S608


def _count_in_database(key, *, expires):
    expires_at = datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint inside a request's transaction
        cursor.execute(_UPSERT, [key, expires_at])
        count = cursor.fetchone()[0]
        if count == 1:  # a new key: forget windows that ended (rows another request holds are left for later)
            cursor.execute(_PRUNE)
    return count
