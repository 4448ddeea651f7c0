"""Bad input on the newsletter's endpoints: a 4xx with a reason (or a page that explains), nothing changed, never a 500."""

import base64
import json
import mailbox
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from newsletter import feedback, tokens
from newsletter.models import Delivery, Edition, MailEvent, Subscriber, message_id_for
from tests.dbstate import row_counts

pytestmark = pytest.mark.django_db

SECRET = "webhook-test-secret-not-real"  # noqa: S105 - test value


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = SECRET


@pytest.fixture
def reader(make_edition, make_subscriber):
    """An active subscriber who was sent one edition."""
    edition = make_edition(status=Edition.Status.SENT)
    subscriber = make_subscriber(email="reader@example.com")
    Delivery.objects.create(edition=edition, subscriber=subscriber, state=Delivery.State.SENT, sent_at=edition.sent_at)
    return subscriber


def client():
    # The real handler's answer to an exception is a 500 response, not a re-raised error.
    return Client(raise_request_exception=False)


def signed(body: bytes, **headers):
    return client().post(
        "/newsletter/events/", body, content_type="application/json",
        headers={"Flux-Signature": feedback.sign(SECRET, body), **headers},
    )


def postmark(body: bytes, authorization=None):
    auth = authorization or "Basic " + base64.b64encode(f"postmark:{SECRET}".encode()).decode()
    return client().post("/newsletter/events/postmark/", body, content_type="application/json",
                         headers={"Authorization": auth})


def assert_refused(response, status, reason):
    assert response.status_code == status, response.content
    assert reason in response.json()["detail"], response.json()


def nothing_changed(reader):
    assert not MailEvent.objects.exists()
    reader.refresh_from_db()
    return reader.status == Subscriber.Status.ACTIVE


COMPLAINT = {"id": "evt-1", "type": "complaint", "email": "reader@example.com"}


@pytest.mark.parametrize(
    "header",
    [
        "t=1700000000,v1=é",  # non-ASCII where the hex digest goes
        "t=١٧٠٠٠٠٠٠٠٠,v1=00",  # digits, but not ASCII ones
        "t=1" + "0" * 400 + ",v1=00",  # a number no clock can be compared with
        "t=,v1=",
        "v1=" + "a" * 64,
        "☃",
        "t=1700000000,v1=" + "f" * 10_000,
    ],
)
def test_forged_or_mangled_signature_headers_are_401(reader, header):
    body = json.dumps(COMPLAINT).encode()
    response = client().post("/newsletter/events/", body, content_type="application/json",
                             headers={"Flux-Signature": header})
    assert response.status_code == 401, response.content
    assert response.json()["error"] == "unauthenticated"
    assert nothing_changed(reader)


def test_a_stale_replay_is_refused_and_a_fresh_one_changes_nothing(reader):
    body = json.dumps(COMPLAINT).encode()
    stale = feedback.sign(SECRET, body, now=1_700_000_000)
    response = client().post("/newsletter/events/", body, content_type="application/json",
                             headers={"Flux-Signature": stale})
    assert_refused(response, 401, "s old")
    assert nothing_changed(reader)


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic é",  # non-ASCII where base64 goes
        "Basic " + base64.b64encode("postmark:sécret".encode()).decode(),  # a non-ASCII wrong password
        "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(),  # not UTF-8 once decoded
        "Basic ☃☃☃☃",
        "Bearer " + SECRET,
        "Basic",
        "Basic " + base64.b64encode(b"postmark-without-colon").decode(),
    ],
)
def test_bad_basic_auth_on_the_postmark_webhook_is_401(reader, authorization):
    body = json.dumps({"RecordType": "SpamComplaint", "ID": 1, "Email": reader.email}).encode()
    response = postmark(body, authorization)
    assert response.status_code == 401, response.content
    assert response.json()["error"] == "unauthenticated"
    assert nothing_changed(reader)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe{}", "not JSON"),
        (b"", "not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),  # nested deeper than any parser should follow
        (json.dumps([COMPLAINT]).encode(), "not an object"),  # a list of events, not {"events": [...]}
        (b"[]", "not an object"),
        (b"5", "not an object"),
        (b"null", "not an object"),
        (b'"complaint"', "not an object"),
        (json.dumps({"events": COMPLAINT}).encode(), '"events" must be a non-empty list'),
        (json.dumps({"events": []}).encode(), '"events" must be a non-empty list'),
        (json.dumps({**COMPLAINT, "occurred_at": "2026-02-30T10:00:00Z"}).encode(), "not an ISO 8601 date-time"),
        (json.dumps({**COMPLAINT, "occurred_at": 1700000000}).encode(), "not an ISO 8601 date-time"),
        (json.dumps({**COMPLAINT, "id": "evt\u0000"}).encode(), '"id"'),
        (json.dumps({**COMPLAINT, "id": ["evt-1"]}).encode(), '"id"'),
        (json.dumps({**COMPLAINT, "email": "reader@example.com\u0000"}).encode(), "not an email address"),
        (json.dumps({**COMPLAINT, "email": ["reader@example.com"]}).encode(), "not an email address"),
        (json.dumps({**COMPLAINT, "type": ["complaint"]}).encode(), '"type"'),
    ],
)
def test_malformed_generic_bodies_are_400_with_the_reason(reader, body, reason):
    assert_refused(signed(body), 400, reason)
    assert nothing_changed(reader)


@pytest.mark.parametrize(
    "detail", ["550 user unknown\u0000", "lone surrogate \ud800 here", "x" * 5000, {"nested": ["object"]}]
)
def test_odd_but_harmless_fields_are_cleaned_not_fatal(reader, detail):
    body = json.dumps({**COMPLAINT, "detail": detail}).encode()
    response = signed(body)
    assert response.status_code == 200, response.content
    event = MailEvent.objects.get()
    assert "\u0000" not in event.detail and len(event.detail) <= 300
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.COMPLAINED


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ([{"RecordType": "SpamComplaint", "ID": 1, "Email": "reader@example.com"}], "not a Postmark webhook"),
        ("SpamComplaint", "not a Postmark webhook"),
        ({"RecordType": "Bounce", "Type": "HardBounce", "ID": "9" * 500, "Email": "reader@example.com"}, '"ID"'),
        ({"RecordType": "Bounce", "Type": "HardBounce", "ID": {"a": 1}, "Email": "reader@example.com"}, '"ID"'),
        ({"RecordType": "Bounce", "Type": "HardBounce", "ID": 1, "Email": "nobody"}, "not an email address"),
        ({"RecordType": "Bounce", "Type": "HardBounce", "ID": 1, "Email": "reader@example.com",
          "BouncedAt": "2026-13-01T00:00:00Z"}, "not an ISO 8601 date-time"),
        ({"RecordType": "Bounce", "Type": ["HardBounce"], "ID": 1, "Email": "reader@example.com"}, '"Type"'),
    ],
)
def test_malformed_postmark_bodies_are_400_with_the_reason(reader, payload, reason):
    assert_refused(postmark(json.dumps(payload).encode()), 400, reason)
    assert nothing_changed(reader)


def test_events_for_unknown_addresses_change_nothing(reader):
    before = row_counts()
    response = signed(json.dumps({**COMPLAINT, "email": "stranger@example.com"}).encode())
    assert response.status_code == 200 and response.json()["unknown_addresses"] == ["stranger@example.com"]
    assert row_counts() == before


DSN = """From: MAILER-DAEMON@mx.example.net
To: bounces@flux.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <{report}@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=utf-8

Your message could not be delivered.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; {address}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; {diagnostic}

--B1
Content-Type: text/rfc822-headers

Message-ID: {message_id}

--B1--
"""


def read_bounces(box_path):
    out = StringIO()
    call_command("read_bounces", str(box_path), stdout=out)
    return out.getvalue()


def test_a_dsn_for_an_unknown_address_changes_nothing(tmp_path, reader):
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    box.add(DSN.format(report="r1", address="stranger@example.com", diagnostic="550 no such user",
                       message_id="<x@y>").encode())
    before = row_counts()
    out = read_bounces(tmp_path / "bounces")
    assert "1 bounce message(s) read: 0 event(s) recorded" in out and "stranger@example.com" in out
    assert row_counts() == before
    assert nothing_changed(reader)


def test_dsns_with_8bit_text_or_broken_parts_never_stop_the_run(tmp_path, reader):
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    # A receiving server that explains itself in German, in raw UTF-8 (8-bit) header text.
    box.add(DSN.format(report="r1", address=reader.email, diagnostic="550 Benutzer unbekannt – Postfach gelöscht",
                       message_id=message_id_for(Edition.objects.get().pk, reader.pk)).encode())
    # Junk where the addresses and parts should be.
    box.add(DSN.format(report="r2", address="not an address\u0000", diagnostic="x", message_id="<x@y>").encode())
    box.add(
        DSN.format(report="r3", address="stranger@example.com", diagnostic="x", message_id="<x@y>")
        .replace("Content-Type: text/rfc822-headers", 'Content-Type: text/rfc822-headers; charset="bogus-8"')
        .encode()
    )
    box.add(b"Content-Type: multipart/report; boundary=Z\n\n--Z\nContent-Type: message/delivery-status\n\n\xff\xfe\n--Z--\n")
    out = read_bounces(tmp_path / "bounces")
    assert "event(s) recorded" in out
    event = MailEvent.objects.get()
    assert event.subscriber_id == reader.pk and "unbekannt" in event.detail
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.BOUNCED


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/newsletter/confirm/{confirm}/", None),
        ("post", "/newsletter/confirm/{confirm}/", {}),
        ("get", "/newsletter/unsubscribe/{unsubscribe}/", None),
        ("post", "/newsletter/unsubscribe/{unsubscribe}/", {}),
        ("post", "/newsletter/unsubscribe/{unsubscribe}/", {"List-Unsubscribe": "One-Click"}),
        ("get", "/newsletter/data/{data}/preferences/", None),
        ("post", "/newsletter/data/{data}/preferences/", {"topics": []}),
        ("get", "/newsletter/data/{data}/", None),
        ("get", "/newsletter/data/{data}/delete/", None),
        ("post", "/newsletter/data/{data}/delete/", {}),
    ],
)
def test_links_for_a_deleted_subscriber_get_a_page_that_says_so(make_subscriber, method, path, data):
    gone = make_subscriber(email="gone@example.com", status=Subscriber.Status.PENDING)
    links = {"confirm": tokens.CONFIRM.make(gone), "unsubscribe": tokens.UNSUBSCRIBE.make(gone), "data": tokens.DATA.make(gone)}
    Subscriber.objects.filter(pk=gone.pk).delete()
    make_subscriber(email="gone@example.com")  # signed up again since: a new row, which old links must not reach
    before = row_counts()
    response = getattr(client(), method)(path.format(**links), data)
    assert response.status_code == 400
    assert "no longer matches a subscription" in response.content.decode()
    assert row_counts() == before
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_hostile_topic_fields_on_the_unsubscribe_page_are_harmless(make_subscriber):
    subscriber = make_subscriber()
    path = f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(subscriber)}/"
    for topic in ("\u0000", "x" * 5000, "☃"):
        assert client().get(path, {"topic": topic}).status_code in (200, 400)
    response = client().post(path, {"topic": "weekly\u0000", "scope": "topic"})
    assert response.status_code in (200, 400)
