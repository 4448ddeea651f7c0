"""Embedded PostgreSQL (the `pgserver` package) for machines without a DATABASE_URL.

The entry points call `use_local_server()` before Django loads the settings: `manage.py` and the
WSGI/ASGI modules (gunicorn's master under `make run`) share one server whose data lives in
`.flux/pgdata`; pgserver keeps a reference count of the processes using it and the last one to exit
stops it. `python -m fluxsite.embedded_pg -- CMD …` runs CMD against a throwaway server (the test
suite). Importing the settings never starts anything: they only read DATABASE_URL.

For operators (docs/reliability.md): `python -m fluxsite.embedded_pg status|start|stop|restart`
acts on the server in `.flux/pgdata` (FLUX_PGDATA names another folder).
"""

import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = BASE_DIR / ".flux"
PGDATA = Path(os.environ.get("FLUX_PGDATA") or STATE_DIR / "pgdata")


def _pgserver():
    # pgserver imports platformdirs, which warns about the runtime dir when run as root;
    # under `-W error` that warning would break settings.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
        from pgserver.postgres_server import PostgresServer
    return pgserver, PostgresServer


def _prune_dead_pids(datadir: Path, lock) -> None:
    """Drop PIDs of processes that died without exit handlers (kill -9, worker timeout).

    Otherwise the reference count never reaches zero and the server is never stopped.
    """
    import psutil

    handle = datadir / ".handle_pids.json"
    with lock:
        if not handle.exists():
            return
        try:
            pids = json.loads(handle.read_text())
        except ValueError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid) and pid != os.getpid()]
        if alive != pids:
            handle.write_text(json.dumps(alive))


def get_server(datadir: Path, cleanup_mode: str = "stop"):
    """Start, or join, the embedded server whose data lives in `datadir`."""
    pgserver, PostgresServer = _pgserver()
    datadir.parent.mkdir(parents=True, exist_ok=True)
    datadir.mkdir(exist_ok=True)
    _prune_dead_pids(datadir, PostgresServer._lock)
    return pgserver.get_server(datadir, cleanup_mode=cleanup_mode)


def database_url(server) -> str:
    info = server.get_postmaster_info()
    return f"postgresql://postgres@/postgres?host={info.socket_dir}&port={info.port or 5432}"


def use_local_server():
    """Unless DATABASE_URL is set, start or join the server in .flux/pgdata and point DATABASE_URL at it."""
    if os.environ.get("DATABASE_URL"):
        return None
    server = get_server(PGDATA)
    os.environ["DATABASE_URL"] = database_url(server)
    return server


def _postmaster_pid(datadir: Path):
    """PID of the postmaster serving `datadir`, or None when none runs."""
    import psutil

    try:
        pid = int((datadir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if psutil.pid_exists(pid) else None


def _pg_ctl(datadir: Path, *args: str) -> None:
    """pgserver's own pg_ctl, as the user owning the data (pgserver runs PostgreSQL as `pgserver` under root)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import POSTGRES_BIN_PATH
    owner = datadir.stat().st_uid
    subprocess.run([str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(datadir), *args], check=True,  # noqa: S603
                   user=owner if os.geteuid() == 0 else None, timeout=120, stdout=subprocess.DEVNULL)


def stop(datadir: Path = PGDATA) -> bool:
    """Stop the server (fast shutdown: open sessions are ended); False if none was running."""
    if _postmaster_pid(datadir) is None:
        return False
    _pg_ctl(datadir, "-w", "-m", "fast", "stop")
    return True


def stop_when_unused(datadir: Path = PGDATA) -> None:
    """Leave the server and stop it unless another live process still uses it.

    pgserver only stops the postmaster it started or joined; after a restart by an operator that
    one is gone, and the new one would be left running without this.
    """
    import psutil

    _, PostgresServer = _pgserver()
    handle = datadir / ".handle_pids.json"
    with PostgresServer._lock:
        try:
            pids = json.loads(handle.read_text())
        except (OSError, ValueError):
            pids = []
        others = [pid for pid in pids if pid != os.getpid() and psutil.pid_exists(pid)]
        if handle.exists():
            handle.write_text(json.dumps(others))
        if not others:
            stop(datadir)


def run_with_throwaway_server(argv: list[str]) -> int:
    """Run a command with DATABASE_URL pointing at a fresh server deleted afterwards.

    When DATABASE_URL is already set, that server is used and nothing is started.
    """
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(argv)
    STATE_DIR.mkdir(exist_ok=True)
    datadir = Path(tempfile.mkdtemp(prefix="test-pg-", dir=STATE_DIR))
    datadir.rmdir()  # pgserver wants to create it itself
    server = get_server(datadir, cleanup_mode="delete")
    env = {**os.environ, "DATABASE_URL": database_url(server)}
    try:
        return subprocess.call(argv, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        server.cleanup()


def operate(action: str) -> int:
    """status, start, stop or restart the server in PGDATA, for an operator at a shell."""
    if action in ("stop", "restart"):
        print("stopped" if stop() else "was not running")
    if action in ("start", "restart"):
        server = get_server(PGDATA, cleanup_mode=None)  # keeps running after this command exits
        print(f"running: DATABASE_URL={database_url(server)}")
    if action == "status":
        pid = _postmaster_pid(PGDATA)
        print(f"running (pid {pid}) on {PGDATA}" if pid else f"not running ({PGDATA})")
        return 0 if pid else 3
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] in (["status"], ["start"], ["stop"], ["restart"]):
        sys.exit(operate(args[0]))
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit("usage: python -m fluxsite.embedded_pg status|start|stop|restart, or -- COMMAND [ARGS…]")
    sys.exit(run_with_throwaway_server(args))
