"""`make run`'s supervisor (fluxsite/serve.py) with everything real: the embedded PostgreSQL it
starts, gunicorn, the queue worker, an SMTP server. The database is restarted under it, a reader
signs up, the confirmation arrives, and Ctrl-C leaves nothing running."""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import psycopg

from tests.newsletter.conftest import SmtpServer
from tests.servers import BASE_DIR, free_port, production_env


def _wait_for(check, timeout=60, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := check():
                return result
        except OSError:
            pass
        time.sleep(interval)
    return None


def _manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def _embedded(env, action):
    return subprocess.run([sys.executable, "-m", "fluxsite.embedded_pg", action], cwd=BASE_DIR, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=120)


def _sign_up(base, address):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    token = json.loads(opener.open(f"{base}/newsletter/csrf/", timeout=10).read())["token"]
    form = urllib.parse.urlencode({"email": address, "source": "/", "csrfmiddlewaretoken": token}).encode()
    return opener.open(urllib.request.Request(f"{base}/newsletter/", data=form), timeout=10).status


def _rows(url):
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT (SELECT count(*) FROM newsletter_subscriber), "
                            "(SELECT count(*) FROM articles_article)").fetchone()


def test_worker_outlives_a_database_restart_and_ctrl_c_stops_everything(tmp_path, collected_static):
    smtp = SmtpServer()
    smtp.start()
    port = free_port()
    # Not under tmp_path: as root, PostgreSQL runs as pgserver's own user, and any pytest session that
    # starts meanwhile makes /tmp/pytest-of-root private again, which locked pg_ctl out of the folder.
    pgdata = Path(tempfile.mkdtemp(prefix="serve-pg-", dir=BASE_DIR / ".flux"))
    pgdata.rmdir()  # pgserver creates it itself
    env = production_env(
        FLUX_PGDATA=pgdata, PORT=port, SITE_URL=f"http://127.0.0.1:{port}", STATIC_ROOT=collected_static,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", CACHE_URL=f"filecache://{tmp_path / 'cache'}",
        GUNICORN_ACCESSLOG="",
    )
    _manage(env, "migrate", "--noinput", "-v0")
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        serve = subprocess.Popen([sys.executable, "-m", "fluxsite.serve"], cwd=BASE_DIR, env=env,  # noqa: S603
                                 stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: urllib.request.urlopen(f"{base}/healthz", timeout=5).status == 200), log_path.read_text()

        restarted = _embedded(env, "restart")
        assert restarted.returncode == 0, restarted.stderr
        url = re.search(r"DATABASE_URL=(\S+)", restarted.stdout).group(1)
        subscribers, articles = _rows(url)

        # Pages come back at once; the worker lost its connection and is started again by serve.
        assert _wait_for(lambda: _sign_up(base, "after-restart@example.com") == 200), log_path.read_text()
        confirmation = _wait_for(lambda: [m for m in smtp.messages if m["To"] == "after-restart@example.com"], timeout=60)
        assert confirmation, f"no confirmation mail without a restart:\n{log_path.read_text()[-3000:]}"
        assert _rows(url) == (subscribers + 1, articles)
        deep = json.loads(urllib.request.urlopen(f"{base}/healthz?deep=1", timeout=10).read())
        assert (deep["worker"], deep["queue"]) == ("ok", "ok"), deep
        postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
        processes = [*psutil.Process(serve.pid).children(recursive=True), psutil.Process(postmaster)]
        assert len(processes) >= 5, processes  # gunicorn master + 2 workers, the queue worker, PostgreSQL
    finally:
        # Ctrl-C at the terminal: SIGINT to the foreground process group (serve's children have their own).
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            raise
        finally:
            smtp.stop()
    output = log_path.read_text()
    assert serve.returncode == 0, output[-4000:]
    assert "SIGKILL" not in output and "Perhaps out of memory" not in output, output[-3000:]
    leftovers = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert leftovers == [], leftovers
    assert not (pgdata / "postmaster.pid").exists(), "the embedded database was left running"
    shutil.rmtree(pgdata, ignore_errors=True)
