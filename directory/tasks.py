"""Background work for the directory (worker: manage.py procrastinate worker -q directory)."""


from procrastinate.contrib.django import app

from directory import services
from fluxsite.tasks import django_task, smtp_retry

SMTP_RETRY = smtp_retry()


@app.periodic(cron="7 * * * *")
@app.task(queue="directory", queueing_lock="refresh_tool_scores")
def refresh_tool_scores(timestamp):
    """Hourly: let reader interest (last 30 days of clicks) move the ranking score."""
    services.tool_scores_refresh()


@app.task(queue="directory", retry=SMTP_RETRY)
@django_task
def send_report_confirmation(report_id: int):
    """Email an outcome report's confirm link (retried while the SMTP server is down)."""
    services.report_send_confirmation(report_id=report_id)


@app.task(queue="directory", retry=SMTP_RETRY)
@django_task
def send_submission_confirmation(submission_id: int):
    """Email a tool submission's confirm link (retried while the SMTP server is down)."""
    services.tool_submission_send_confirmation(submission_id=submission_id)
