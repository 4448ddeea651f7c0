"""End to end through a real SMTP server (aiosmtpd) with Django's real SMTP backend and a real worker."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from newsletter.models import Edition, Subscriber, Topic, message_id_for
from tests.newsletter.conftest import SmtpServer, confirm_link

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_up(client, email):
    token = client.get("/newsletter/csrf/").json()["token"]
    response = client.post("/newsletter/", {"email": email, "source": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_signup_confirm_send_and_one_click_unsubscribe(smtp_server, run_worker, make_edition, settings):
    client = Client(enforce_csrf_checks=True)
    sign_up(client, "e2e@example.com")
    run_worker()
    (confirmation,) = smtp_server.messages
    assert confirmation["To"] == "e2e@example.com"
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Yes, subscribe me" in client.get(confirm_link(confirmation)).content.decode()
    response = client.post(confirm_link(confirmation))  # the page's button: no cookie or CSRF token needed
    assert "You're subscribed" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE

    edition = make_edition()
    call_command("send_edition", edition.pk)
    issue = smtp_server.messages[-1]
    assert issue["Message-ID"] == message_id_for(edition.pk, subscriber.pk)
    assert issue.get_body(("html",)) is not None and issue.get_body(("plain",)) is not None
    assert Edition.objects.get().status == Edition.Status.SENT

    # The mail client's one-click POST to the header URL, with no cookies or token.
    unsubscribe_url = issue["List-Unsubscribe"].strip()[1:-1].replace(settings.SITE_URL, "")
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_smtp_down_at_signup_keeps_the_subscription_and_retries_the_email(smtp_down, run_worker, settings):
    client = Client(enforce_csrf_checks=True)
    sign_up(client, "patient@example.com")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    run_worker()  # the send fails: the job is kept for a retry
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM procrastinate_jobs WHERE task_name = 'newsletter.tasks.send_confirmation'")
        assert cursor.fetchall() == [("todo", 1)]
        # SMTP comes back; don't wait out the retry delay.
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'")
    server = SmtpServer()
    server.start()
    try:
        settings.EMAIL_PORT = server.port
        run_worker()
    finally:
        server.stop()
    assert [m["To"] for m in server.messages] == ["patient@example.com"]
    assert Subscriber.objects.get().confirmation_sent_at is not None


def test_welcome_then_a_bounce_and_a_complaint_keep_the_next_edition_away(
    smtp_server, run_worker, make_edition, settings, welcome_email
):
    import json

    from newsletter import feedback, sending

    settings.NEWSLETTER_WEBHOOK_SECRET = "e2e-secret"  # noqa: S105 - test value
    readers = ["stays@example.com", "bounces@example.com", "complains@example.com"]
    for address in readers:
        client = Client(enforce_csrf_checks=True)
        sign_up(client, address)
        run_worker()
        (confirmation,) = smtp_server.handler.to(address)
        client.post(confirm_link(confirmation))
    run_worker()  # the welcome emails
    for address in readers:
        assert [m["Subject"] for m in smtp_server.handler.to(address)][1] == welcome_email.subject

    first = make_edition(subject="First edition")
    sending.edition_enqueue(edition_id=first.pk)
    run_worker()
    assert {m["To"] for m in smtp_server.messages if m["Subject"] == "First edition"} == set(readers)

    def webhook(event):
        body = json.dumps(event).encode()
        return Client().post("/newsletter/events/", body, content_type="application/json",
                             HTTP_FLUX_SIGNATURE=feedback.sign("e2e-secret", body))

    bounce = next(m for m in smtp_server.handler.to("bounces@example.com") if m["Subject"] == "First edition")
    assert webhook({"id": "b-1", "type": "bounce", "bounce": "hard", "email": "bounces@example.com",
                    "message_id": bounce["Message-ID"]}).json()["suppressed"] == 1
    assert webhook({"id": "c-1", "type": "complaint", "email": "complains@example.com"}).json()["suppressed"] == 1

    second = make_edition(subject="Second edition")
    sending.edition_enqueue(edition_id=second.pk)
    run_worker()
    assert [m["To"] for m in smtp_server.messages if m["Subject"] == "Second edition"] == ["stays@example.com"]
    assert Edition.objects.get(pk=second.pk).status == Edition.Status.SENT


def _topic_ids():
    return dict(Topic.objects.values_list("slug", "pk"))


def sign_up_on_the_page(client, address, topic_slugs):
    """Fill in /newsletter/ as a reader: the email field and the topics ticked on it."""
    page = client.get("/newsletter/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    offered = set(re.findall(r'name="topics" value="(\d+)"', page))
    ids = _topic_ids()
    assert {str(ids[slug]) for slug in topic_slugs} <= offered
    response = client.post("/newsletter/", {
        "csrfmiddlewaretoken": token, "email": address, "source": "/newsletter/", "topics_shown": "1",
        "topics": [ids[slug] for slug in topic_slugs], "website": "",
    })
    assert response.status_code == 302, response.content.decode()


def footer_link(message, label):
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    return re.search(rf"^{label}: https?://[^/\s]+(/\S+)$", text, re.M).group(1)


def test_done_means_topics_welcome_bounce_and_complaint_through_smtp_and_the_worker(
    smtp_server, run_worker, make_edition, settings, welcome_email, admin_user
):
    """Sign up choosing topics, confirm by the mailed link, get the welcome, change topics on the
    preferences page; a wire edition reaches only wire readers; a bounce (generic webhook) and a
    complaint (Postmark) suppress two of them; the next wire edition skips both."""
    import base64
    import json

    from newsletter import feedback

    for slug, name, default in [("weekly", "The weekly Sauce Drop", True), ("wire", "Breaking wire alerts", False)]:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "is_default": default})
    settings.NEWSLETTER_WEBHOOK_SECRET = "e2e-secret"  # noqa: S105 - test value
    choices = {
        "both@example.com": ["weekly", "wire"],
        "later@example.com": ["weekly"],  # adds wire on the preferences page
        "weekly@example.com": ["weekly"],
        "bounces@example.com": ["wire"],
        "complains@example.com": ["wire"],
    }
    for address, slugs in choices.items():
        client = Client(enforce_csrf_checks=True)
        sign_up_on_the_page(client, address, slugs)
        run_worker()
        (confirmation,) = smtp_server.handler.to(address)
        assert "Yes, subscribe me" in client.get(confirm_link(confirmation)).content.decode()
        assert "You're subscribed" in client.post(confirm_link(confirmation)).content.decode()
    run_worker()  # the welcome emails
    for address, slugs in choices.items():
        subscriber = Subscriber.objects.by_email(address).get()
        assert subscriber.status == Subscriber.Status.ACTIVE
        assert set(subscriber.topics.values_list("slug", flat=True)) == set(slugs)
        confirmation, welcome = smtp_server.handler.to(address)
        assert welcome["Subject"] == welcome_email.subject

    # The reader opens "Choose what you get" from the welcome email and ticks the wire too.
    welcome = smtp_server.handler.to("later@example.com")[1]
    preferences = footer_link(welcome, "Choose what you get")
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(preferences).content.decode()
    assert "Breaking wire alerts" in page
    ids = _topic_ids()
    assert "Saved." in reader.post(preferences, {"topics": [ids["weekly"], ids["wire"]]}).content.decode()

    # An editor sends a wire edition from the admin's "Send now…" page; the queue worker sends it.
    # A superuser, not the Editors group: an earlier transaction test on this worker may have flushed groups.
    staff = Client()
    staff.force_login(admin_user)

    def send(subject):
        edition = make_edition(subject=subject, topic=Topic.objects.get(slug="wire"),
                               body="Breaking: [the story](https://news.example/story).")
        assert staff.get(f"/admin/newsletter/edition/{edition.pk}/send/").status_code == 200
        assert staff.post(f"/admin/newsletter/edition/{edition.pk}/send/").status_code == 302
        run_worker()
        assert Edition.objects.get(pk=edition.pk).status == Edition.Status.SENT
        return edition, {m["To"] for m in smtp_server.messages if m["Subject"] == subject}

    first, got_first = send("Wire alert one")
    assert got_first == {"both@example.com", "later@example.com", "bounces@example.com", "complains@example.com"}

    # A reader follows the link: counted once for the edition, nothing about who.
    copy = next(m for m in smtp_server.handler.to("both@example.com") if m["Subject"] == "Wire alert one")
    story = re.search(r'href="https?://[^/"]+(/newsletter/click/[^"]+)"', copy.get_body(("html",)).get_content())
    response = Client().get(story.group(1), HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0")
    assert response.status_code == 302 and response["Location"] == "https://news.example/story"
    assert first.links.get().clicks == 1

    bounce = next(m for m in smtp_server.handler.to("bounces@example.com") if m["Subject"] == "Wire alert one")
    body = json.dumps({"id": "b-1", "type": "bounce", "bounce": "hard", "email": "bounces@example.com",
                       "message_id": bounce["Message-ID"], "detail": "550 5.1.1 user unknown"}).encode()
    response = Client().post("/newsletter/events/", body, content_type="application/json",
                             HTTP_FLUX_SIGNATURE=feedback.sign("e2e-secret", body))
    assert response.json()["suppressed"] == 1
    auth = base64.b64encode(b"postmark:e2e-secret").decode()
    complaint = {"RecordType": "SpamComplaint", "Type": "SpamComplaint", "ID": 42, "Email": "complains@example.com",
                 "BouncedAt": "2026-12-07T10:00:00Z"}
    response = Client().post("/newsletter/events/postmark/", json.dumps(complaint), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Basic {auth}")
    assert response.json()["suppressed"] == 1
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses["bounces@example.com"] == "bounced" and statuses["complains@example.com"] == "complained"

    _, got_second = send("Wire alert two")
    assert got_second == {"both@example.com", "later@example.com"}
    html = staff.get(f"/admin/newsletter/edition/{first.pk}/change/").content.decode()
    assert "Delivered: 4 · Bounced: 1 (hard; 0 soft) · Complained: 1" in html
