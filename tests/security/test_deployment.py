"""Production settings pass Django's deployment checks and send the security headers."""

import json
import subprocess
import sys

import pytest
from django.test import override_settings

from tests.servers import BASE_DIR, database_url, get, gunicorn, production_env

PRODUCTION = {
    "SITE_URL": "https://flux.example",
    "ALLOWED_HOSTS": "flux.example",
    # Settings never connect on import; the checks below need no database.
    "DATABASE_URL": "postgres://flux@db.example/flux",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_catches_an_insecure_production(tmp_path):
    # The check is live, not silenced: plain http production gets the expected warnings.
    result = _manage("check", "--deploy", **{**PRODUCTION, "SITE_URL": "http://flux.example"})
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W012" in result.stderr  # session cookie not secure


def _settings_of(**env):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
        "for k in ['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'DEBUG', 'AXES_ENABLED']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(DJANGO_SETTINGS_MODULE="fluxsite.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_site_turns_on_hsts_secure_cookies_and_redirect():
    values = _settings_of(**PRODUCTION)
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["DEBUG"] is False
    assert values["AXES_ENABLED"] is True


def test_plain_http_site_sends_no_hsts():
    values = _settings_of(**{**PRODUCTION, "SITE_URL": "http://127.0.0.1:8000"})
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_SSL_REDIRECT"] is False


# --- Headers on every kind of response ----------------------------------------------------------


def _assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/healthz", "/admin/login/", "/no-such-page/"])
def test_public_admin_and_error_responses_carry_security_headers(client, db, path):
    _assert_security_headers(client.get(path))


def test_admin_change_form_carries_security_headers(client, editor, make_article):
    article = make_article()
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    _assert_security_headers(response)


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_only(client, db):
    assert "Strict-Transport-Security" not in client.get("/healthz", secure=False)
    hsts = client.get("/healthz", secure=True)["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000") and "includeSubDomains" in hsts


# --- The real thing: gunicorn with production settings behind a TLS proxy --------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_server_cookies_are_secure_and_httponly(django_user_model, collected_static, tmp_path, settings):
    from django.conf import global_settings
    from django.db import connection

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the server checks with production's
    django_user_model.objects.create_user("prod-editor", password="pw-for-tests-1", is_staff=True)
    env = production_env(
        **{
            **PRODUCTION,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CACHE_URL": "locmemcache://",
            "DATABASE_URL": database_url(connection.settings_dict),
            "STATIC_ROOT": collected_static,
            "BEHIND_PROXY": 1,
            "GUNICORN_ACCESSLOG": "-",
        }
    )
    with gunicorn(env, log_dir=tmp_path) as base:
        # Plain http (no proxy header) is redirected to https, without HSTS.
        status, headers, _ = get(base, "/admin/login/")
        assert status == 301 and headers["Location"].startswith("https://")
        assert "Strict-Transport-Security" not in headers

        https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7", "User-Agent": "flux-test-agent"}
        status, headers, body = get(base, "/admin/login/", https)
        assert status == 200
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        csrf_cookie = headers["Set-Cookie"]
        assert csrf_cookie.startswith("csrftoken=") and "Secure" in csrf_cookie and "SameSite=Lax" in csrf_cookie
        assert "HttpOnly" in csrf_cookie

        # Static files: hashed names, compressed once by collectstatic, Brotli for browsers that take it.
        css = json.loads((collected_static / "staticfiles.json").read_text())["paths"]["css/site.css"]
        for encoding in ("br", "gzip"):
            status, headers, _ = get(base, f"/static/{css}", {**https, "Accept-Encoding": f"{encoding}, identity"})
            assert status == 200 and headers["Content-Encoding"] == encoding
            assert "immutable" in headers["Cache-Control"]

        session_cookie = _log_in(base, https, csrf_cookie, body)
        assert session_cookie.startswith("sessionid=")
        for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
            assert flag in session_cookie, session_cookie

    # The access log says what was served, never to whom (docs/privacy.md).
    log = next(tmp_path.glob("gunicorn-*.log")).read_text()
    assert '"GET /admin/login/ HTTP/1.1" 200' in log and '"POST /admin/login/?next=/admin/ HTTP/1.1" 302' in log
    assert "203.0.113.7" not in log and "127.0.0.1 " not in log and "flux-test-agent" not in log


def _log_in(base, headers, csrf_cookie, login_page):
    """Post the admin login form over the 'https' proxy; return the session Set-Cookie."""
    import http.client
    import re
    from urllib.parse import urlencode

    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1).decode()
    cookie = csrf_cookie.split(";", 1)[0]
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(
            "POST",
            "/admin/login/?next=/admin/",
            body=urlencode({"username": "prod-editor", "password": "pw-for-tests-1", "csrfmiddlewaretoken": token}),
            headers={
                **headers,
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": "https://127.0.0.1/admin/login/",
                "Host": "127.0.0.1",
            },
        )
        response = conn.getresponse()
        response.read()
        assert response.status == 302, response.status
        return next(v for k, v in response.getheaders() if k == "Set-Cookie" and v.startswith("sessionid="))
    finally:
        conn.close()
