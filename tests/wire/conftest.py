"""Factories for the wire: quotes, dispatches, API tokens, and a real local HTTP server for feeds."""

import threading
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone


@pytest.fixture
def make_quote(db):
    """Create a MarketQuote `hours_ago` hours old (default 1)."""
    from wire.models import MarketQuote

    def make(symbol="NVX", value="100", *, hours_ago=1, as_of=None, label=None, unit="USD", source="test desk"):
        return MarketQuote.objects.create(
            symbol=symbol,
            label=label or f"{symbol} label",
            value=Decimal(value),
            unit=unit,
            as_of=as_of or timezone.now() - timedelta(hours=hours_ago),
            source=source,
        )

    return make


@pytest.fixture
def make_item(db):
    """Create a live WireItem published `hours_ago` hours ago (default 1)."""
    from wire.models import WireItem

    counter = iter(range(1, 10_000))

    def make(headline=None, *, hours_ago=1, **fields):
        fields.setdefault("published_at", timezone.now() - timedelta(hours=hours_ago))
        fields.setdefault("source", "Flux desk")
        return WireItem.objects.create(headline=headline or f"Dispatch number {next(counter)}", **fields)

    return make


@pytest.fixture
def api_token(db):
    """An active API token and its secret (the only time the secret exists)."""
    from wire.models import ApiToken

    token = ApiToken(name="newsroom-bot")
    secret = token.issue_secret()
    token.save()
    return token, secret


@pytest.fixture
def feed_server():
    """A real HTTP server on 127.0.0.1; set `routes[path] = (content_type, body_bytes)` to serve."""
    routes = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in routes:
                self.send_error(404)
                return
            content_type, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.routes = routes
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url():
    """An http URL on which nothing listens (the port was bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/quotes.csv"
