"""Real servers for tests that need another process: gunicorn with production settings, and a
PostgreSQL of their own that a test may stop and start again.

Fixtures built on these live in the conftest.py of the folders that use them (tests/faults/,
tests/security/); import `collected_static` there to share the one collectstatic per worker.
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    """Ask the kernel for a free loopback port (xdist workers must not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict) -> str:
    """A DATABASE_URL for another process to reach the database in `settings_dict`."""
    host, port = settings_dict["HOST"], settings_dict["PORT"] or "5432"
    user, name = settings_dict["USER"], settings_dict["NAME"]
    if host.startswith("/"):
        return f"postgresql://{user}@/{name}?host={host}&port={port}"
    return f"postgresql://{user}:{settings_dict['PASSWORD']}@{host}:{port}/{name}"


def production_env(**overrides) -> dict:
    """The environment of a production deployment on this machine (DEBUG off, a real key)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GUNICORN_ACCESSLOG": "",
        "LOG_LEVEL": "WARNING",
    }
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def get(base_url: str, path: str, headers=None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """One GET over a fresh connection: (status, headers, body). Raises OSError if nobody answers."""
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@contextmanager
def gunicorn(env: dict, *, workers: int = 1, log_dir: Path | None = None, ready_timeout: float = 30):
    """Run gunicorn (fluxsite/gunicorn.conf.py) with `env` on a free port; yield its base URL."""
    port = free_port()
    env = {**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="gunicorn-"))
    log_path = log_dir / f"gunicorn-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
            [str(GUNICORN), "fluxsite.wsgi", "-c", "fluxsite/gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not listen within {ready_timeout}s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.1)
        process.log_path = log_path
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def collectstatic(static_root: Path) -> None:
    """Collect static files as production does (hashed manifest) into `static_root`."""
    env = production_env(DATABASE_URL="postgres://unused@localhost/unused", STATIC_ROOT=static_root)
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT with the manifest production settings need, made once per worker."""
    static_root = tmp_path_factory.mktemp("static")
    collectstatic(static_root)
    return static_root


class StoppableDatabase:
    """An embedded PostgreSQL of the test's own (a copy of the test database) to stop and start."""

    def __init__(self, datadir: Path):
        from fluxsite import embedded_pg

        self.datadir = datadir
        self.server = embedded_pg.get_server(datadir, cleanup_mode="delete")
        self.url = embedded_pg.database_url(self.server)
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir)

    def copy_from(self, settings_dict) -> None:
        """Load schema and rows of the database `settings_dict` names (pg_dump | pg_restore)."""
        from fluxsite.backups import pg_binary

        source = {**os.environ, "PGHOST": settings_dict["HOST"], "PGPORT": str(settings_dict["PORT"] or 5432),
                  "PGUSER": settings_dict["USER"], "PGDATABASE": settings_dict["NAME"]}
        target = {**os.environ, "PGHOST": self.socket_dir, "PGUSER": "postgres", "PGDATABASE": "postgres",
                  "PGPORT": str(self.server.get_postmaster_info().port or 5432)}
        dump = subprocess.run([pg_binary("pg_dump"), "--format=custom", "--no-owner"], env=source,  # noqa: S603
                              capture_output=True, check=True, timeout=120).stdout
        subprocess.run([pg_binary("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", "postgres"],  # noqa: S603
                       input=dump, env=target, capture_output=True, check=True, timeout=120)

    def stop(self) -> None:
        """Stop the server as an operator would (fast shutdown: sessions are cut off)."""
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.datadir, user=self.server.system_user, timeout=30)

    def start(self) -> None:
        """Start it again on the same socket, as after a restart or failover."""
        with self.server._lock:
            self.server.ensure_postgres_running()
        assert str(self.server.get_postmaster_info().socket_dir) == self.socket_dir

    def close(self) -> None:
        self.server.cleanup()


@pytest.fixture
def stoppable_database(django_db_setup, django_db_blocker):
    """A StoppableDatabase holding a copy of the (migrated) test database."""
    from django.db import connection

    datadir = Path(tempfile.mkdtemp(prefix="fault-pg-", dir=BASE_DIR / ".flux"))
    datadir.rmdir()  # pgserver creates it itself
    database = StoppableDatabase(datadir)
    try:
        with django_db_blocker.unblock():
            database.copy_from(connection.settings_dict)
        yield database
    finally:
        database.close()
