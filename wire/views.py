"""The wire's public pages and JSON API: /wire/, /markets/, /api/wire/ and the token-authenticated writes."""

import functools
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView

from fluxsite.importers import ImportRejected
from wire import presentation, services

API_MAX_ITEMS = 100  # per request, so one call can't lock the table for long


class WireSnapshotMixin:
    """Put the wire snapshot (live dispatches, current quotes) into the context."""

    item_limit = services.WIRE_ITEMS_SHOWN

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            snapshot=services.wire_snapshot(item_limit=self.item_limit), max_age_label=presentation.max_age_label(), **kwargs
        )


class WirePageView(WireSnapshotMixin, TemplateView):
    """The plain HTML wire: dispatches and current quotes (what the ticker shows, without scripts)."""

    template_name = "wire/wire_page.html"
    item_limit = services.WIRE_PAGE_ITEMS


class MarketsView(WireSnapshotMixin, TemplateView):
    """Every symbol's current quote with a server-drawn SVG sparkline of its daily closes."""

    template_name = "wire/markets.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = presentation.group_quotes(presentation.attach_sparklines(context["snapshot"].quotes))
        context["sparkline_days"] = settings.WIRE_SPARKLINE_DAYS
        return context


@require_safe
def wire_api(request):
    """GET /api/wire/: the snapshot as JSON, with ETag/Last-Modified validators and a short lifetime."""
    snapshot = services.wire_snapshot()
    body = json.dumps(snapshot.as_json(), ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    last_modified = int(snapshot.last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=15"
    return response


# --- Token-authenticated writes --------------------------------------------------------------


def _error(status, error, detail, errors=None, **headers):
    payload = {"error": error, "detail": detail}
    if errors is not None:
        payload["errors"] = errors
    response = JsonResponse(payload, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _unauthorized(detail):
    return _error(401, "unauthorized", detail, WWW_Authenticate='Bearer realm="wire"')


def token_api(view):
    """Authenticate a Bearer token, bound and parse the JSON body, then call view(request, token, rows).

    Token auth replaces cookies here, so CSRF does not apply; the order of checks means an unknown
    client gets 401 before the server reads a byte of its body.
    """

    @csrf_exempt
    @require_POST
    @functools.wraps(view)
    def wrapper(request):
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return _unauthorized("Send the token as “Authorization: Bearer <token>”.")
        token = services.api_token_authenticate(secret=secret.strip())
        if token is None:
            return _unauthorized("Unknown token.")
        if not token.is_active:
            return _error(403, "revoked", "This token was revoked; ask an editor for a new one.")
        if request.content_type != "application/json":
            return _error(415, "unsupported_media_type", "Send JSON with “Content-Type: application/json”.")
        limit = settings.WIRE_API_MAX_BODY_BYTES
        try:
            declared = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            return _error(400, "bad_request", "Content-Length is not a number.")
        if declared > limit:
            return _error(413, "too_large", f"The body may be at most {limit} bytes.")
        body = request.read(limit + 1)
        if len(body) > limit:
            return _error(413, "too_large", f"The body may be at most {limit} bytes.")
        try:
            payload = json.loads(body.decode("utf-8"), parse_float=Decimal)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return _error(400, "malformed_json", f"The body is not valid UTF-8 JSON: {exc}.")
        rows = payload if isinstance(payload, list) else [payload]
        if not rows:
            return _error(400, "empty", "Send one object, or an array of at least one.")
        if len(rows) > API_MAX_ITEMS:
            return _error(400, "too_many", f"Send at most {API_MAX_ITEMS} objects per request.")
        try:
            return view(request, token, list(enumerate(rows)))
        except ImportRejected as exc:
            return _error(
                400,
                "invalid",
                f"{len(exc.errors)} problem(s) found; nothing was saved.",
                errors=[e.as_json() for e in exc.errors],
            )

    return wrapper


@token_api
def api_items_create(request, token, rows):
    """POST /api/wire/items/: create dispatches (one object or an array); 201 with what was created."""
    items = services.wire_items_create(rows=rows, default_source=token.name)
    return JsonResponse({"created": [presentation.item_json(item) for item in items]}, status=201)


@token_api
def api_quotes_upsert(request, token, rows):
    """POST /api/wire/quotes/: insert or update quotes by (symbol, as_of); 201 if any was new, else 200."""
    result = services.quotes_upsert(rows=[(("index", i), row) for i, row in rows], default_source=token.name)
    return JsonResponse(
        {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        status=201 if result.created else 200,
    )
