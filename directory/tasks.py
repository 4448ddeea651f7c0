"""Background work for the directory (worker: manage.py procrastinate worker -q directory)."""

import smtplib

from django.db import close_old_connections, connection
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from directory import services

# SMTP down: keep trying for about a day (waits of 10 s, 20 s, 40 s, …).
SMTP_RETRY = RetryStrategy(max_attempts=12, exponential_wait=2, wait=10, retry_exceptions={smtplib.SMTPException, OSError})


@app.periodic(cron="7 * * * *")
@app.task(queue="directory", queueing_lock="refresh_tool_scores")
def refresh_tool_scores(timestamp):
    """Hourly: let reader interest (last 30 days of clicks) move the ranking score."""
    services.tool_scores_refresh()


@app.task(queue="directory", retry=SMTP_RETRY)
def send_report_confirmation(report_id: int):
    """Email an outcome report's confirm link (retried while the SMTP server is down)."""
    if connection.in_atomic_block:  # called directly inside a transaction (tests, shell)
        services.report_send_confirmation(report_id=report_id)
        return
    close_old_connections()
    try:
        services.report_send_confirmation(report_id=report_id)
    finally:
        close_old_connections()


@app.task(queue="directory", retry=SMTP_RETRY)
def send_submission_confirmation(submission_id: int):
    """Email a tool submission's confirm link (retried while the SMTP server is down)."""
    if connection.in_atomic_block:
        services.tool_submission_send_confirmation(submission_id=submission_id)
        return
    close_old_connections()
    try:
        services.tool_submission_send_confirmation(submission_id=submission_id)
    finally:
        close_old_connections()
