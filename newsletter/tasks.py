"""Queue tasks (procrastinate, on the site's PostgreSQL). Run workers with:

    python manage.py procrastinate worker -q newsletter
"""


from procrastinate.contrib.django import app

from fluxsite.tasks import django_task, smtp_retry
from newsletter import sending, services

QUEUE = "newsletter"

SMTP_RETRY = smtp_retry(sending.SmtpUnavailable)


@app.task(queue=QUEUE, retry=SMTP_RETRY)
@django_task
def send_confirmation(subscriber_id: int):
    """Email the double opt-in link (retried while the SMTP server is down)."""
    services.subscriber_send_confirmation(subscriber_id=subscriber_id)


@app.task(queue=QUEUE, retry=SMTP_RETRY)
@django_task
def send_welcome(subscriber_id: int):
    """Email the editors' welcome and the latest edition to a reader who just confirmed."""
    services.subscriber_send_welcome(subscriber_id=subscriber_id)


@app.task(queue=QUEUE, retry=SMTP_RETRY)
@django_task
def send_batch(edition_id: int, bucket: int):
    """Send one batch of an edition over one SMTP connection; another worker may hold it already."""
    try:
        sending.edition_send_batch(edition_id=edition_id, bucket=bucket, wait=False)
    finally:
        sending.edition_refresh(edition_id=edition_id)


@app.periodic(cron="* * * * *", periodic_id="newsletter-send-scheduled")
@app.task(queue=QUEUE, queueing_lock="send_scheduled")
@django_task
def send_scheduled(timestamp: int):
    """Start the scheduled editions that are due (every minute)."""
    sending.editions_send_due()


@app.periodic(cron="*/5 * * * *", periodic_id="newsletter-retry-stalled")
@app.task(queue=QUEUE, queueing_lock="retry_stalled")
async def retry_stalled_jobs(timestamp: int):
    """Requeue jobs whose worker died (no heartbeat); send_batch resumes where it stopped."""
    for job in await app.job_manager.get_stalled_jobs(queue=QUEUE):
        await app.job_manager.retry_job(job)
