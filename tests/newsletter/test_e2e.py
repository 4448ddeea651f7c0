"""End to end through a real SMTP server (aiosmtpd) with Django's real SMTP backend and a real worker."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from newsletter.models import Edition, Subscriber, message_id_for
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
