"""The wire's writes and its snapshot: quote upserts, dispatches, API tokens, the change marker.

Quote rows arrive from three doors — `manage.py import_quotes`, the periodic `fetch_quotes` task and
`POST /api/wire/quotes/` — and all go through `quotes_upsert`: every row is validated first
(wire.importers), and only a clean batch is written, in one transaction, so a bad row never leaves
half a file applied.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fluxsite.cache import bump_generation
from fluxsite.importers import ImportRejected
from wire.importers import (
    SourceUnavailable,
    detect_format,
    fetch_text,
    read_quote_feed,
    validate_item_rows,
    validate_quote_rows,
)
from wire.models import ApiToken, MarketQuote, WireItem
from wire.presentation import QUOTE_GROUPS, QuoteView, WireSnapshot

logger = logging.getLogger(__name__)

WIRE_ITEMS_SHOWN = 20  # on the ticker and in /api/wire/
WIRE_PAGE_ITEMS = 50  # on /wire/
CHANGED_AT_KEY = "wire:changed-at"


# --- Writing quotes ------------------------------------------------------------------------------


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def quotes_upsert(*, rows, default_source=""):
    """Validate rows, then insert new (symbol, as_of) pairs and update changed ones, all or nothing."""
    quotes = validate_quote_rows(rows, default_source=default_source)
    result = UpsertResult()
    if not quotes:
        return result
    with transaction.atomic():
        existing = {
            (q.symbol, q.as_of): q
            for q in MarketQuote.objects.filter(
                symbol__in={q.symbol for q in quotes}, as_of__in={q.as_of for q in quotes}
            ).select_for_update()
        }
        writes = []
        for quote in quotes:
            old = existing.get((quote.symbol, quote.as_of))
            if old is None:
                result.created += 1
            elif (old.label, old.value, old.unit, old.source) == (quote.label, quote.value, quote.unit, quote.source):
                result.unchanged += 1
                continue
            else:
                result.updated += 1
            writes.append(quote)
        MarketQuote.objects.bulk_create(
            writes,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["symbol", "as_of"],
            update_fields=["label", "value", "unit", "source", "updated_at"],
        )
        if writes:
            transaction.on_commit(wire_changed)
    return result


def quotes_import(*, text, fmt, source=""):
    """Read a CSV or JSON feed and upsert it; raise ImportRejected (nothing written) if any row is bad."""
    return quotes_upsert(rows=read_quote_feed(text, fmt), default_source=source)


def quotes_fetch_sources(*, urls=None):
    """Import every configured source URL; an unreachable or malformed source is logged and skipped."""
    results = {}
    for url in settings.WIRE_QUOTE_SOURCES if urls is None else urls:
        try:
            text, content_type = fetch_text(url)
            results[url] = quotes_import(
                text=text, fmt=detect_format(url, content_type, text), source=urlsplit(url).hostname or ""
            )
        except SourceUnavailable as exc:
            logger.warning("wire: quote source unreachable, skipped: %s", exc)
        except ImportRejected as exc:
            logger.warning("wire: quote source %s rejected, nothing applied: %s", url, exc)
        else:
            logger.info("wire: quote source %s: %s", url, results[url])
    return results


# --- Writing dispatches --------------------------------------------------------------------------


def wire_items_create(*, rows, default_source=""):
    """Validate (index, dict) rows and create the dispatches in one transaction, or raise ImportRejected."""
    forms = validate_item_rows(rows, default_source=default_source)
    with transaction.atomic():
        return [form.save() for form in forms]


# --- API tokens --------------------------------------------------------------------------------


def api_token_authenticate(*, secret):
    """Return the token this secret belongs to (revoked ones too) and note its use; None if unknown."""
    token = ApiToken.objects.filter(digest=ApiToken.digest_for(secret)).first()
    if token is not None and token.is_active:
        token.last_used_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token


# --- Change marker -------------------------------------------------------------------------------


def wire_changed():
    """Record that the wire changed (for Last-Modified, which a deletion can't otherwise move)."""
    cache.set(CHANGED_AT_KEY, timezone.now().timestamp(), None)
    bump_generation()


def wire_changed_at():
    stamp = cache.get(CHANGED_AT_KEY)
    return None if stamp is None else datetime.fromtimestamp(stamp, tz=UTC)


# --- The snapshot out ----------------------------------------------------------------------------


def wire_snapshot(*, item_limit=WIRE_ITEMS_SHOWN, now=None):
    """The live dispatches and every symbol's current quote, in three queries."""
    now = now or timezone.now()
    items = list(WireItem.objects.for_wire()[:item_limit])
    quotes = list(MarketQuote.objects.current())
    stale_before = now - settings.WIRE_QUOTE_MAX_AGE
    rank = {unit: i for i, unit in enumerate(QUOTE_GROUPS)}
    views = sorted(
        (QuoteView(quote=q, stale=q.as_of < stale_before) for q in quotes),
        key=lambda v: (rank.get(v.quote.unit, len(rank)), v.quote.unit, v.quote.symbol),
    )
    # Last-Modified: the newest edit, publication, expiry or staleness that shaped this snapshot.
    moments = [datetime(2000, 1, 1, tzinfo=UTC)]
    moments += [max(i.updated_at, i.published_at) for i in items]
    moments += [i.article.updated_at for i in items if i.article_id]
    moments += [q.updated_at for q in quotes]
    moments += [q.as_of + settings.WIRE_QUOTE_MAX_AGE for q in quotes if q.as_of < stale_before]
    last_expiry = WireItem.objects.filter(expires_at__lte=now).aggregate(last=Max("expires_at"))["last"]
    moments += [m for m in (last_expiry, wire_changed_at()) if m is not None and m <= now]
    return WireSnapshot(items=items, quotes=views, last_modified=max(moments))
