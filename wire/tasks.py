"""Background work for the wire, run by procrastinate workers (`manage.py procrastinate worker`)."""

from django.conf import settings
from procrastinate.contrib.django import app

from wire import services


@app.periodic(cron=settings.WIRE_FETCH_CRON)
@app.task(queue="wire", queueing_lock="fetch_quotes", pass_context=False)
def fetch_quotes(timestamp: int):
    """Import quotes from every WIRE_QUOTE_SOURCES URL; unreachable sources are logged and skipped."""
    results = services.quotes_fetch_sources()
    return {url: str(result) for url, result in results.items()}
