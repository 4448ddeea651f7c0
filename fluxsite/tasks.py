"""What every app's queue jobs share (procrastinate, on the site's PostgreSQL)."""

import functools
import smtplib

from django.db import close_old_connections, connection
from procrastinate import RetryStrategy


def smtp_retry(*exceptions):
    """SMTP down: keep trying for about a day (waits of 10 s, 20 s, 40 s, … capped by attempts)."""
    return RetryStrategy(
        max_attempts=12, exponential_wait=2, wait=10, retry_exceptions={smtplib.SMTPException, OSError, *exceptions}
    )


def django_task(func):
    """Run a sync job with Django's connection hygiene (workers run them in pool threads)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:  # called directly inside a transaction (tests, shell)
            return func(*args, **kwargs)
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return wrapper
