"""Admin brute-force protection: django-axes locks a username + IP pair after a few failures."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


def _attempt(client, username, password, ip=ATTACKER):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail_until_locked(client, username, ip=ATTACKER):
    responses = [_attempt(client, username, f"wrong-{n}", ip) for n in range(django_settings.AXES_FAILURE_LIMIT)]
    assert all(r.status_code == 200 for r in responses[:-1]), "the form shows its error before the limit"
    return responses[-1]


def _logged_in(client):
    return client.get("/admin/").status_code == 200


def test_lockout_after_the_failure_limit_shows_a_clear_page(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        response = _fail_until_locked(client, editor.username)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Sign-in paused" in body
    assert "30 minutes" in body
    assert response["Retry-After"] == "1800"
    lockouts = [r.getMessage() for r in caplog.records if "Locking out" in r.getMessage()]
    assert lockouts, "lockouts are logged"
    assert editor.username in lockouts[0] and ATTACKER in lockouts[0]


def test_correct_password_is_refused_during_the_cool_off(client, editor):
    _fail_until_locked(client, editor.username)
    response = _attempt(client, editor.username, "pw-for-tests-1")
    assert response.status_code == 429
    assert not _logged_in(client)


def test_correct_password_works_again_after_the_cool_off(client, editor):
    _fail_until_locked(client, editor.username)
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        response = _attempt(client, editor.username, "pw-for-tests-1")
        assert response.status_code == 302
        assert _logged_in(client)


def test_lockout_is_per_username_and_ip(client, editor, writer):
    _fail_until_locked(client, editor.username)
    # The same person from another address, and another person from the attacker's address, get in.
    assert _attempt(client, editor.username, "pw-for-tests-1", ip=COLLEAGUE).status_code == 302
    client.logout()
    assert _attempt(client, writer.username, "pw-for-tests-1").status_code == 302


def test_a_successful_login_resets_the_count(client, editor):
    for n in range(django_settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, editor.username, f"wrong-{n}")
    assert _attempt(client, editor.username, "pw-for-tests-1").status_code == 302
    client.logout()
    for n in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, editor.username, f"wrong-again-{n}").status_code == 200
    assert _attempt(client, editor.username, "pw-for-tests-1").status_code == 302


def test_unknown_usernames_are_locked_out_too(client, db):
    assert _fail_until_locked(client, "admin").status_code == 429


def test_behind_a_proxy_the_forwarded_client_is_locked_not_the_proxy(client, editor, settings):
    settings.BEHIND_PROXY = True
    proxy = "10.0.0.2"

    def via_proxy(password, client_ip):
        return client.post(
            LOGIN,
            {"username": editor.username, "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_ip}",  # the first hop is the client's own claim
        )

    for n in range(django_settings.AXES_FAILURE_LIMIT - 1):
        via_proxy(f"wrong-{n}", ATTACKER)
    assert via_proxy("wrong-last", ATTACKER).status_code == 429
    assert via_proxy("pw-for-tests-1", COLLEAGUE).status_code == 302
