"""The wire's services: quote feeds in (files, URLs, the API), the snapshot out, sparklines, tokens.

Quote rows arrive from three doors — `manage.py import_quotes`, the periodic `fetch_quotes` task and
`POST /api/wire/quotes/` — and all go through `quotes_upsert`: every row is validated first, and only
a clean batch is written, in one transaction, so a bad row never leaves half a file applied.
"""

import csv
import io
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import ApiToken, Article, MarketQuote, WireItem, validate_not_future, validate_symbol
from fluxsite.security import CONTROL_CHARS

logger = logging.getLogger(__name__)

QUOTE_COLUMNS = ("symbol", "label", "value", "unit", "as_of", "source")
QUOTE_REQUIRED_COLUMNS = frozenset(QUOTE_COLUMNS) - {"source"}
ITEM_FIELDS = ("headline", "url", "article", "source", "published_at", "expires_at", "pinned")
WIRE_ITEMS_SHOWN = 20  # on the ticker and in /api/wire/
WIRE_PAGE_ITEMS = 50  # on /wire/
CHANGED_AT_KEY = "wire:changed-at"


# --- Errors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in a feed: `line` (files) or `index` (API arrays), the field, and why."""

    message: str
    line: int | None = None
    index: int | None = None
    field: str | None = None

    def __str__(self):
        where = f"line {self.line}" if self.line is not None else f"item {self.index}" if self.index is not None else "file"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_json(self):
        return {key: value for key, value in vars(self).items() if value is not None}


class FeedError(Exception):
    """A feed was rejected as a whole; `errors` says where and why. Nothing was written."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors[:5]))


# --- Validation --------------------------------------------------------------------------------


class AwareDateTimeField(forms.DateTimeField):
    """ISO 8601 with a UTC offset; a time without one is ambiguous, so it is refused."""

    default_error_messages = {
        "invalid": "Enter an ISO 8601 time with a UTC offset, e.g. 2026-11-27T16:00:00Z.",
        "naive": "Add a UTC offset (Z or +01:00): a time without one is ambiguous.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            parsed = value
        else:
            try:
                parsed = datetime.fromisoformat(str(value).strip())
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if timezone.is_naive(parsed):
            raise ValidationError(self.error_messages["naive"], code="naive")
        return parsed

    def prepare_value(self, value):
        return value


def validate_one_line(value):
    """Refuse line breaks, tabs and other control characters in text the ticker shows on one line."""
    if CONTROL_CHARS.search(value):
        raise ValidationError("Use one line of text: no line breaks, tabs or control characters.", code="control")


class MarketQuoteRowForm(forms.Form):
    """One incoming quote row. An existing (symbol, as_of) is not an error: the upsert updates it."""

    symbol = forms.CharField(max_length=32, validators=[validate_symbol])
    label = forms.CharField(max_length=80, validators=[validate_one_line])
    value = forms.DecimalField(max_digits=18, decimal_places=6, min_value=0)
    unit = forms.CharField(max_length=20, validators=[validate_one_line])
    as_of = AwareDateTimeField()
    source = forms.CharField(max_length=80, required=False, validators=[validate_one_line])

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        validate_not_future(as_of)
        return as_of


class WireItemApiForm(forms.ModelForm):
    article = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "No article has this slug."},
    )
    published_at = AwareDateTimeField(required=False)
    expires_at = AwareDateTimeField(required=False)

    class Meta:
        model = WireItem
        fields = list(ITEM_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("headline", "source"):
            self.fields[name].validators.append(validate_one_line)

    def clean_published_at(self):
        # An empty value means "now", as an omitted one does (the column can't hold NULL).
        return self.cleaned_data["published_at"] or timezone.now()


# JSON types each API field accepts, so a list where a string belongs is a 400, not a guess.
_JSON_TYPES = {
    "headline": (str,),
    "url": (str,),
    "article": (str,),
    "source": (str,),
    "published_at": (str,),
    "expires_at": (str,),
    "pinned": (bool,),
    "symbol": (str,),
    "label": (str,),
    "value": (str, int, Decimal),
    "unit": (str,),
    "as_of": (str,),
}


def _shape_errors(row, allowed, *, line=None, index=None):
    """Problems JSON typing can cause before form validation: not an object, unknown fields, wrong types."""
    if not isinstance(row, dict):
        return [RowError("Expected an object with named fields.", line=line, index=index)]
    errors = []
    for key, value in row.items():
        if key not in allowed:
            errors.append(RowError("Unknown field.", line=line, index=index, field=str(key)))
        elif value is not None and (
            not isinstance(value, _JSON_TYPES[key]) or (isinstance(value, bool) and bool not in _JSON_TYPES[key])
        ):
            errors.append(RowError("Wrong type of value.", line=line, index=index, field=key))
    return errors


def _form_errors(form, *, skip=(), line=None, index=None):
    return [
        RowError(message, line=line, index=index, field=None if name == "__all__" else name)
        for name, messages in form.errors.items()
        if name not in skip
        for message in messages
    ]


def validate_quote_rows(rows, *, default_source=""):
    """Validate (position, dict) rows; return unsaved MarketQuotes, or raise FeedError listing every bad row.

    `position` is `("line", n)` for files and `("index", n)` for API arrays.
    """
    errors, quotes, seen = [], [], {}
    for (kind, number), row in rows:
        where = {kind: number}
        shape = _shape_errors(row, QUOTE_COLUMNS, **where)
        errors.extend(shape)
        if not isinstance(row, dict):
            continue
        data = {key: ("" if value is None else value) for key, value in row.items()}
        if isinstance(data.get("symbol"), str):
            data["symbol"] = data["symbol"].strip().upper()
        if not data.get("source"):
            data["source"] = default_source[:80]
        form = MarketQuoteRowForm(data=data)
        if not form.is_valid() or shape:
            errors.extend(_form_errors(form, skip={e.field for e in shape}, **where))
            continue
        quote = MarketQuote(**form.cleaned_data)
        key = (quote.symbol, quote.as_of)
        if key in seen:
            errors.append(RowError(f"Same symbol and time as {seen[key]}.", field="as_of", **where))
            continue
        seen[key] = f"{kind} {number}"
        quotes.append(quote)
    if errors:
        raise FeedError(errors)
    return quotes


# --- Reading feeds -----------------------------------------------------------------------------

_JSON_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def read_json_rows(text):
    """Parse a JSON array of quote objects into ((`line`, n), row) pairs, n = the line the object starts on."""
    decoder = json.JSONDecoder(parse_float=Decimal)
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise FeedError([RowError(f"Not valid JSON: {exc.msg} (column {exc.colno}).", line=exc.lineno)]) from None
    if not isinstance(data, list):
        raise FeedError([RowError("Expected a JSON array of quote objects.", line=1)])
    # Decode again element by element, only to learn the line each object starts on.
    rows, pos = [], _JSON_WHITESPACE.match(text, 0).end() + 1  # just past "["
    for _ in data:
        pos = _JSON_WHITESPACE.match(text, pos).end()
        row, end = decoder.raw_decode(text, pos)
        rows.append((("line", _line_of(text, pos)), row))
        pos = _JSON_WHITESPACE.match(text, end).end() + 1  # past "," or "]"
    return rows


def read_csv_rows(text):
    """Parse CSV with a header row into ((`line`, n), row) pairs; unknown or missing columns fail the file."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise FeedError([RowError(f"Not valid CSV: {exc}.", line=1)]) from None
    if not header:
        raise FeedError([RowError("The file is empty: expected a header row and quotes.", line=1)])
    reader.fieldnames = columns = [name.strip().lower() for name in header]
    problems = [RowError(f"Unknown column “{name}”.", line=1) for name in columns if name not in QUOTE_COLUMNS]
    problems += [RowError(f"Missing column “{name}”.", line=1) for name in sorted(QUOTE_REQUIRED_COLUMNS - set(columns))]
    if problems:
        raise FeedError(problems)
    rows, errors = [], []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                errors.append(RowError(f"{len(row[None])} more field(s) than the header has.", line=line))
                continue
            rows.append((("line", line), {key: value for key, value in row.items() if value is not None}))
    except csv.Error as exc:
        errors.append(RowError(f"Not valid CSV: {exc}.", line=reader.line_num))
    if errors:
        raise FeedError(errors)
    return rows


def detect_format(name, content_type="", text=""):
    """'json' or 'csv', from the file name, then the Content-Type, then the first character."""
    suffix = Path(urlsplit(name).path).suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix[1:]
    if "json" in content_type:
        return "json"
    if "csv" in content_type:
        return "csv"
    return "json" if text.lstrip().startswith("[") else "csv"


def read_quote_feed(text, fmt):
    return read_json_rows(text) if fmt == "json" else read_csv_rows(text)


class SourceUnavailable(Exception):
    """A feed URL could not be fetched (network, HTTP status, size)."""


def fetch_text(url, *, timeout=None, max_bytes=None):
    """GET an http(s) URL; return (text, content_type). Raise SourceUnavailable on any failure."""
    timeout = settings.WIRE_FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.WIRE_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceUnavailable(f"{url}: only http:// and https:// sources can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": "Flux wire fetcher", "Accept": "text/csv, application/json"})  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            body = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as exc:
        raise SourceUnavailable(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SourceUnavailable(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    if len(body) > max_bytes:
        raise SourceUnavailable(f"{url}: larger than {max_bytes} bytes")
    try:
        return body.decode(charset if charset.lower() != "utf-8" else "utf-8-sig"), content_type
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceUnavailable(f"{url}: not text in {charset}") from exc


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
    """Read a CSV or JSON feed and upsert it; raise FeedError (nothing written) if any row is bad."""
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
        except FeedError as exc:
            logger.warning("wire: quote source %s rejected, nothing applied: %s", url, exc)
        else:
            logger.info("wire: quote source %s: %s", url, results[url])
    return results


# --- Writing dispatches --------------------------------------------------------------------------


def wire_items_create(*, rows, default_source=""):
    """Validate (index, dict) rows and create the dispatches in one transaction, or raise FeedError."""
    errors, items = [], []
    for index, row in rows:
        shape = _shape_errors(row, ITEM_FIELDS, index=index)
        errors.extend(shape)
        if not isinstance(row, dict):
            continue
        data = {key: value for key, value in row.items() if value is not None}
        data.setdefault("source", default_source[:80])
        form = WireItemApiForm(data=data)
        if form.is_valid() and not shape:
            items.append(form)
        else:
            errors.extend(_form_errors(form, skip={e.field for e in shape}, index=index))
    if errors:
        raise FeedError(errors)
    with transaction.atomic():
        return [form.save() for form in items]


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
    try:
        from fluxsite.cache import bump_generation
    except ImportError:  # the shared page cache is not on this branch yet
        return
    bump_generation()


@receiver([post_save, post_delete], sender=WireItem)
@receiver([post_save, post_delete], sender=MarketQuote)
def wire_row_changed(sender, raw=False, **kwargs):
    if raw:  # skip fixture loads
        return
    transaction.on_commit(wire_changed)


def wire_changed_at():
    stamp = cache.get(CHANGED_AT_KEY)
    return None if stamp is None else datetime.fromtimestamp(stamp, tz=UTC)


# --- The snapshot out ----------------------------------------------------------------------------


def _plain(value):
    """A Decimal as a plain string without trailing zeros: 182.400000 → "182.4"."""
    text = f"{value.normalize():f}"
    return text


def format_number(value):
    value = Decimal(value)
    if abs(value) >= 1:
        return f"{value.quantize(Decimal('0.01')):,}"
    text = f"{value.quantize(Decimal('0.0001')).normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def format_figure(value, unit):
    """Display a figure with its unit: $182.40, $0.59/M tokens, 12.50 EUR."""
    unit = unit.strip()
    if unit.upper() == "USD":
        return f"${format_number(value)}"
    if unit.startswith("$/"):
        return f"${format_number(value)}/{unit[2:].strip()}"
    return f"{format_number(value)} {unit}"


@dataclass
class QuoteView:
    """A current quote as readers see it: the figure, its change and whether it is stale."""

    quote: MarketQuote
    stale: bool
    spark: "Sparkline | None" = None

    @property
    def direction(self):
        change = self.quote.change
        if change is None:
            return None
        return "up" if change > 0 else "down" if change < 0 else "flat"

    @property
    def value_display(self):
        return format_figure(self.quote.value, self.quote.unit)

    @property
    def change_display(self):
        change, percent = self.quote.change, self.quote.change_percent
        if change is None:
            return ""
        arrow = {"up": "▲", "down": "▼", "flat": "–"}[self.direction]
        if percent is None:
            return f"{arrow} {format_number(abs(change))}"
        return f"{arrow} {abs(percent).quantize(Decimal('0.01'))}%"

    @property
    def change_label(self):
        """The change in words, for screen readers."""
        if self.direction is None:
            return "first figure"
        if self.direction == "flat":
            return "unchanged"
        return f"{'up' if self.direction == 'up' else 'down'} {self.change_display[2:]}"

    @property
    def spark_description(self):
        """What the sparkline shows, in words (its SVG title)."""
        if self.spark is None:
            return ""
        unit = self.quote.unit
        return (
            f"{self.quote.label}, daily figures: from {format_figure(self.spark.first, unit)} "
            f"to {format_figure(self.spark.last, unit)}; low {format_figure(self.spark.low, unit)}, "
            f"high {format_figure(self.spark.high, unit)}"
        )

    def as_json(self):
        q = self.quote
        change, percent = q.change, q.change_percent
        return {
            "symbol": q.symbol,
            "label": q.label,
            "value": _plain(q.value),
            "unit": q.unit,
            "as_of": q.as_of.isoformat(),
            "source": q.source,
            "previous_value": None if q.previous_value is None else _plain(q.previous_value),
            "change": None if change is None else _plain(change),
            "change_percent": None if percent is None else _plain(percent.quantize(Decimal("0.01"))),
            "direction": self.direction,
            "stale": self.stale,
            "value_display": self.value_display,
            "change_display": self.change_display,
        }


QUOTE_GROUPS = {"USD": "Share prices (USD)", "$/M tokens": "Inference prices ($ per million tokens)"}


def group_quotes(quote_views):
    """Split current quotes by unit for display: share prices, inference prices, then any other unit."""
    groups = {}
    for view in quote_views:
        groups.setdefault(view.quote.unit, []).append(view)
    order = [*QUOTE_GROUPS, *sorted(set(groups) - set(QUOTE_GROUPS))]
    return [
        {"key": index, "heading": QUOTE_GROUPS.get(unit, f"Figures in {unit}"), "quotes": groups[unit]}
        for index, unit in enumerate(order)
        if unit in groups
    ]


def max_age_label(age=None):
    """WIRE_QUOTE_MAX_AGE in words: “3 days”, “36 hours”."""
    hours = (age or settings.WIRE_QUOTE_MAX_AGE).total_seconds() / 3600
    if hours >= 24 and hours % 24 == 0:
        days = int(hours // 24)
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def item_json(item):
    return {
        "id": item.pk,
        "headline": item.headline,
        "url": item.link or None,
        "external": bool(item.url),
        "source": item.source,
        "published_at": item.published_at.isoformat(),
        "pinned": item.pinned,
    }


@dataclass
class WireSnapshot:
    items: list
    quotes: list  # of QuoteView, every symbol's latest figure
    last_modified: datetime
    max_quote_age: timedelta = field(default_factory=lambda: settings.WIRE_QUOTE_MAX_AGE)

    @property
    def live_quotes(self):
        return [q for q in self.quotes if not q.stale]

    def as_json(self):
        return {
            "items": [item_json(item) for item in self.items],
            "quotes": [q.as_json() for q in self.quotes],
            "max_quote_age_seconds": int(self.max_quote_age.total_seconds()),
        }


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


# --- Sparklines ------------------------------------------------------------------------------------


@dataclass
class Sparkline:
    """An SVG sparkline's geometry, computed here so the template only prints attributes."""

    line: str
    area: str
    last_x: str
    last_y: str
    first: Decimal
    last: Decimal
    low: Decimal
    high: Decimal
    width: int
    height: int

    @property
    def direction(self):
        return "up" if self.last > self.first else "down" if self.last < self.first else "flat"


def _coord(number):
    return f"{number:.1f}".rstrip("0").rstrip(".")


def sparkline(values, *, width=120, height=32, pad=3):
    """Scale a series into an SVG path (oldest first); None when there are fewer than two points."""
    values = [Decimal(v) for v in values]
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    span = high - low
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    points = []
    for i, value in enumerate(values):
        x = pad + inner_w * i / (len(values) - 1)
        y = height / 2 if span == 0 else pad + inner_h * float((high - value) / span)
        points.append((_coord(x), _coord(y)))
    line = "M" + " L".join(f"{x} {y}" for x, y in points)
    bottom = _coord(height - pad)
    area = f"{line} L{points[-1][0]} {bottom} L{points[0][0]} {bottom} Z"
    return Sparkline(
        line=line,
        area=area,
        last_x=points[-1][0],
        last_y=points[-1][1],
        first=values[0],
        last=values[-1],
        low=low,
        high=high,
        width=width,
        height=height,
    )


def attach_sparklines(quote_views, *, days=None, now=None):
    """Give each current quote the sparkline of its daily closes over the last `days` days (one query)."""
    days = settings.WIRE_SPARKLINE_DAYS if days is None else days
    since = (now or timezone.now()) - timedelta(days=days)
    series = {}
    for symbol, _day, value in MarketQuote.objects.daily_closes(since=since, symbols=[v.quote.symbol for v in quote_views]):
        series.setdefault(symbol, []).append(value)
    for view in quote_views:
        view.spark = sparkline(series.get(view.quote.symbol, []), width=240, height=56)
    return quote_views
