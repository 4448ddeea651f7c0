"""`make run`: gunicorn and the queue worker under one supervisor, stopped together by Ctrl-C.

- The queue worker is restarted whenever it exits (it exits when it loses the database), after
  1, 2, 5, then 10 s; a worker that ran for a minute starts again at once.
- Both children run in sessions of their own, so Ctrl-C reaches only this process, which stops them
  cleanly (SIGTERM: gunicorn's graceful stop, procrastinate's finish-the-job stop) and waits.
- The embedded PostgreSQL (when DATABASE_URL is unset) is started here, shared by the children,
  and stopped after them unless another process still uses it, even if it was restarted meanwhile.

Production runs the same two commands under systemd instead (docs/reliability.md).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fluxsite import embedded_pg

BACKOFF = (1, 2, 5, 10)  # seconds before restarting a worker that exited, by consecutive exits
HEALTHY_AFTER = 60  # a worker that ran this long counts as healthy: the next restart is immediate
STOP_TIMEOUT = 30

BIN = Path(sys.executable).parent


def gunicorn_command():
    return [str(BIN / "gunicorn"), "fluxsite.wsgi", "-c", str(embedded_pg.BASE_DIR / "fluxsite" / "gunicorn.conf.py")]


def worker_command():
    return [sys.executable, str(embedded_pg.BASE_DIR / "manage.py"), "procrastinate", "worker"]


def log(message):
    print(f"[flux] {message}", file=sys.stderr, flush=True)


class Supervisor:
    def __init__(self):
        self.stopping = False
        self.web = None
        self.worker = None
        self.worker_started = 0.0
        self.worker_failures = 0
        self.restart_at = None

    def spawn(self, command):
        return subprocess.Popen(command, cwd=embedded_pg.BASE_DIR, start_new_session=True)  # noqa: S603

    def start_worker(self):
        self.worker = self.spawn(worker_command())
        self.worker_started = time.monotonic()
        self.restart_at = None

    def stop(self, signum=None, frame=None):
        self.stopping = True

    def run(self):
        if self.stopping:  # Ctrl-C while the database was starting
            return 0
        self.web = self.spawn(gunicorn_command())
        self.start_worker()
        while not self.stopping:
            if self.web.poll() is not None:
                log(f"gunicorn exited ({self.web.returncode}); stopping")
                break
            self.watch_worker()
            time.sleep(0.2)
        return self.shutdown()

    def watch_worker(self):
        if self.worker is not None and self.worker.poll() is not None:
            ran = time.monotonic() - self.worker_started
            self.worker_failures = 0 if ran >= HEALTHY_AFTER else self.worker_failures + 1
            delay = 0 if self.worker_failures == 0 else BACKOFF[min(self.worker_failures, len(BACKOFF)) - 1]
            log(f"queue worker exited ({self.worker.returncode}) after {ran:.0f} s; restarting in {delay} s")
            self.worker = None
            self.restart_at = time.monotonic() + delay
        if self.worker is None and self.restart_at is not None and time.monotonic() >= self.restart_at:
            self.start_worker()

    def shutdown(self):
        children = [p for p in (self.web, self.worker) if p is not None and p.poll() is None]
        for process in children:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in children:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"pid {process.pid} ignored SIGTERM for {STOP_TIMEOUT} s; killing it")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log("stopped")
        return 0 if self.web is None or self.web.returncode in (0, None, -signal.SIGTERM) else 1


def main():
    supervisor = Supervisor()
    signal.signal(signal.SIGINT, supervisor.stop)
    signal.signal(signal.SIGTERM, supervisor.stop)
    server = embedded_pg.use_local_server()
    try:
        return supervisor.run()
    finally:
        if server is not None:
            embedded_pg.stop_when_unused(embedded_pg.PGDATA)


if __name__ == "__main__":
    sys.exit(main())
