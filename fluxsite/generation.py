"""The content generation: the number that says whether a cached page is still current.

It lives in PostgreSQL, beside the content (one row of `fluxsite.ContentGeneration`), and every
public edit moves it in the edit's own transaction: the edit and the new generation commit
together or not at all, so a cache outage, a restart or a restore can't lose an invalidation.

Reading it costs no round-trip. Each process keeps one connection that LISTENs on
`CHANNEL`; a bump NOTIFYs the new value, which PostgreSQL delivers when the edit commits. A read
polls that connection's socket without blocking and applies what arrived. Values only grow: a bump
sets the row to the larger of (value + 1) and the database clock in microseconds, so a database
restored from an older backup still moves past every generation served before.

When the database is unreachable nothing can be edited, so the last value seen stays correct and
cached pages keep serving; the connection is retried at most once a second and, once back, re-reads
the row (a restore or a bump made while this process was cut off).
"""

import logging
import os
import select
import threading
import time

import psycopg
from django.db import connection, transaction

logger = logging.getLogger(__name__)

CHANNEL = "flux_content_generation"  # also named in _BUMP
RETRY_SECONDS = 1.0

_BUMP = """
    WITH bumped AS (
        INSERT INTO fluxsite_contentgeneration (id, value)
        VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
        ON CONFLICT (id) DO UPDATE
        SET value = GREATEST(fluxsite_contentgeneration.value + 1, EXCLUDED.value)
        RETURNING value
    )
    SELECT value, pg_notify('flux_content_generation', value::text) FROM bumped
"""
_READ = "SELECT value FROM fluxsite_contentgeneration WHERE id = 1"


def bump():
    """Move the generation, in the current transaction if there is one (visible when it commits)."""
    with connection.cursor() as cursor:
        cursor.execute(_BUMP)
        value = cursor.fetchone()[0]
    if connection.in_atomic_block:
        # Until it commits, only this connection sees the new value: requests it serves in the
        # same transaction (and tests, which run inside one) render at it. Dropped on rollback.
        connection.flux_pending_generation = (connection.atomic_blocks[0], value)
        transaction.on_commit(lambda: watcher.saw(value))
    else:
        watcher.saw(value)
    return value


def current():
    """The generation a cached page must carry to be served (None before the database was ever reached)."""
    value = watcher.current()
    pending = getattr(connection, "flux_pending_generation", None)
    if pending is not None:
        if connection.in_atomic_block and connection.atomic_blocks[0] is pending[0]:
            return pending[1] if value is None else max(value, pending[1])
        connection.flux_pending_generation = None  # committed (the watcher has it) or rolled back
    return value


class Watcher:
    """This process's view of the generation, kept current by LISTEN/NOTIFY on its own connection."""

    def __init__(self):
        self.value = None
        self.conn = None
        self.pid = None
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def saw(self, value):
        with self.lock:
            self._advance(value)

    def current(self):
        with self.lock:
            if self.conn is not None and self.pid != os.getpid():
                self.conn = None  # inherited across fork: the parent owns that socket
            try:
                if self.conn is None:
                    if time.monotonic() >= self.retry_at:
                        self._connect()
                elif select.select([self.conn.fileno()], [], [], 0)[0]:
                    for notify in self.conn.notifies(timeout=0):
                        self._advance(int(notify.payload))
            except (psycopg.Error, OSError, ValueError):
                logger.warning("content generation: database unreachable, keeping %s", self.value, exc_info=True)
                self._drop()
                self.retry_at = time.monotonic() + RETRY_SECONDS
            return self.value

    def close(self):
        with self.lock:
            self._drop()
            self.value = None
            self.retry_at = 0.0

    def _connect(self):
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.setdefault("connect_timeout", 2)
        conn = psycopg.connect(**params, autocommit=True)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
            row = conn.execute(_READ).fetchone()
        except BaseException:
            conn.close()
            raise
        self.conn, self.pid = conn, os.getpid()
        if row is not None:
            self._advance(row[0])

    def _advance(self, value):
        if self.value is None or value > self.value:
            self.value = value

    def _drop(self):
        if self.conn is not None and self.pid == os.getpid():
            self.conn.close()  # psycopg's close() doesn't raise on a broken connection
        self.conn = None


watcher = Watcher()
