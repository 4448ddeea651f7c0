"""Counters kept in the process and added to PostgreSQL together, every few seconds.

A count made during a reader's request (a page view, an outbound click, a sign-up's source page)
costs a dictionary update, not a database write. Each `Tally` belongs to a daily-count model whose
unique constraint names its key columns; `flush()` adds everything counted since the last flush
in one `INSERT … ON CONFLICT DO UPDATE SET n = n + EXCLUDED.n`, so concurrent processes add up
instead of overwriting each other. A background thread per process flushes every
`COUNT_FLUSH_SECONDS` or as soon as `COUNT_FLUSH_VIEWS` counts are waiting; gunicorn's
`worker_exit` hook and `atexit` flush what is left when a process stops. A process killed
outright (SIGKILL, a worker timeout) loses at most one interval's counts.
"""

import atexit
import logging
import os
import threading
from collections import Counter

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction

logger = logging.getLogger(__name__)

# Kept (not dropped) after a failed flush, up to this many distinct keys per tally: a database outage
# must not lose counts, nor grow the process without bound.
MAX_PENDING_KEYS = 100_000

_tallies = []


class Tally:
    """Counts for `model`'s `count_field`, keyed by the fields of its unique constraint."""

    def __init__(self, model, count_field, *, keep=None):
        self.model = model
        self.count_field = count_field
        self.keep = keep  # optional: keys -> the keys worth storing (e.g. pages that exist)
        self.lock = threading.Lock()
        self.pending = Counter()
        self.waiting = 0  # counts added since the last take()
        self._sql = None
        _tallies.append(self)

    @property
    def key_fields(self):
        unique = next(c for c in self.model._meta.constraints if isinstance(c, models.UniqueConstraint))
        return [self.model._meta.get_field(name) for name in unique.fields]

    def add(self, key, n=1):
        """Count `n` for `key`, a tuple of values in the unique constraint's field order."""
        with self.lock:
            if key not in self.pending and len(self.pending) >= MAX_PENDING_KEYS:
                return
            self.pending[key] += n
            self.waiting += n
            waiting = self.waiting
        flusher.counted(waiting)

    def discard(self):
        with self.lock:
            self.pending, self.waiting = Counter(), 0

    def take(self):
        with self.lock:
            taken, self.pending, self.waiting = self.pending, Counter(), 0
        return taken

    def give_back(self, counts):
        with self.lock:
            for key, n in counts.items():
                if key in self.pending or len(self.pending) < MAX_PENDING_KEYS:
                    self.pending[key] += n

    def sql(self):
        """INSERT … SELECT FROM unnest(arrays) … ON CONFLICT: one statement whatever the batch size.

        Rows whose foreign key no longer exists (a tool deleted since the click) are left out
        rather than failing the batch; rows go in key order, so two processes flushing the same
        keys lock them in the same order and can't deadlock.
        """
        if self._sql is None:
            # Every name comes from the model's meta, quoted; values go as parameters.
            quote = connection.ops.quote_name
            table = quote(self.model._meta.db_table)
            fields = self.key_fields
            columns = ", ".join(quote(field.column) for field in fields)
            values = ", ".join(f"v.{quote(field.column)}" for field in fields)
            count = quote(self.model._meta.get_field(self.count_field).column)
            arrays = ", ".join(
                f"%s::{field.rel_db_type(connection) if field.is_relation else field.db_type(connection)}[]"
                for field in fields
            )
            exists = " AND ".join(
                f"EXISTS (SELECT 1 FROM {quote(field.related_model._meta.db_table)} r "  # noqa: S608
                f"WHERE r.{quote(field.target_field.column)} = v.{quote(field.column)})"
                for field in fields if field.is_relation
            )
            self._sql = (
                f"INSERT INTO {table} ({columns}, {count}) SELECT {values}, v.n "  # noqa: S608
                f"FROM unnest({arrays}, %s::integer[]) AS v({columns}, n) {'WHERE ' + exists if exists else ''} "
                f"ORDER BY {values} ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
            )
        return self._sql

    def flush(self):
        """Add the pending counts to the table in one statement; return how many keys were written.

        On a database error the counts go back into the tally for the next flush.
        """
        counts = self.take()
        if self.keep and counts:
            kept = set(self.keep(list(counts)))
            counts = Counter({key: n for key, n in counts.items() if key in kept})
        if not counts:
            return 0
        keys = sorted(counts)
        columns = [list(values) for values in zip(*keys, strict=True)]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(self.sql(), [*columns, [counts[key] for key in keys]])
        except Exception:
            logger.exception("could not store %d counts of %s; keeping them for the next flush",
                             sum(counts.values()), self.model._meta.label)
            self.give_back(counts)
            raise
        return len(keys)


def flush_all():
    """Flush every tally of this process; a failing one doesn't stop the others."""
    written = 0
    for tally in _tallies:
        try:
            written += tally.flush()
        except Exception:  # noqa: BLE001, S112 - logged in flush(); the counts wait for the next one
            continue
    return written


def discard_all():
    """Forget every pending count of this process (tests)."""
    for tally in _tallies:
        tally.discard()


class Flusher:
    """The process's background thread that flushes every tally now and then."""

    def __init__(self):
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.pid = None

    def counted(self, waiting):
        if self.pid != os.getpid():
            self.start()
        if waiting >= settings.COUNT_FLUSH_VIEWS:
            self.wake.set()

    def start(self):
        """Start the thread in this process (once; again in a forked child); 0 seconds means never."""
        interval = settings.COUNT_FLUSH_SECONDS
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            if interval <= 0:
                return
            atexit.register(flush_all)
            threading.Thread(target=self.run, args=(interval,), name="tally-flusher", daemon=True).start()

    def run(self, interval):
        while True:
            self.wake.wait(interval)
            self.wake.clear()
            flush_all()
            close_old_connections()


flusher = Flusher()
