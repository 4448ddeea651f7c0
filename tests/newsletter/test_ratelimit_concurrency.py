"""Sign-up limits hold under concurrent requests on every cache backend the README offers."""

import threading
import uuid

import pytest
import redis
from django.db import connection, connections
from django.test import Client

from newsletter.models import Subscriber

REDIS_URL = "redis://127.0.0.1:6379/0"


def _file_cache(tmp_path, prefix):
    return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")}


def _redis_cache(tmp_path, prefix):
    return {
        "BACKEND": "fluxsite.cache_backends.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }


@pytest.fixture(params=[_file_cache, _redis_cache], ids=["file-cache", "redis"])
def cache_backend(request, settings, tmp_path):
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": request.param(tmp_path, prefix)}
    yield
    if request.param is _redis_cache:
        server = redis.Redis.from_url(REDIS_URL)
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


def fire(n, make_post):
    """POST to /newsletter/ from n threads at once; return the status codes."""
    barrier = threading.Barrier(n)
    codes = []

    def one(i):
        client = Client()
        data, meta = make_post(i)
        barrier.wait()
        try:
            codes.append(client.post("/newsletter/", data, **meta).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(codes)


def confirmation_jobs():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'newsletter.tasks.send_confirmation'")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_per_address_limit_holds_under_50_concurrent_signups(cache_backend, settings):
    settings.NEWSLETTER_SIGNUP_RATE_EMAIL = "3/h"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    email = f"{uuid.uuid4().hex}@example.com"
    codes = fire(50, lambda i: ({"email": email}, {"REMOTE_ADDR": f"198.51.100.{i + 1}"}))
    assert len(codes) == 50
    assert codes.count(302) == 3 and codes.count(429) == 47
    assert Subscriber.objects.count() == 1
    assert confirmation_jobs() == 3  # one confirmation mail per accepted sign-up, never more


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_per_ip_limit_holds_under_50_concurrent_signups(cache_backend, settings):
    settings.NEWSLETTER_SIGNUP_RATE_IP = "10/h"
    codes = fire(50, lambda i: ({"email": f"{uuid.uuid4().hex}@example.com"}, {"REMOTE_ADDR": "203.0.113.77"}))
    assert codes.count(302) == 10 and codes.count(429) == 40
    assert Subscriber.objects.count() == 10
