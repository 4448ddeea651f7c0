"""The welcome email: sent once after confirming, written by editors in the admin, latest edition linked."""

import pytest
from django.test import Client

from newsletter import services
from newsletter.models import Edition, Subscriber, WelcomeEmail
from tests.newsletter.conftest import confirm_link


def sign_up_and_confirm(client, email, run_worker, smtp_server):
    token = client.get("/newsletter/csrf/").json()["token"]
    assert client.post("/newsletter/", {"email": email, "csrfmiddlewaretoken": token}).status_code == 302
    run_worker()
    (confirmation,) = smtp_server.handler.to(email)
    response = client.post(confirm_link(confirmation))
    assert "You're subscribed" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_confirming_sends_the_editors_welcome_once_with_the_latest_edition(
    smtp_server, run_worker, make_edition, client, django_user_model, settings, welcome_email
):
    settings.NEWSLETTER_POSTAL_ADDRESS = "Flux Media, 1 Example Street, Springfield"
    make_edition(subject="An older edition", slug="older", status=Edition.Status.SENT)
    latest = make_edition(subject="Voice agents that book dentists", slug="voice-agents", status=Edition.Status.SENT)
    make_edition(subject="A draft nobody should see", slug="draft")
    Edition.objects.filter(slug="older").update(sent_at=latest.sent_at.replace(year=2025))

    # An editor rewrites the welcome in the admin.
    welcome = welcome_email
    # A superuser: this transaction test may run after another flushed the migrations' groups.
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@flux.example", "x"))
    response = client.post(
        f"/admin/newsletter/welcomeemail/{welcome.pk}/change/",
        {"subject": "Welcome aboard, sauce fans", "body": "## Start here\n\nRead [the guide](https://flux.example/guide/).", "is_active": "on"},
    )
    assert response.status_code == 302

    reader = Client(enforce_csrf_checks=True)
    sign_up_and_confirm(reader, "new@example.com", run_worker, smtp_server)
    run_worker()
    (confirmation, welcome_mail) = smtp_server.handler.to("new@example.com")
    assert welcome_mail["Subject"] == "Welcome aboard, sauce fans"
    html = welcome_mail.get_body(("html",)).get_content()
    text = welcome_mail.get_body(("plain",)).get_content()
    assert f"{settings.SITE_URL}/newsletter/archive/voice-agents/" in html
    assert "Voice agents that book dentists" in html and "Voice agents that book dentists" in text
    assert "A draft nobody should see" not in html
    assert "Start here\n==========" in text.replace("\r\n", "\n") and "the guide [1]" in text
    assert "Flux Media, 1 Example Street" in html and "Flux Media, 1 Example Street" in text
    assert welcome_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert welcome_mail["Message-ID"] != confirmation["Message-ID"]
    assert Subscriber.objects.get().welcomed_at is not None

    # Opening the link and pressing the button again sends nothing new.
    reader.post(confirm_link(confirmation))
    run_worker()
    assert len(smtp_server.handler.to("new@example.com")) == 2


@pytest.mark.django_db
def test_switched_off_welcome_sends_nothing(make_subscriber, mailoutbox, welcome_email):
    WelcomeEmail.objects.update(is_active=False)
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    assert services.subscriber_confirm(subscriber=subscriber)
    assert not services.subscriber_send_welcome(subscriber_id=subscriber.pk)
    assert mailoutbox == []


@pytest.mark.django_db
def test_there_is_one_welcome_to_edit_and_a_test_copy_to_send(client, editor, mailoutbox, welcome_email):
    editor.email = "eddie@flux.example"
    editor.save()
    client.force_login(editor)
    welcome = welcome_email
    assert client.get("/admin/newsletter/welcomeemail/add/").status_code == 403
    assert client.get(f"/admin/newsletter/welcomeemail/{welcome.pk}/delete/").status_code == 403
    client.post("/admin/newsletter/welcomeemail/", {"action": "send_test_to_me", "_selected_action": [welcome.pk]})
    (message,) = mailoutbox
    assert message.subject == f"[TEST] {welcome.subject}" and message.to == ["eddie@flux.example"]
    assert "No tracking pixels" in message.body
