"""Feeds out: /api/wire/ (validators, 304, lifetime), /wire/ and /markets/ (HTML, SVG), query counts."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.http import http_date

from wire.models import WireItem


@pytest.fixture
def wire(make_item, make_quote):
    """Two dispatches, one expired; two symbols with history, one stale."""
    make_item("Fresh dispatch", hours_ago=1, url="https://example.com/a")
    make_item("Gone dispatch", hours_ago=5, expires_at=timezone.now() - timedelta(hours=1))
    make_quote("NVX", "100", hours_ago=30)
    make_quote("NVX", "105", hours_ago=2)
    make_quote("CLDA", "50", hours_ago=24 * 10)


# --- /api/wire/ -------------------------------------------------------------------------------------


def test_api_lists_live_dispatches_and_current_quotes_with_change_and_staleness(client, wire):
    response = client.get("/api/wire/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [item["headline"] for item in data["items"]] == ["Fresh dispatch"]
    assert data["items"][0]["url"] == "https://example.com/a"
    quotes = {q["symbol"]: q for q in data["quotes"]}
    assert quotes["NVX"]["value"] == "105"
    assert quotes["NVX"]["previous_value"] == "100"
    assert quotes["NVX"]["change"] == "5"
    assert quotes["NVX"]["change_percent"] == "5"
    assert quotes["NVX"]["direction"] == "up"
    assert quotes["NVX"]["change_display"] == "▲ 5.00%"
    assert quotes["NVX"]["value_display"] == "$105.00"
    assert quotes["NVX"]["stale"] is False
    assert quotes["CLDA"]["stale"] is True
    assert data["max_quote_age_seconds"] == 3 * 24 * 3600


def test_api_sends_validators_and_a_short_public_lifetime(client, wire):
    response = client.get("/api/wire/")
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=15"


def test_conditional_get_with_matching_etag_is_304(client, wire):
    etag = client.get("/api/wire/")["ETag"]
    response = client.get("/api/wire/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_conditional_get_with_last_modified_is_304(client, wire):
    last_modified = client.get("/api/wire/")["Last-Modified"]
    assert client.get("/api/wire/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_new_dispatch_changes_the_etag_and_last_modified(client, wire, make_item, django_capture_on_commit_callbacks):
    first = client.get("/api/wire/")
    with django_capture_on_commit_callbacks(execute=True):
        make_item("Breaking", hours_ago=0)
    response = client.get("/api/wire/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert "Breaking" in response.content.decode()


def test_deleting_a_dispatch_defeats_if_modified_since(client, make_item, django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to(timezone.now())
    newest = make_item("Newest", hours_ago=0)
    make_item("Older", hours_ago=3)
    last_modified = client.get("/api/wire/")["Last-Modified"]
    time_machine.shift(timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        newest.delete()
    response = client.get("/api/wire/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert "Newest" not in response.content.decode()


def test_expiry_moves_last_modified(client, make_item, time_machine):
    now = timezone.now()
    time_machine.move_to(now)
    make_item("Short-lived", hours_ago=1, expires_at=now + timedelta(minutes=1))
    last_modified = client.get("/api/wire/")["Last-Modified"]
    time_machine.move_to(now + timedelta(minutes=2))
    response = client.get("/api/wire/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date((now + timedelta(minutes=1)).timestamp())


def test_empty_wire_is_valid_json(client, db):
    assert client.get("/api/wire/").json() == {"items": [], "quotes": [], "max_quote_age_seconds": 259200}


def test_api_query_count_does_not_grow_with_content(client, make_item, make_quote, make_article, django_assert_max_num_queries):
    for n in range(30):
        make_item(f"Item {n}", hours_ago=n, article=make_article() if n % 3 == 0 else None)
    for symbol in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]:
        for hours in range(1, 6):
            make_quote(symbol, str(hours), hours_ago=hours)
    with django_assert_max_num_queries(3):
        response = client.get("/api/wire/")
    assert len(response.json()["items"]) == 20
    assert len(response.json()["quotes"]) == 10


# --- /wire/ and /markets/ ----------------------------------------------------------------------------


def test_wire_page_lists_dispatches_and_labels_stale_quotes(client, wire):
    html = client.get("/wire/").content.decode()
    assert html.count("<h1") == 1
    assert '<a href="https://example.com/a">Fresh dispatch</a>' in html
    assert "Gone dispatch" not in html
    assert "$105.00" in html
    assert re.search(r"\$50\.00 <span class=\"badge badge--stale\">Stale</span>", html)
    assert "Figures older than 3 days are marked stale" in html


def test_markets_page_draws_server_side_svg_sparklines(client, make_quote):
    for day, value in enumerate(["10", "12", "11", "15"]):
        make_quote("NVX", value, hours_ago=24 * (3 - day) + 1)
    make_quote("SOLO", "5", hours_ago=1)
    html = client.get("/markets/").content.decode()
    assert html.count("<h1") == 1
    svg = re.search(r'<svg class="spark spark--up".*?</svg>', html, re.S).group(0)
    assert re.search(r'<path d="M3 [\d.]+( L[\d.]+ [\d.]+){3}" fill="none"', svg)
    assert "<title" in svg and "from $10.00 to $15.00; low $10.00, high $15.00" in svg
    assert "Not enough figures in the last 30 days" in html  # SOLO has a single figure
    assert "style=" not in html
    inline = re.sub(r'<script src="/static/js/[a-z]+\.js"( data-[a-z-]+="[^"<>]*")* defer></script>', "", html)
    assert "<script" not in inline  # only the site's own external, deferred scripts


def test_markets_page_groups_share_and_inference_prices(client, make_quote):
    make_quote("NVX", "100", unit="USD")
    make_quote("LLAMA70B@NIMBUS", "0.79", unit="$/M tokens")
    html = client.get("/markets/").content.decode()
    assert html.index("Share prices (USD)") < html.index("Inference prices ($ per million tokens)")
    assert "$0.79/M tokens" in html


@pytest.mark.parametrize("path", ["/wire/", "/markets/"])
def test_pages_query_count_does_not_grow_with_content(client, make_item, make_quote, path, django_assert_max_num_queries):
    def load():
        with django_assert_max_num_queries(5):
            assert client.get(path).status_code == 200

    make_item()
    make_quote("A", "1")
    load()
    for n in range(40):
        make_item(f"Item {n}", hours_ago=n)
    for symbol in "BCDEFGHIJKLM":
        for day in range(20):
            make_quote(symbol, str(day + 1), hours_ago=24 * day + 1)
    load()


def test_empty_pages_say_so(client, db):
    assert "No dispatches right now." in client.get("/wire/").content.decode()
    assert "No market figures yet." in client.get("/markets/").content.decode()


def test_every_page_has_the_ticker_shell_for_the_script(client, make_article):
    make_article()
    html = client.get("/").content.decode()
    assert '<div class="ticker" id="ticker" role="region" aria-label="Live markets and AI wire" data-wire-url="/api/wire/"' in html
    assert "— LOADING…" in html
    assert '<script src="/static/js/ticker.js" defer></script>' in html
    assert 'aria-live="polite"' in html
    assert '<a href="/wire/">— Read the latest dispatches and figures</a>' in html  # inside <noscript>


def test_ticker_costs_no_query(client, db, django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("includes/ticker.html")
    assert "LOADING" in html


def test_wire_item_absolute_url_points_at_its_dispatch(make_item):
    item = make_item()
    assert item.get_absolute_url() == f"/wire/#dispatch-{item.pk}"
    assert WireItem.objects.count() == 1


def test_flat_and_falling_quotes_are_marked(client, make_quote):
    make_quote("DOWN", "10", hours_ago=3)
    make_quote("DOWN", "8", hours_ago=1)
    make_quote("FLAT", "0.5", hours_ago=3)
    make_quote("FLAT", "0.5", hours_ago=1)
    quotes = {q["symbol"]: q for q in client.get("/api/wire/").json()["quotes"]}
    assert (quotes["DOWN"]["direction"], quotes["DOWN"]["change_display"]) == ("down", "▼ 20.00%")
    assert (quotes["FLAT"]["direction"], quotes["FLAT"]["change_display"]) == ("flat", "– 0.00%")
    assert quotes["FLAT"]["value_display"] == "$0.50"
    assert Decimal(quotes["DOWN"]["change"]) == Decimal("-2")
