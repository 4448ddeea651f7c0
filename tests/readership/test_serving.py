"""Counting through the real gunicorn: the background flush and the flush when a worker stops."""

import http.client
import time
from urllib.parse import urlencode

import pytest

from readership.models import DailyPageView, DailyReferrer
from tests.servers import database_url, gunicorn, production_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def post_beacon(base, path, referrer=""):
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("POST", "/count/", urlencode({"p": path, "r": referrer}),
                     {"Content-Type": "application/x-www-form-urlencoded", "Origin": base})
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Set-Cookie")
    finally:
        conn.close()


def stored_views():
    return sum(DailyPageView.objects.values_list("views", flat=True))


def site_env(static_root, **overrides):
    from django.db import connection

    return production_env(DATABASE_URL=database_url(connection.settings_dict), SITE_URL="http://127.0.0.1",
                          STATIC_ROOT=static_root, **overrides)


def test_counts_reach_the_database_in_the_background_and_when_workers_stop(make_article, collected_static, tmp_path):
    path = make_article().get_absolute_url()
    env = site_env(collected_static, COUNT_FLUSH_SECONDS=3600, COUNT_FLUSH_VIEWS=5)
    with gunicorn(env, workers=1, log_dir=tmp_path) as base:
        # Five views wake the worker's flusher at once; the hour-long timer never fires here.
        assert [post_beacon(base, path, "news.example.org") for _ in range(5)] == [(204, None)] * 5
        deadline = time.monotonic() + 10
        while stored_views() < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert stored_views() == 5, "the threshold flushed without waiting for the timer"
        # Three more: below the threshold, so they wait in the worker's tallies …
        for _ in range(3):
            assert post_beacon(base, path)[0] == 204
        time.sleep(0.5)
        assert stored_views() == 5
    # … until gunicorn stops the worker, which stores what it holds.
    row = DailyPageView.objects.get()
    assert (row.path, row.route, row.views) == (path, "articles:detail", 8)
    assert DailyReferrer.objects.get().views == 5
