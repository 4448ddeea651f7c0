"""Two stateless gunicorn nodes sharing PostgreSQL and Redis behave as one site (docs/scaling.md)."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Article
from fluxsite.ratelimit import parse_rate
from newsletter.models import Subscriber

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 14

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    host, port = db["HOST"], db["PORT"] or "5432"
    if host.startswith("/"):
        return f"postgresql://{db['USER']}:{db['PASSWORD']}@/{db['NAME']}?host={host}&port={port}"
    return f"postgresql://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand the 302 back to the caller instead of following it


def _post_form(url, fields, headers):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers, method="POST")
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


@pytest.fixture
def shared_redis(settings):
    """This test process and both nodes use one Redis, under a prefix of their own."""
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        pytest.fail("The two-node test needs Redis on 127.0.0.1:6379 (apt-get install redis-server).")
    prefix = f"flux-test-{uuid.uuid4().hex[:8]}"
    url = f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}"
    settings.CACHES = {
        "default": {"BACKEND": "fluxsite.cache_backends.TolerantRedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    settings.PAGE_CACHE = True
    return {"CACHE_URL": url, "CACHE_KEY_PREFIX": prefix}


@pytest.fixture
def nodes(transactional_db, shared_redis, tmp_path):
    """Start two gunicorn instances on free ports; yield their base URLs; stop them."""
    env = {
        **os.environ,
        **shared_redis,
        "DATABASE_URL": _database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "two-nodes-test-secret-" + "x" * 40,
        "PAGE_CACHE": "1",
        "CONN_MAX_AGE": "0",  # the test database is dropped afterwards
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_ACCESSLOG": "",
        # The limits this test process reads are the ones the nodes enforce.
        "NEWSLETTER_SIGNUP_RATE_IP": settings.NEWSLETTER_SIGNUP_RATE_IP,
        "NEWSLETTER_SIGNUP_RATE_EMAIL": settings.NEWSLETTER_SIGNUP_RATE_EMAIL,
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True, timeout=120
    )
    processes, urls = [], []
    for _ in range(2):
        port = _free_port()
        log = open(tmp_path / f"node-{port}.log", "wb")  # noqa: SIM115 - closed with the process below
        processes.append(
            (
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "fluxsite.wsgi", "-c", "fluxsite/gunicorn.conf.py",
                     "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                    cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                ),
                log,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    logs = [tmp_path / f"node-{url.rsplit(':', 1)[1]}.log" for url in urls]
    try:
        for url, log_path in zip(urls, logs, strict=True):
            deadline = time.monotonic() + 60
            while True:
                try:
                    if _get(url + "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"node {url} did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.2)
        yield urls
    finally:
        for process, log in processes:
            process.terminate()
            process.wait(timeout=20)
            log.close()


def test_a_publish_is_visible_on_every_node_at_once(nodes, make_article):
    first, second = nodes
    article = make_article(headline="Open weights keep getting cheaper")
    for url in nodes:
        _get(url + "/")  # fill the shared cache
        status, headers, body = _get(url + "/")
        assert status == 200 and "Open weights keep getting cheaper" in body
    assert headers["X-Page-Cache"] == "hit", "the second node should be served from the shared cache"

    # Publish via the ORM in this process. Each node learns the new generation when PostgreSQL
    # delivers the commit's notification (milliseconds); from then on, every request shows it.
    make_article(headline="A scoop published elsewhere")
    for url in (second, first):
        assert _soon(url + "/", lambda body: "A scoop published elsewhere" in body), url
        assert all("A scoop published elsewhere" in _get(url + "/")[2] for _ in range(10)), url

    # Unpublish: gone from both nodes' home and article page, for good.
    article.status = Article.Status.DRAFT
    article.save()
    for url in nodes:
        assert _soon(url + "/", lambda body: "Open weights keep getting cheaper" not in body), url
        assert all("Open weights keep getting cheaper" not in _get(url + "/")[2] for _ in range(10)), url
        assert _get(url + article.get_absolute_url())[0] == 404


def _soon(url, check, timeout=3.0):
    """True once a GET of `url` passes `check` (the notification crosses a socket under load)."""
    deadline = time.monotonic() + timeout
    while not check(_get(url)[2]):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_nodes_send_cdn_and_static_headers(nodes, make_article):
    make_article()
    status, headers, body = _get(nodes[0] + "/")
    assert status == 200
    assert headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert "Set-Cookie" not in headers
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "production pages should link the hashed stylesheet"
    status, headers, _ = _get(nodes[1] + stylesheet.group(1), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip"


def test_the_sign_up_rate_limit_holds_across_both_nodes(nodes):
    """One reader's sign-ups, spread over both nodes by the load balancer, share one budget."""
    first, second = nodes
    limit, _ = parse_rate(settings.NEWSLETTER_SIGNUP_RATE_IP)
    # The footer form's way to a CSRF token on a cached page: fetch it (and the cookie) from
    # /newsletter/csrf/, here on one node, and submit on whichever node the balancer picks.
    status, headers, body = _get(second + "/newsletter/csrf/")
    assert status == 200
    token = json.loads(body)["token"]
    cookie = SimpleCookie(headers["Set-Cookie"])[settings.CSRF_COOKIE_NAME].value

    def sign_up(node):
        fields = {"email": f"{uuid.uuid4().hex}@example.com", "source": "/", "csrfmiddlewaretoken": token}
        return _post_form(
            node + "/newsletter/",
            fields,
            {"Cookie": f"{settings.CSRF_COOKIE_NAME}={cookie}", "Origin": node, "Referer": node + "/"},
        )

    for n in range(limit):
        status, headers, _ = sign_up(nodes[n % 2])  # A, B, A, B, …
        assert (status, headers.get("Location")) == (302, "/newsletter/thanks/"), f"sign-up {n + 1} of {limit}"
    for node in (first, second):
        status, headers, body = sign_up(node)
        assert status == 429, node
        assert "Too many sign-up attempts" in body and headers["Retry-After"]
    assert Subscriber.objects.count() == limit
