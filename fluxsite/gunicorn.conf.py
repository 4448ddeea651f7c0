"""gunicorn settings for `make run` and production (override with GUNICORN_* or CLI flags)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One process per core, four threads each (gthread): measured on 2 cores against sync workers
# (benchmarks/worker-sweep.json, docs/performance.md). Threads keep connections alive, so cache
# hits skip a TCP handshake each, and a render waiting on PostgreSQL or Redis leaves the core to
# another thread. GUNICORN_WORKER_CLASS=sync WEB_CONCURRENCY=4 gives the classic setup.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Load the app once in the master: workers fork with settings imported, and the embedded
# PostgreSQL (when DATABASE_URL is unset) is started by fluxsite/wsgi.py in the master, which
# stops it on exit.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
# No client address, user agent or referrer: the log says what was served, not to whom
# (docs/privacy.md). Time, request line, status, bytes, duration in ms.
access_log_format = os.environ.get("GUNICORN_ACCESS_LOG_FORMAT", '%(t)s "%(r)s" %(s)s %(b)s %(M)sms')
errorlog = "-"


def worker_exit(server, worker):
    """Store the counts this worker still holds (fluxsite/tally.py) before it goes."""
    from fluxsite import tally

    tally.flush_all()
