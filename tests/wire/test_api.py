"""The newsroom API: token auth (401/403), body limits (413), validation (400), writes (201)."""

import hashlib
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from wire.models import ApiToken, MarketQuote, WireItem

ITEMS = "/api/wire/items/"
QUOTES = "/api/wire/quotes/"


@pytest.fixture
def post(client, api_token):
    """POST JSON with the fixture token unless `auth` says otherwise."""
    _, secret = api_token

    def send(path, payload, *, auth=None, content_type="application/json", raw=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}" if auth is None else auth}
        body = raw if raw is not None else json.dumps(payload)
        return client.post(path, body, content_type=content_type, **headers)

    return send


def test_missing_token_is_401_with_a_challenge(client, db):
    response = client.post(ITEMS, {"headline": "Hi"}, content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="wire"'
    assert response.json()["error"] == "unauthorized"
    assert not WireItem.objects.exists()


@pytest.mark.parametrize("auth", ["Bearer flxw_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer ", "flxw_abc"])
def test_wrong_token_is_401(post, auth):
    response = post(ITEMS, {"headline": "Hi"}, auth=auth)
    assert response.status_code == 401
    assert not WireItem.objects.exists()


def test_revoked_token_is_403(post, api_token):
    token, _ = api_token
    token.revoked_at = timezone.now()
    token.save()
    response = post(ITEMS, {"headline": "Hi"})
    assert response.status_code == 403
    assert response.json()["error"] == "revoked"
    assert not WireItem.objects.exists()


def test_oversized_body_is_413(post, settings):
    settings.WIRE_API_MAX_BODY_BYTES = 1024
    response = post(ITEMS, {"headline": "x" * 2000})
    assert response.status_code == 413
    assert "1024 bytes" in response.json()["detail"]


def test_malformed_json_is_400_with_the_parser_reason(post):
    response = post(ITEMS, None, raw='{"headline": "unterminated')
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "malformed_json"
    assert "Unterminated string" in body["detail"]


def test_non_json_content_type_is_415(post):
    response = post(ITEMS, None, raw="headline=Hi", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_get_is_not_allowed_on_write_endpoints(client, db):
    assert client.get(ITEMS).status_code == 405
    assert client.get(QUOTES).status_code == 405


def test_field_errors_are_400_with_reasons_and_save_nothing(post, make_article):
    response = post(
        ITEMS,
        [
            {"headline": "A fine dispatch"},
            {"headline": "x" * 141, "url": "ftp://example.com/", "colour": "red", "pinned": "yes"},
            {"headline": "Both links", "url": "https://example.com/", "article": make_article().slug},
            {"headline": "Ghost", "article": "no-such-article"},
        ],
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    problems = {(e["index"], e.get("field")) for e in body["errors"]}
    assert {(1, "headline"), (1, "url"), (1, "colour"), (1, "pinned"), (2, "url"), (3, "article")} <= problems
    assert (0, "headline") not in problems
    assert not WireItem.objects.exists()


def test_posted_dispatch_is_201_and_goes_live(post, client, api_token):
    published_at = (timezone.now() - timedelta(minutes=1)).isoformat()
    response = post(
        ITEMS, {"headline": "Nimbus cuts prices again", "url": "https://nimbus.example/news", "published_at": published_at}
    )
    assert response.status_code == 201
    (created,) = response.json()["created"]
    assert created["headline"] == "Nimbus cuts prices again"
    assert created["source"] == "newsroom-bot"  # defaults to the token's name
    item = WireItem.objects.get()
    assert item.url == "https://nimbus.example/news"
    wire = client.get("/api/wire/").json()
    assert [i["headline"] for i in wire["items"]] == ["Nimbus cuts prices again"]


def test_dispatch_can_link_an_article_by_slug_and_be_pinned(post, make_article):
    article = make_article()
    response = post(ITEMS, {"headline": "Read this", "article": article.slug, "pinned": True, "source": "Desk"})
    assert response.status_code == 201
    item = WireItem.objects.get()
    assert (item.article, item.pinned, item.source) == (article, True, "Desk")
    assert response.json()["created"][0]["url"] == article.get_absolute_url()


def test_successful_call_records_last_use(post, api_token):
    token, _ = api_token
    assert token.last_used_at is None
    post(ITEMS, {"headline": "Hi"})
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=10)


def test_token_auth_needs_no_csrf_token(api_token):
    _, secret = api_token
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        ITEMS, json.dumps({"headline": "No cookie needed"}), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 201


def test_quotes_are_upserted_201_then_200(post):
    quote = {"symbol": "nvx", "label": "Novex", "value": 182.4, "unit": "USD", "as_of": "2026-11-20T16:00:00Z"}
    first = post(QUOTES, [quote])
    assert first.status_code == 201
    assert first.json() == {"created": 1, "updated": 0, "unchanged": 0}
    again = post(QUOTES, quote)
    assert again.status_code == 200
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 1}
    corrected = post(QUOTES, {**quote, "value": "182.45"})
    assert corrected.json() == {"created": 0, "updated": 1, "unchanged": 0}
    saved = MarketQuote.objects.get()
    assert (saved.symbol, saved.value, saved.source) == ("NVX", Decimal("182.45"), "newsroom-bot")


def test_one_bad_quote_rejects_the_batch(post):
    good = {"symbol": "NVX", "label": "Novex", "value": "1", "unit": "USD", "as_of": "2026-11-20T16:00:00Z"}
    response = post(QUOTES, [good, {**good, "as_of": "2026-11-21T16:00:00"}])
    assert response.status_code == 400
    assert response.json()["errors"] == [{"message": "Add a UTC offset (Z or +01:00): a time without one is ambiguous.", "index": 1, "field": "as_of"}]
    assert not MarketQuote.objects.exists()


def test_line_breaks_and_control_characters_are_refused_in_one_line_text(post):
    """The ticker shows a headline, label or unit as written, on one line."""
    quote = {"symbol": "NVX", "label": "Novex", "value": "1", "unit": "USD", "as_of": "2026-11-20T16:00:00Z"}
    items = post(ITEMS, [{"headline": "Fine\r\nSet-Cookie: x=1"}, {"headline": "Fine", "source": "Desk\tTwo"}])
    quotes = post(QUOTES, [{**quote, "label": "Novex\x1b[31m"}, {**quote, "symbol": "CLDA", "unit": "US\nD"}])
    assert (items.status_code, quotes.status_code) == (400, 400)
    assert {(e["index"], e["field"]) for e in items.json()["errors"]} == {(0, "headline"), (1, "source")}
    assert {(e["index"], e["field"]) for e in quotes.json()["errors"]} == {(0, "label"), (1, "unit")}
    assert "one line" in items.json()["errors"][0]["message"]
    assert not WireItem.objects.exists() and not MarketQuote.objects.exists()
    # Surrounding whitespace is trimmed, as in every form, and is no reason to refuse.
    assert post(ITEMS, {"headline": "  Nimbus cuts prices\n"}).status_code == 201
    assert WireItem.objects.get().headline == "Nimbus cuts prices"


@pytest.mark.parametrize("payload", [[], "just a string", [1, 2]])
def test_payload_must_be_objects(post, payload):
    response = post(QUOTES, payload)
    assert response.status_code == 400


def test_tokens_are_stored_only_as_a_digest(api_token):
    token, secret = api_token
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert stored["digest"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(stored, default=str)
    assert secret.startswith(stored["prefix"])
    assert len(secret) > 40


def test_empty_published_time_means_now_not_a_500(post, db):
    from wire.models import WireItem

    response = post(ITEMS, {"headline": "Markets open higher", "published_at": ""})
    assert response.status_code == 201, response.content
    assert WireItem.objects.get(headline="Markets open higher").published_at is not None
