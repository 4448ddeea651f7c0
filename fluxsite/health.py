"""What `/healthz?deep=1` tells an operator about the queue: is a worker polling, is work waiting too long."""

from django.conf import settings
from django.db import connection

_QUEUE = """
    SELECT
        extract(epoch FROM now() - (SELECT max(last_heartbeat) FROM procrastinate_workers)),
        (SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'
            AND (scheduled_at IS NULL OR scheduled_at <= now())),
        extract(epoch FROM now() - (
            SELECT min(greatest(j.scheduled_at, e.at))
            FROM procrastinate_jobs j JOIN procrastinate_events e ON e.job_id = j.id AND e.type = 'deferred'
            WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
        ))
"""


def queue_health():
    """(healthy, report): a worker heartbeat within HEALTHZ_WORKER_SILENCE s, no job due for over HEALTHZ_QUEUE_WAIT s."""
    with connection.cursor() as cursor:
        cursor.execute(_QUEUE)
        silence, waiting, oldest = cursor.fetchone()
    worker_ok = silence is not None and silence <= settings.HEALTHZ_WORKER_SILENCE
    queue_ok = oldest is None or oldest <= settings.HEALTHZ_QUEUE_WAIT
    report = {
        "worker": "ok" if worker_ok else ("none" if silence is None else "silent"),
        "worker_last_seen_s": None if silence is None else round(float(silence), 1),
        "jobs_waiting": waiting,
        "oldest_wait_s": None if oldest is None else round(float(oldest), 1),
        "queue": "ok" if queue_ok else "stuck",
    }
    return worker_ok and queue_ok, report
