"""Sign-up rate limits: per IP and per address, in the shared cache (Redis here), failing closed."""

import uuid

import pytest
import redis
from django.test import override_settings

from fluxsite import ratelimit
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_cache(prefix, location=REDIS_URL):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


@pytest.fixture(autouse=True)
def _own_cache(settings, tmp_path):
    # The default test cache directory is shared by (and cleared by) every xdist worker.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")}
    }


def signup(client, email, ip="198.51.100.7"):
    return client.post("/newsletter/", {"email": email}, REMOTE_ADDR=ip)


def test_parse_rate():
    assert ratelimit.parse_rate("5/h") == (5, 3600)
    assert ratelimit.parse_rate("10/15m") == (10, 900)
    assert ratelimit.parse_rate("1/d") == (1, 86400)


def test_per_address_limit_returns_the_styled_429_page(client, settings):
    settings.NEWSLETTER_SIGNUP_RATE_EMAIL = "2/h"
    email = f"{uuid.uuid4().hex}@example.com"
    assert signup(client, email, "198.51.100.1").status_code == 302
    assert signup(client, email.upper(), "198.51.100.2").status_code == 302
    response = signup(client, email, "198.51.100.3")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many sign-up attempts" in html
    assert html.count("<h1") == 1
    assert response["Retry-After"]
    # Other addresses are unaffected.
    assert signup(client, f"other-{email}", "198.51.100.4").status_code == 302


def test_per_ip_limit_counts_every_post(client, settings):
    settings.NEWSLETTER_SIGNUP_RATE_IP = "3/h"
    ip = "203.0.113.9"
    codes = [signup(client, f"{uuid.uuid4().hex}@example.com", ip).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert Subscriber.objects.count() == 3
    assert signup(client, f"{uuid.uuid4().hex}@example.com", "203.0.113.10").status_code == 302



def test_behind_a_proxy_each_forwarded_client_has_its_own_budget(client, settings):
    settings.BEHIND_PROXY = True
    settings.NEWSLETTER_SIGNUP_RATE_IP = "2/h"
    proxy = "10.0.0.2"  # every request reaches the site from the load balancer

    def via_proxy(forwarded_for):
        return client.post(
            "/newsletter/",
            {"email": f"{uuid.uuid4().hex}@example.com"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code

    first, second = "198.51.100.21", "198.51.100.22"
    assert [via_proxy(first) for _ in range(3)] == [302, 302, 429]
    assert [via_proxy(second) for _ in range(3)] == [302, 302, 429]
    # The proxy appends the address it saw; what the client put before it is only a claim and
    # buys no fresh budget.
    assert via_proxy(f"203.0.113.50, {first}") == 429
    assert Subscriber.objects.count() == 4


def test_without_a_proxy_a_spoofed_forwarded_for_gets_no_fresh_budget(client, settings):
    settings.BEHIND_PROXY = False
    settings.NEWSLETTER_SIGNUP_RATE_IP = "2/h"
    codes = [
        client.post(
            "/newsletter/",
            {"email": f"{uuid.uuid4().hex}@example.com"},
            REMOTE_ADDR="198.51.100.31",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",  # a new "client" each time, all from one socket
        ).status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 429, 429]
    assert Subscriber.objects.count() == 2

def test_limits_are_kept_in_redis_so_every_worker_shares_them(client, settings):
    prefix = f"test-{uuid.uuid4().hex}"
    settings.NEWSLETTER_SIGNUP_RATE_IP = "2/h"
    server = redis.Redis.from_url(REDIS_URL)
    with override_settings(CACHES=redis_cache(prefix)):
        try:
            codes = [signup(client, f"{uuid.uuid4().hex}@example.com", "192.0.2.44").status_code for _ in range(3)]
            keys = server.keys(f"{prefix}:*rl:signup-ip*")
        finally:
            for key in server.scan_iter(f"{prefix}:*"):
                server.delete(key)
    assert codes == [302, 302, 429]
    assert len(keys) == 1
    assert int(server.ttl(keys[0]) if server.exists(keys[0]) else 1) > 0


def test_redis_unreachable_fails_closed_without_a_500(client):
    # Port 9 (discard) has nothing listening: the cache raises on every call.
    with override_settings(CACHES=redis_cache("down", location="redis://127.0.0.1:9/0")):
        response = signup(client, "closed@example.com")
        assert response.status_code == 503
        assert "Sign-ups are paused" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        # The landing page itself still renders (it only reads the database).
    assert Subscriber.objects.count() == 0


def test_hit_raises_when_the_store_is_down():
    with override_settings(CACHES=redis_cache("down", location="redis://127.0.0.1:9/0")):
        with pytest.raises(ratelimit.RateLimitUnavailable):
            ratelimit.hit("g", "v", "1/h")


def test_without_redis_counts_live_in_postgresql_and_ended_windows_are_pruned():
    from datetime import timedelta

    from django.utils import timezone

    from fluxsite.models import RateLimitCounter

    ended = RateLimitCounter.objects.create(key="rl:old", count=9, expires_at=timezone.now() - timedelta(seconds=1))
    assert [ratelimit.hit("g", "v", "2/h") for _ in range(3)] == [False, False, True]
    (row,) = RateLimitCounter.objects.all()
    assert row.count == 3 and row.expires_at > timezone.now()
    assert not RateLimitCounter.objects.filter(pk=ended.pk).exists()
