"""The periodic `fetch_quotes` task, run by a real procrastinate worker against real HTTP sources."""

import logging
import threading

import pytest

from wire.models import MarketQuote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSV = "symbol,label,value,unit,as_of\nNVX,Novex,182.40,USD,2026-11-20T16:00:00Z\n"
JSON = '[{"symbol": "CLDA", "label": "Cloudara", "value": "64.15", "unit": "USD", "as_of": "2026-11-20T16:00:00Z"}]'
BAD = "symbol,label,value,unit,as_of\nMNDR,Mindrift,27.35,USD,2026-11-20T16:00:00Z\nMNDR,Mindrift,n/a,USD,2026-11-21T16:00:00Z\n"


@pytest.fixture(autouse=True)
def _empty_queue(transactional_db):
    # Queue rows live outside Django's models, so neither flush nor rollback clears them.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs CASCADE")


def run_worker_once():
    """Run a worker until the queue is empty, in its own thread: Playwright may own this thread's event loop."""
    from procrastinate.contrib.django import app

    failures = []

    def work():
        try:
            with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
                worker_app.run_worker(queues=["wire"], wait=False, install_signal_handlers=False, listen_notify=False)
        except Exception as exc:  # noqa: BLE001 - re-raised in the test thread
            failures.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the worker did not finish"
    if failures:
        raise failures[0]


def test_fetch_quotes_imports_reachable_sources_and_skips_the_rest(settings, feed_server, closed_port_url, caplog):
    from wire.tasks import fetch_quotes

    feed_server.routes["/a.csv"] = ("text/csv", CSV.encode())
    feed_server.routes["/b"] = ("application/json", JSON.encode())
    feed_server.routes["/bad.csv"] = ("text/csv", BAD.encode())
    settings.WIRE_QUOTE_SOURCES = [
        f"{feed_server.url}/a.csv",
        closed_port_url,
        f"{feed_server.url}/missing.csv",
        f"{feed_server.url}/bad.csv",
        f"{feed_server.url}/b",
    ]
    fetch_quotes.defer(timestamp=0)
    with caplog.at_level(logging.WARNING, logger="wire.services"):
        run_worker_once()
    assert sorted(MarketQuote.objects.values_list("symbol", flat=True)) == ["CLDA", "NVX"]
    warnings = [r.getMessage() for r in caplog.records if r.name == "wire.services"]
    assert any("unreachable" in w and closed_port_url in w for w in warnings)
    assert any("unreachable" in w and "missing.csv: HTTP 404" in w for w in warnings)
    assert any("bad.csv rejected, nothing applied" in w and "line 3: value" in w for w in warnings)
    from procrastinate.contrib.django.models import ProcrastinateJob

    # The worker's periodic deferrer may queue a run of its own next to ours; every run succeeds.
    statuses = set(ProcrastinateJob.objects.filter(task_name="wire.tasks.fetch_quotes").values_list("status", flat=True))
    assert statuses == {"succeeded"}


def test_fetch_quotes_is_a_periodic_task():
    from procrastinate.contrib.django import app

    periodic = [task.task.name for task in app.periodic_registry.periodic_tasks.values()]
    assert "wire.tasks.fetch_quotes" in periodic
