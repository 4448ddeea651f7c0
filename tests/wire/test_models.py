"""WireItem and MarketQuote: what is live, what changed, what is stale, and what is refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from wire.models import MarketQuote, WireItem
from wire.services import wire_snapshot

# --- WireItem.live() ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published_delta", "expires_delta", "live"),
    [
        (-1, None, True),  # published, no expiry
        (-1, +1, True),  # published, expires later
        (-2, -1, False),  # published, already expired
        (+1, None, False),  # scheduled
        (+1, +2, False),  # scheduled with an expiry
    ],
)
def test_live_dispatches_are_published_and_not_expired(make_item, published_delta, expires_delta, live):
    now = timezone.now()
    item = make_item(
        published_at=now + timedelta(hours=published_delta),
        expires_at=None if expires_delta is None else now + timedelta(hours=expires_delta),
    )
    assert (item in WireItem.objects.live()) is live
    assert item.is_live is live


def test_dispatch_leaves_the_wire_when_it_expires(make_item, time_machine):
    now = timezone.now()
    item = make_item(published_at=now - timedelta(minutes=5), expires_at=now + timedelta(minutes=10))
    assert list(WireItem.objects.live()) == [item]
    time_machine.move_to(now + timedelta(minutes=11))
    assert list(WireItem.objects.live()) == []


def test_pinned_dispatches_lead_then_newest_first(make_item):
    old_pinned = make_item("Old but pinned", hours_ago=30, pinned=True)
    newest = make_item("Newest", hours_ago=1)
    older = make_item("Older", hours_ago=5)
    assert list(WireItem.objects.for_wire()) == [old_pinned, newest, older]


# --- WireItem validation --------------------------------------------------------------------------


def test_dispatch_may_link_to_an_article_or_a_url_but_not_both(make_article):
    item = WireItem(headline="Both links", article=make_article(), url="https://example.com/")
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert "not both" in str(excinfo.value.message_dict["url"])


def test_database_refuses_a_dispatch_with_both_links(make_article):
    with pytest.raises(IntegrityError), transaction.atomic():
        WireItem.objects.create(headline="Both", article=make_article(), url="https://example.com/")


@pytest.mark.parametrize("url", ["ftp://example.com/file", "javascript:alert(1)", "example.com/no-scheme", "https://"])
def test_external_link_must_be_http_or_https(url):
    with pytest.raises(ValidationError) as excinfo:
        WireItem(headline="Link", url=url).full_clean(validate_constraints=False)
    assert "url" in excinfo.value.message_dict


def test_dispatch_without_any_link_is_valid():
    WireItem(headline="Just words").full_clean(validate_constraints=False)


def test_headline_longer_than_140_characters_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        WireItem(headline="x" * 141).full_clean(validate_constraints=False)
    assert "headline" in excinfo.value.message_dict
    WireItem(headline="x" * 140).full_clean(validate_constraints=False)


def test_expiry_must_come_after_publishing():
    now = timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        WireItem(headline="Backwards", published_at=now, expires_at=now - timedelta(minutes=1)).full_clean(
            validate_constraints=False
        )
    assert "expires_at" in excinfo.value.message_dict


def test_link_to_a_draft_article_is_withheld_until_it_is_published(make_article, make_item):
    draft = make_article(status=Article.Status.DRAFT)
    item = make_item(article=draft)
    assert item.link == ""
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    item.refresh_from_db()
    assert item.link == draft.get_absolute_url()


# --- MarketQuote: change and staleness -------------------------------------------------------------


def test_change_is_computed_against_the_previous_figure_of_the_same_symbol(make_quote):
    # Inserted out of order and interleaved with another symbol on purpose.
    make_quote("NVX", "110", hours_ago=1)
    make_quote("CLDA", "50", hours_ago=2)
    make_quote("NVX", "100", hours_ago=3)
    make_quote("NVX", "90", hours_ago=5)
    current = {q.symbol: q for q in MarketQuote.objects.current()}
    assert set(current) == {"NVX", "CLDA"}
    assert current["NVX"].value == Decimal("110")
    assert current["NVX"].previous_value == Decimal("100")
    assert current["NVX"].change == Decimal("10")
    assert current["NVX"].change_percent == Decimal("10")


def test_first_figure_of_a_symbol_has_no_change(make_quote):
    make_quote("CLDA", "50")
    (quote,) = MarketQuote.objects.current()
    assert quote.previous_value is None
    assert quote.change is None
    assert quote.change_percent is None


def test_every_figure_in_history_knows_its_predecessor(make_quote):
    make_quote("NVX", "100", hours_ago=3)
    make_quote("NVX", "80", hours_ago=2)
    make_quote("NVX", "80", hours_ago=1)
    changes = [q.change for q in MarketQuote.objects.with_change().order_by("as_of")]
    assert changes == [None, Decimal("-20"), Decimal("0")]


def test_figure_older_than_the_configured_age_is_stale(make_quote, settings):
    settings.WIRE_QUOTE_MAX_AGE = timedelta(hours=6)
    fresh = make_quote("NVX", hours_ago=5)
    stale = make_quote("CLDA", hours_ago=7)
    assert not fresh.is_stale
    assert stale.is_stale
    assert list(MarketQuote.objects.fresh()) == [fresh]
    flags = {view.quote.symbol: view.stale for view in wire_snapshot().quotes}
    assert flags == {"NVX": False, "CLDA": True}


def test_figure_turns_stale_as_time_passes(make_quote, settings, time_machine):
    settings.WIRE_QUOTE_MAX_AGE = timedelta(days=3)
    quote = make_quote(hours_ago=1)
    assert not quote.is_stale
    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert quote.is_stale


def test_one_figure_per_symbol_and_time(make_quote):
    quote = make_quote("NVX", "100")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_quote("NVX", "101", as_of=quote.as_of)


def test_figure_from_the_future_is_refused():
    quote = MarketQuote(symbol="NVX", label="Novex", value=1, unit="USD", as_of=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError) as excinfo:
        quote.full_clean(validate_constraints=False)
    assert "as_of" in excinfo.value.message_dict


@pytest.mark.parametrize("symbol", ["nvx", "NV X", "", "-NVX", "A" * 33])
def test_malformed_symbols_are_refused(symbol):
    quote = MarketQuote(symbol=symbol, label="x", value=1, unit="USD", as_of=timezone.now())
    with pytest.raises(ValidationError) as excinfo:
        quote.full_clean(validate_constraints=False)
    assert "symbol" in excinfo.value.message_dict
