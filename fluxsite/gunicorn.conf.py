"""gunicorn settings for `make run` and production (override with GUNICORN_* or CLI flags)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: CPU-bound Django pages on a small machine; 2 per core (see docs/performance.md).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# Load the app once in the master: workers fork with settings imported, and the embedded
# PostgreSQL (when DATABASE_URL is unset) is owned by the master, which stops it on exit.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
