"""Newsletter fixtures: a real SMTP server (aiosmtpd), subscribers, editions, an in-process worker."""

import asyncio
import email
import socket
from collections import Counter
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Accept mail like a real server; remember each message. Optionally slow, or refuse addresses."""

    def __init__(self):
        self.messages = []
        self.delay = 0.0
        self.reject = set()  # addresses answered with 550 (a hard bounce)
        self.defer = set()  # addresses answered with 451 (try again later)
        self.pipelining = True

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # Real servers (Postfix, Exim, hosted relays) announce RFC 2920 PIPELINING and the send loop
        # uses it; aiosmtpd reads one command line at a time, so it handles pipelined commands too.
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 No such user here"
        if address in self.defer:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    # Helpers for assertions
    def to(self, address):
        return [m for m in self.messages if m["To"] == address]

    def count_by(self, header):
        return Counter(m[header] for m in self.messages)


class SmtpServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost, with Django's real SMTP backend pointed at it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings):
    """Point Django's SMTP backend at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    return settings.EMAIL_PORT


@pytest.fixture
def make_subscriber(db):
    from newsletter.models import Subscriber

    counter = iter(range(1, 1_000_000))

    def make(**fields):
        n = next(counter)
        fields.setdefault("email", f"reader{n}@example.com")
        fields.setdefault("status", Subscriber.Status.ACTIVE)
        fields.setdefault("consented_at", timezone.now())
        return Subscriber.objects.create(**fields)

    return make


@pytest.fixture
def make_edition(db):
    from newsletter.models import Edition

    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        fields.setdefault("subject", f"🔥 Edition {n}: agents that answer the phone")
        fields.setdefault("slug", f"edition-{n}")
        fields.setdefault("preheader", "The week's highest-earning AI workflows.")
        fields.setdefault("body", "## 1. [Clinic voice agents](https://flux.example/workflows/x/)\n\n**$9,200 a month**, self-reported.")
        if fields.get("status") == Edition.Status.SENT:
            fields.setdefault("sent_at", timezone.now())
        return Edition.objects.create(**fields)

    return make


@pytest.fixture
def run_worker(db):
    """Run the procrastinate worker in this process until the queue is empty (transaction tests)."""

    from django.db import connection

    with connection.cursor() as cursor:  # jobs outlive transaction tests' table flushes
        cursor.execute("DELETE FROM procrastinate_jobs")

    def run(queues=("newsletter",)):
        import threading

        from django.db import connections
        from procrastinate.contrib.django import app

        errors = []

        def work():
            # In its own thread: Playwright's sync API may leave an event loop running in this one.
            worker_app = app.with_connector(app.connector.get_worker_connector())

            async def main():
                # Opened and closed here, so no pooled connection outlives the test database.
                from asgiref.sync import sync_to_async

                async with worker_app.open_async():
                    await worker_app.run_worker_async(
                        queues=list(queues), wait=False, install_signal_handlers=False, listen_notify=False
                    )
                # Periodic defers go through the Django connector, in asgiref's executor thread.
                await sync_to_async(connections.close_all)()

            try:
                asyncio.run(main())
            except Exception as exc:  # noqa: BLE001 - re-raised in the test thread
                errors.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=120)
        assert not thread.is_alive(), "worker did not finish"
        if errors:
            raise errors[0]

    return run


@pytest.fixture(autouse=True)
def _roomy_ip_limit(settings):
    # The test cache is shared by the xdist workers and every request comes from 127.0.0.1;
    # rate-limit tests set their own limits and addresses.
    settings.NEWSLETTER_SIGNUP_RATE_IP = "1000/h"


def confirm_link(message):
    """The confirmation URL's path from a confirmation email."""
    import re

    body = message.body if hasattr(message, "body") else message.get_body(("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(/newsletter/confirm/[^\s]+/)", body)
    assert match, body
    return match.group(1)


@pytest.fixture(autouse=True)
def _quiet_smtp_log():
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture
def welcome_email(db):
    """The welcome email the migration creates (transaction tests may have flushed it: made again then)."""
    from newsletter.models import WelcomeEmail

    welcome = WelcomeEmail.objects.first()
    if welcome is None:
        welcome = WelcomeEmail.objects.create(
            subject="You're in: here's how The Sauce Drop works",
            body="Thanks for confirming.\n\n- **No tracking pixels.** We don't record whether you opened anything.",
        )
    return welcome
