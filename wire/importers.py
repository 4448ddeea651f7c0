"""Quote feeds and dispatches in: reading CSV and JSON, fetching URLs, and validating every row.

Nothing here writes. A feed is read and validated as a whole; any bad row raises ImportRejected listing
every problem, so the services write a batch only when all of it is clean.
"""

import json
import re
import urllib.error
import urllib.request
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from fluxsite.importers import ImportRejected, RowError, read_csv
from fluxsite.security import CONTROL_CHARS
from wire.models import MarketQuote, WireItem, validate_not_future, validate_symbol

QUOTE_COLUMNS = ("symbol", "label", "value", "unit", "as_of", "source")
QUOTE_REQUIRED_COLUMNS = frozenset(QUOTE_COLUMNS) - {"source"}
ITEM_FIELDS = ("headline", "url", "article", "source", "published_at", "expires_at", "pinned")


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
    """Validate (position, dict) rows; return unsaved MarketQuotes, or raise ImportRejected listing every bad row.

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
        raise ImportRejected(errors)
    return quotes


def validate_item_rows(rows, *, default_source=""):
    """Validate (index, dict) dispatch rows; return their bound forms, or raise ImportRejected listing every bad row."""
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
        raise ImportRejected(errors)
    return items


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
        raise ImportRejected([RowError(f"Not valid JSON: {exc.msg} (column {exc.colno}).", line=exc.lineno)]) from None
    if not isinstance(data, list):
        raise ImportRejected([RowError("Expected a JSON array of quote objects.", line=1)])
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
    return read_csv(text, columns=QUOTE_COLUMNS, required=QUOTE_REQUIRED_COLUMNS)


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
