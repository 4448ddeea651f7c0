"""The foundation: health check, error pages, the base layout, settings from the environment."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import include, path

from fluxsite import views

BASE_DIR = Path(__file__).resolve().parents[2]


def test_healthz_reports_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_503_when_database_is_down(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("fluxsite.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def _db_down_view(request):
    raise OperationalError("server closed the connection unexpectedly")


def _crash_view(request):
    raise ValueError("boom")


urlpatterns = [
    path("db-down/", _db_down_view),
    path("crash/", _crash_view),
    path("", include("fluxsite.urls")),
]
handler500 = views.server_error


@override_settings(ROOT_URLCONF=__name__)
def test_database_errors_render_the_503_page_without_traceback(client):
    client.raise_request_exception = False
    response = client.get("/db-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Back in a moment" in response.content
    assert b"Traceback" not in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_other_errors_render_the_styled_500_page(client):
    client.raise_request_exception = False
    response = client.get("/crash/")
    assert response.status_code == 500
    assert b"Something broke" in response.content
    assert b"boom" not in response.content


def test_unknown_url_gets_the_styled_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"AERIOX" in response.content


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html", "503.html"])
def test_error_pages_render_without_the_database(template):
    # No `db` fixture: pytest-django fails the test on any database access.
    from django.template import loader

    html = loader.get_template(template).render({})
    assert "Skip to content" in html
    assert html.count("<h1") == 1


def test_base_layout_has_landmarks_disclosure_and_signup(client, make_article):
    make_article()
    html = client.get("/").content.decode()
    for needle in [
        '<a class="skip-link" href="#main">',
        "<header",
        '<nav class="site-nav" aria-label="Main">',
        '<main id="main"',
        "<footer",
        "LIVE MARKETS &amp; AI WIRE",
        "The state of AI, in flux.",
        "The directory + magazine for AI tools and the workflows people use to make money with them.",
        "Some outbound links are affiliate links — Flux may earn a commission at no cost to you; this never "
        "affects rankings. Earnings figures are self-reported and not guarantees of income; most people earn "
        "less, some earn nothing.",
        "The Sauce Drop",
    ]:
        assert needle in html, needle
    assert html.count("<h1") == 1


def test_security_headers_are_sent(client, db):
    response = client.get("/healthz")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_editorial_groups_exist_with_publishing_only_for_editors(db):
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    writers = set(Group.objects.get(name="Writers").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "publish_article"} <= editors
    assert {"add_article", "change_article"} <= writers
    assert "publish_article" not in writers


def _settings_process(env):
    """Import the settings in a fresh interpreter with only `env` set; return the result."""
    return subprocess.run(
        [sys.executable, "-c", "import fluxsite.settings as s; print(s.DATABASES['default']['HOST'])"],
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _settings_process({"DATABASE_URL": "postgres://u@db.example/flux", "DEBUG": "0", "SECRET_KEY": "change-me"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_malformed_database_url_names_the_variable():
    result = _settings_process({"DATABASE_URL": "mysql://u@db.example/flux", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_database_url_with_socket_host_is_moved_to_host():
    result = _settings_process({"DATABASE_URL": "postgresql://postgres@/postgres?host=/run/pg", "SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/run/pg"


def test_importing_the_settings_starts_no_database():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, fluxsite.settings; print('pgserver' in sys.modules)"],
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DATABASE_URL": "postgres://u@db.example/flux", "SECRET_KEY": "x" * 50},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    # Without DATABASE_URL the settings say how to get one instead of starting a server.
    result = _settings_process({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_manage_py_without_database_url_runs_on_the_embedded_server():
    code = "from django.db import connection; c = connection.cursor(); c.execute('SHOW data_directory'); print(c.fetchone()[0])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/tmp", "SECRET_KEY": "x" * 50, "LOG_LEVEL": "WARNING"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("/.flux/pgdata")


def test_site_url_follows_port_unless_set():
    def site_url(**env):
        result = subprocess.run(
            [sys.executable, "-c", "import fluxsite.settings as s; print(s.SITE_URL)"],
            env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DATABASE_URL": "postgres://u@db.example/flux",
                 "SECRET_KEY": "x" * 50, **env},
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    # Links in confirmation emails and the editor's login URL point where `make run` serves.
    assert site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert site_url(PORT="8123", SITE_URL="https://flux.example/") == "https://flux.example"
    assert site_url(PORT="8123", SITE_URL="") == "http://127.0.0.1:8123"  # left empty in a .env: not set


def test_commands_in_another_shell_link_where_make_run_serves(tmp_path):
    # A copy of the settings with its own .flux/, so the real checkout's state is left alone.
    (tmp_path / "fluxsite").mkdir()
    for name in ("__init__.py", "settings.py"):
        shutil.copy(BASE_DIR / "fluxsite" / name, tmp_path / "fluxsite" / name)
    (tmp_path / ".flux").mkdir()

    def site_url(**env):
        result = subprocess.run(
            [sys.executable, "-c", "import fluxsite.settings as s; print(s.SITE_URL)"],
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONPATH": str(tmp_path),
                 "DATABASE_URL": "postgres://u@db.example/flux", "SECRET_KEY": "x" * 50, **env},
            capture_output=True, text=True, timeout=60,
        )
        return result

    assert site_url().stdout.strip() == "http://127.0.0.1:8000"  # nothing served yet
    # `PORT=8320 make run` writes where it serves; a second shell has no PORT.
    make_run = subprocess.run(
        ["make", "-n", "run"], cwd=BASE_DIR, env={"PATH": "/usr/bin:/bin", "PORT": "8320"},
        capture_output=True, text=True, timeout=60,
    )
    (line,) = [line for line in make_run.stdout.splitlines() if ".flux/site_url" in line]
    subprocess.run(["sh", "-c", line], cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "PORT": "8320"}, check=True)
    assert site_url().stdout.strip() == "http://127.0.0.1:8320"
    assert site_url(PORT="8001").stdout.strip() == "http://127.0.0.1:8001"  # a process told its port
    assert site_url(SITE_URL="https://flux.example").stdout.strip() == "https://flux.example"
    (tmp_path / ".flux" / "site_url").write_text("flux.example\n")
    broken = site_url()
    assert broken.returncode != 0
    assert ".flux/site_url) is malformed" in broken.stderr


def test_a_site_url_that_is_not_a_web_address_stops_start_up_with_its_name():
    result = _settings_process({"DATABASE_URL": "postgres://u@db.example/flux", "SITE_URL": "flux.example", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "SITE_URL is malformed" in result.stderr


@override_settings(ROOT_URLCONF=__name__)
def test_error_pages_keep_the_section_links(client, section):
    client.raise_request_exception = False
    for url, status in [("/no/such/page/", 404), ("/crash/", 500)]:
        response = client.get(url)
        assert response.status_code == status
        html = response.content.decode()
        assert '<a href="/sections/ai-tools/">AI Tools</a>' in html, status
        assert '<a href="/tools/">Directory</a>' in html


@override_settings(ROOT_URLCONF=__name__)
def test_the_database_down_page_takes_section_links_only_from_the_cache(client, section, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        html = client.get("/db-down/").content.decode()
    assert '<a href="/tools/">Directory</a>' in html and "/sections/ai-tools/" not in html
    client.get("/no/such/page/")  # any page with the navigation puts the links in the cache
    with django_assert_num_queries(0):
        html = client.get("/db-down/").content.decode()
    assert '<a href="/sections/ai-tools/">AI Tools</a>' in html
