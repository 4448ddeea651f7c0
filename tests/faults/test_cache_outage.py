"""Redis unreachable, or dying under a running site: pages are still served (from the database)."""

import time

import pytest

from tests.servers import database_url, free_port, get, gunicorn, production_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def pages(make_article):
    article = make_article(tags=["open-weights"])
    return ["/", article.get_absolute_url(), f"/sections/{article.section.slug}/", "/tags/open-weights/",
            "/authors/flux-desk/", "/healthz", "/admin/login/"]


def _site_env(cache_url, static_root):
    from django.db import connection

    return production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        SITE_URL="http://127.0.0.1",
        STATIC_ROOT=static_root,
        CACHE_URL=cache_url,
        LOG_LEVEL="WARNING",
    )


def _statuses(base, paths):
    return {path: get(base, path)[0] for path in paths}


def test_pages_are_served_when_redis_is_unreachable(pages, collected_static, tmp_path):
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with gunicorn(_site_env(closed, collected_static), log_dir=tmp_path) as base:
        started = time.monotonic()
        assert _statuses(base, pages) == dict.fromkeys(pages, 200)
        assert time.monotonic() - started < 30, "an unreachable cache must fail fast, not hang each page"
    log = next(tmp_path.glob("gunicorn-*.log")).read_text()
    assert "Redis unavailable" in log, "the outage is logged"


def test_pages_survive_redis_dying_and_use_it_again_when_back(pages, own_redis, collected_static, tmp_path):
    with gunicorn(_site_env(own_redis.url, collected_static), log_dir=tmp_path) as base:
        assert _statuses(base, pages) == dict.fromkeys(pages, 200)
        assert own_redis.client.keys("flux:*nav-section-links"), "the cache is in use"

        own_redis.kill()
        assert _statuses(base, pages) == dict.fromkeys(pages, 200)

        own_redis.start()  # empty, as after a restart without persistence
        # The site leaves Redis alone for a couple of seconds after a failure (TolerantRedisCache),
        # then uses it again by itself.
        # Pages already in each process's copy stay current (the generation lives in PostgreSQL);
        # a page rendered now is stored in Redis again.
        deadline = time.monotonic() + 15
        attempt = 0
        while time.monotonic() < deadline:
            attempt += 1
            assert _statuses(base, [*pages, f"/?after-restart={attempt}"]) == dict.fromkeys([*pages, f"/?after-restart={attempt}"], 200)
            if own_redis.client.keys("flux:*page:*"):
                break
            time.sleep(0.5)
        assert own_redis.client.keys("flux:*page:*"), "the cache is used again, without a site restart"


@pytest.fixture
def own_cache(own_redis, monkeypatch):
    from fluxsite import cache_backends

    monkeypatch.setattr(cache_backends, "RETRY_AFTER", 0.0)  # retry at once, for the test's pace
    return cache_backends.TolerantRedisCache(
        own_redis.url, {"KEY_PREFIX": "t", "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.25}}
    )


def test_a_read_that_timed_out_never_answers_the_next_read(own_redis, own_cache):
    # Reads use a connection the thread keeps; a reply that came too late must not be taken
    # as the answer to the next GET on that connection.
    own_cache.set("a", "A")
    own_cache.set("b", "B")
    assert own_cache.get("a") == "A"
    own_redis.client.execute_command("CLIENT", "PAUSE", 500)
    assert own_cache.get("a", "missed") == "missed"  # timed out: fails open
    time.sleep(0.6)
    assert own_cache.get("b") == "B"
    assert own_cache.get("a") == "A"


def test_reads_reconnect_after_a_redis_restart(own_redis, own_cache):
    own_cache.set("page", "old")
    assert own_cache.get("page") == "old"
    own_redis.kill()
    assert own_cache.get("page", "missed") == "missed"
    own_redis.start()  # empty, as after a restart without persistence
    assert own_cache.get("page", "missed") == "missed"
    own_cache.set("page", "new")
    assert own_cache.get("page") == "new"


def test_threads_reading_at_once_each_get_their_own_answers(own_cache):
    from concurrent.futures import ThreadPoolExecutor

    own_cache.set_many({f"key-{n}": n for n in range(8)})

    def read(n):
        return [own_cache.get(f"key-{n}") for _ in range(300)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(read, range(8)))
    assert answers == [[n] * 300 for n in range(8)]
