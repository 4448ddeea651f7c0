"""The database stops under a running site: the 503 page and /healthz 503, then recovery by itself."""

import json
import time

import pytest

from tests.servers import get, gunicorn, production_env

# The mark makes pytest-django create the test database, which stoppable_database copies.
pytestmark = pytest.mark.django_db


def _wait_for(check, timeout=30, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return False


def test_site_answers_503_while_the_database_is_down_and_recovers(stoppable_database, collected_static, tmp_path):
    env = production_env(
        DATABASE_URL=stoppable_database.url,
        SITE_URL="http://127.0.0.1",
        STATIC_ROOT=collected_static,
        CACHE_URL="locmemcache://",
        CONN_MAX_AGE=600,  # persistent connections, as in production: the broken ones must be replaced
        PAGE_CACHE=0,  # every request reaches the database (cached pages would hide the outage)
    )
    with gunicorn(env, workers=2, log_dir=tmp_path) as base:
        for _ in range(6):  # every worker opens its persistent connection
            assert get(base, "/")[0] == 200
        assert json.loads(get(base, "/healthz")[2]) == {"status": "ok", "database": "ok"}

        stoppable_database.stop()
        for _ in range(6):
            status, headers, body = get(base, "/")
            assert status == 503, status
            assert b"Back in a moment" in body and b"Traceback" not in body
            assert headers["Retry-After"] == "30"
            status, _, body = get(base, "/healthz")
            assert status == 503
            assert json.loads(body) == {"status": "error", "database": "unavailable"}

        stoppable_database.start()
        assert _wait_for(lambda: get(base, "/healthz")[0] == 200), "healthz did not recover"
        # No restart, no intervention: every worker serves pages again.
        assert all(get(base, "/")[0] == 200 for _ in range(10))
        assert all(get(base, "/healthz")[0] == 200 for _ in range(4))

        # A restart between requests (a failover, a minor upgrade) leaves every persistent
        # connection dead; CONN_HEALTH_CHECKS replaces them before use, so no reader sees an error.
        stoppable_database.stop()
        stoppable_database.start()
        assert [get(base, "/")[0] for _ in range(10)] == [200] * 10
    log = (tmp_path).glob("gunicorn-*.log")
    assert not any("WORKER TIMEOUT" in p.read_text() for p in log)


def test_a_process_started_during_the_outage_still_serves_cached_pages(stoppable_database, collected_static, tmp_path):
    env = production_env(
        DATABASE_URL=stoppable_database.url,
        SITE_URL="http://127.0.0.1",
        STATIC_ROOT=collected_static,
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",  # shared by both servers, as Redis would be
    )
    site = {"Host": "localhost"}  # one site name for both servers (the page key includes it)
    with gunicorn(env, log_dir=tmp_path) as base:
        assert [get(base, "/", site)[0] for _ in range(2)] == [200, 200]
        assert get(base, "/", site)[1]["X-Page-Cache"] == "hit"
    stoppable_database.stop()
    # A worker recycled (max_requests) or a node started while the database is down has never read
    # the content generation; it takes the one the running processes shared, and serves from the cache.
    with gunicorn(env, log_dir=tmp_path) as base:
        status, headers, body = get(base, "/", site)
        assert (status, headers["X-Page-Cache"]) == (200, "hit"), body[:300]
        assert get(base, "/tags/never-cached/", site)[0] == 503  # not cached: needs the database
    stoppable_database.start()
