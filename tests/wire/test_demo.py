"""The wire's demo content: original dispatches and weeks of history, and more for benchmarks."""

from datetime import timedelta
from io import StringIO

from django.db.models import Count, Max, Min
from django.utils import timezone

from wire import demo as wire_demo
from wire.models import MarketQuote, WireItem


def test_seed_creates_dispatches_and_weeks_of_history_for_eight_symbols(db):
    out = StringIO()
    wire_demo.seed(stdout=out)
    assert WireItem.objects.live().count() == len(wire_demo.DISPATCHES)
    spans = MarketQuote.objects.values("symbol").annotate(first=Min("as_of"), last=Max("as_of"), n=Count("id"))
    assert len(spans) == 8
    for span in spans:
        assert span["last"] - span["first"] >= timedelta(days=21)
        assert timezone.now() - span["last"] < timedelta(hours=2)
    assert {q.unit for q in MarketQuote.objects.current()} == {"USD", "$/M tokens"}
    assert all(q.change is not None for q in MarketQuote.objects.current())
    assert "13 dispatches" in out.getvalue()


def test_seed_twice_adds_nothing(db):
    wire_demo.seed(stdout=StringIO())
    counts = (WireItem.objects.count(), MarketQuote.objects.count())
    wire_demo.seed(stdout=StringIO())
    assert (WireItem.objects.count(), MarketQuote.objects.count()) == counts


def test_seed_scale_adds_older_history_in_proportion(db):
    wire_demo.seed(stdout=StringIO())
    before = MarketQuote.objects.count()
    wire_demo.seed_scale(800, stdout=StringIO())
    assert MarketQuote.objects.count() - before == 800
    assert WireItem.objects.count() == len(wire_demo.DISPATCHES) + 40
    # The newest figures, and so the ticker, are unchanged by the extra history.
    assert MarketQuote.objects.current().count() == 8
    wire_demo.seed_scale(800, stdout=StringIO())
    assert MarketQuote.objects.count() - before == 800
