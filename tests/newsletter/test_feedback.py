"""Bounces and complaints: signed webhooks (generic JSON, Postmark), DSNs from a Maildir, per-edition numbers."""

import base64
import json
import mailbox
import time

import pytest
from django.core.management import call_command

from newsletter import feedback
from newsletter.models import Delivery, Edition, MailEvent, Subscriber, message_id_for

pytestmark = pytest.mark.django_db

SECRET = "webhook-test-secret-not-real"  # noqa: S105 - test value


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = SECRET


def post_signed(client, payload, *, secret=SECRET, now=None, body=None):
    body = body if body is not None else json.dumps(payload).encode()
    return client.post(
        "/newsletter/events/", body, content_type="application/json",
        HTTP_FLUX_SIGNATURE=feedback.sign(secret, body, now=now),
    )


@pytest.fixture
def sent_edition(make_edition, make_subscriber):
    """An edition delivered to three subscribers."""
    edition = make_edition(status=Edition.Status.SENT)
    subscribers = [make_subscriber() for _ in range(3)]
    for subscriber in subscribers:
        Delivery.objects.create(edition=edition, subscriber=subscriber, state=Delivery.State.SENT, sent_at=edition.sent_at)
    Edition.objects.filter(pk=edition.pk).update(sent_count=3, recipients_count=3)
    return edition, subscribers


def test_signed_events_suppress_hard_bounces_and_complaints_for_good(client, sent_edition):
    edition, (bounced, complained, soft) = sent_edition
    response = post_signed(client, {"events": [
        {"id": "e1", "type": "bounce", "bounce": "hard", "email": bounced.email.upper(),
         "message_id": message_id_for(edition.pk, bounced.pk), "detail": "550 5.1.1 user unknown"},
        {"id": "e2", "type": "complaint", "email": complained.email, "occurred_at": "2026-12-07T09:00:00Z"},
        {"id": "e3", "type": "bounce", "bounce": "soft", "email": soft.email},
    ]})
    assert response.status_code == 200, response.content
    assert response.json() == {"recorded": 3, "suppressed": 2, "duplicates": 0, "unknown_addresses": []}
    statuses = dict(Subscriber.objects.values_list("pk", "status"))
    assert statuses == {bounced.pk: "bounced", complained.pk: "complained", soft.pk: "active"}
    assert set(MailEvent.objects.values_list("edition_id", flat=True)) == {edition.pk}
    # Suppressed means for good: signing up again or importing changes nothing.
    client.post("/newsletter/", {"email": complained.email})
    assert Subscriber.objects.get(pk=complained.pk).status == "complained"


def test_replayed_forged_stale_and_malformed_requests_change_nothing(client, sent_edition):
    edition, (reader, *_) = sent_edition
    event = {"id": "once", "type": "complaint", "email": reader.email}
    body = json.dumps(event).encode()
    signature = feedback.sign(SECRET, body)
    assert client.post("/newsletter/events/", body, content_type="application/json", HTTP_FLUX_SIGNATURE=signature).status_code == 200
    Subscriber.objects.filter(pk=reader.pk).update(status="active")  # an editor restored it by hand
    # The same request again (a replay inside the signing window): already seen, nothing changes.
    replay = client.post("/newsletter/events/", body, content_type="application/json", HTTP_FLUX_SIGNATURE=signature)
    assert replay.status_code == 200 and replay.json()["duplicates"] == 1
    assert Subscriber.objects.get(pk=reader.pk).status == "active"

    fresh = {"id": "new", "type": "complaint", "email": reader.email}
    cases = [
        (post_signed(client, fresh, secret="guessed"), 401, "does not match"),
        (post_signed(client, fresh, now=time.time() - 3600), 401, "s old"),
        (client.post("/newsletter/events/", json.dumps(fresh), content_type="application/json"), 401, "Flux-Signature"),
        (post_signed(client, None, body=b"{not json"), 400, "not JSON"),
        (post_signed(client, {"id": "x", "type": "bounce", "email": reader.email}), 400, '"hard" or "soft"'),
        (post_signed(client, {"id": "x", "type": "complaint", "email": "nobody"}), 400, "not an email address"),
        (post_signed(client, {"events": [fresh, {"type": "complaint", "email": reader.email}]}), 400, '"id"'),
    ]
    for response, status, reason in cases:
        assert response.status_code == status, response.content
        assert reason in response.json()["detail"]
    assert MailEvent.objects.count() == 1
    assert Subscriber.objects.get(pk=reader.pk).status == "active"
    assert client.get("/newsletter/events/").status_code == 405


def test_unknown_addresses_are_reported_and_nothing_is_stored(client, sent_edition):
    response = post_signed(client, {"id": "u1", "type": "complaint", "email": "stranger@example.com"})
    assert response.status_code == 200
    assert response.json()["unknown_addresses"] == ["stranger@example.com"]
    assert not MailEvent.objects.exists()


def test_without_a_secret_the_webhooks_are_off(client, settings, sent_edition):
    settings.NEWSLETTER_WEBHOOK_SECRET = ""
    response = post_signed(client, {"id": "x", "type": "complaint", "email": sent_edition[1][0].email}, secret="")
    assert response.status_code == 403 and "NEWSLETTER_WEBHOOK_SECRET" in response.json()["detail"]


def postmark(client, payload, password=SECRET):
    auth = base64.b64encode(f"postmark:{password}".encode()).decode()
    return client.post("/newsletter/events/postmark/", json.dumps(payload), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Basic {auth}")


def test_postmark_bounce_and_spam_complaint_webhooks(client, sent_edition):
    edition, (bounced, complained, other) = sent_edition
    hard = {  # Postmark's bounce webhook, as documented
        "RecordType": "Bounce", "ID": 4323372036854775807, "Type": "HardBounce", "TypeCode": 1,
        "Name": "Hard bounce", "Tag": "", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23, "MessageStream": "outbound", "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": bounced.email, "From": "sauce@flux.example", "BouncedAt": "2026-12-07T16:33:54.9070259Z",
        "DumpAvailable": True, "Inactive": True, "CanActivate": True, "Subject": edition.subject,
    }
    spam = {**hard, "RecordType": "SpamComplaint", "ID": 42, "Type": "SpamComplaint", "TypeCode": 100001,
            "Email": complained.email}
    assert postmark(client, hard, password="wrong").status_code == 401
    assert postmark(client, hard).json()["suppressed"] == 1
    assert postmark(client, spam).json()["suppressed"] == 1
    assert postmark(client, hard).json()["duplicates"] == 1  # Postmark retries: counted once
    delivery = {"RecordType": "Delivery", "MessageID": "x", "Recipient": other.email}
    assert postmark(client, delivery).json() == {"recorded": 0, "suppressed": 0, "duplicates": 0, "unknown_addresses": []}
    assert dict(Subscriber.objects.values_list("pk", "status")) == {
        bounced.pk: "bounced", complained.pk: "complained", other.pk: "active"
    }
    assert set(MailEvent.objects.values_list("edition_id", flat=True)) == {edition.pk}  # their latest edition


DSN = """\
Return-Path: <>
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: bounces@flux.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <20261207090000.ABC123@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not be delivered.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Mon, 7 Dec 2026 09:00:00 +0000

Final-Recipient: rfc822; {hard}
Original-Recipient: rfc822;{hard}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{hard}>: Recipient address rejected: User unknown

Final-Recipient: rfc822; {soft}
Action: delayed
Status: 4.2.2
Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

Final-Recipient: rfc822; stranger@example.com
Action: failed
Status: 5.1.1

--B1
Content-Type: text/rfc822-headers

From: The Sauce Drop <sauce@flux.example>
Message-ID: {message_id}
Subject: An edition

--B1--
"""


def test_read_bounces_takes_dsns_from_a_maildir_once(tmp_path, sent_edition):
    edition, (hard, soft, _) = sent_edition
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    box.add(DSN.format(hard=hard.email, soft=soft.email, message_id=message_id_for(edition.pk, hard.pk)).encode())
    box.add(b"From: reader@example.com\nSubject: thanks!\n\nLoved the last one.\n")
    from io import StringIO

    out = StringIO()
    call_command("read_bounces", str(tmp_path / "bounces"), stdout=out)
    assert "1 bounce message(s) read: 2 event(s) recorded, 1 address(es) suppressed" in out.getvalue()
    assert "stranger@example.com" in out.getvalue() and "1 other message(s) left alone" in out.getvalue()
    assert Subscriber.objects.get(pk=hard.pk).status == "bounced"
    assert Subscriber.objects.get(pk=soft.pk).status == "active"
    event = MailEvent.objects.get(kind="hard_bounce")
    assert event.edition_id == edition.pk and "User unknown" in event.detail
    out = StringIO()
    call_command("read_bounces", str(tmp_path / "bounces"), stdout=out)
    assert out.getvalue().startswith("0 bounce message(s) read")
    assert MailEvent.objects.count() == 2


def test_read_bounces_names_a_missing_maildir(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Can't read the Maildir"):
        call_command("read_bounces", str(tmp_path / "nowhere"))


def test_edition_admin_shows_reception_and_the_complaint_line(client, editor, sent_edition):
    edition, (bounced, complained, reader) = sent_edition
    post_signed(client, {"events": [
        {"id": "a", "type": "bounce", "bounce": "hard", "email": bounced.email},
        {"id": "b", "type": "complaint", "email": complained.email},
    ]})
    from newsletter.services import subscriber_unsubscribe

    subscriber_unsubscribe(subscriber=reader)
    client.force_login(editor)
    page = client.get(f"/admin/newsletter/edition/{edition.pk}/change/").content.decode()
    assert "Delivered: 3 · Bounced: 1 (hard; 0 soft) · Complained: 1 · Unsubscribed: 1" in page
    assert "33.33% (over the 0.3 % line)" in page
    listing = client.get("/admin/newsletter/edition/").content.decode()
    assert "over the 0.3 % line" in listing
    assert client.get("/admin/newsletter/mailevent/").status_code == 200
