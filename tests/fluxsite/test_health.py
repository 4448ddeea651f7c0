"""/healthz?deep=1: the queue as an operator needs to see it (a silent worker, jobs waiting too long)."""

import pytest
from django.db import connection


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _worker(seconds_ago):
    _sql("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - make_interval(secs => %s))", seconds_ago)


def _job(waited, scheduled_in=None):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, scheduled_at) "
            "VALUES ('newsletter', 'newsletter.tasks.x', now() + make_interval(secs => %s)) RETURNING id",
            [scheduled_in],
        )
        job = cursor.fetchone()[0]
        cursor.execute("UPDATE procrastinate_events SET at = now() - make_interval(secs => %s) WHERE job_id = %s",
                       [waited, job])


@pytest.fixture
def deep(client, db):
    def get():
        response = client.get("/healthz?deep=1")
        return response.status_code, response.json()

    return get


def test_a_polling_worker_and_no_waiting_jobs_are_healthy(deep):
    _worker(seconds_ago=5)
    status, body = deep()
    assert status == 200
    assert body["status"] == "ok" and body["worker"] == "ok" and body["queue"] == "ok"
    assert body["jobs_waiting"] == 0


def test_no_worker_or_a_silent_one_is_a_503(deep, settings):
    status, body = deep()
    assert (status, body["worker"]) == (503, "none")
    _worker(seconds_ago=settings.HEALTHZ_WORKER_SILENCE + 30)
    status, body = deep()
    assert (status, body["worker"]) == (503, "silent")
    assert body["worker_last_seen_s"] >= settings.HEALTHZ_WORKER_SILENCE + 30


def test_a_job_due_for_too_long_is_a_503_but_a_scheduled_one_is_not(deep, settings):
    _worker(seconds_ago=1)
    _job(waited=settings.HEALTHZ_QUEUE_WAIT + 60, scheduled_in=3600)  # due in an hour: not waiting
    _job(waited=30)
    status, body = deep()
    assert (status, body["queue"], body["jobs_waiting"]) == (200, "ok", 1)
    _job(waited=settings.HEALTHZ_QUEUE_WAIT + 60)
    status, body = deep()
    assert (status, body["queue"], body["jobs_waiting"]) == (503, "stuck", 2)
    assert body["oldest_wait_s"] >= settings.HEALTHZ_QUEUE_WAIT + 60


def test_the_plain_check_stays_database_only(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
