"""Sign-up: CSRF without per-visitor tokens in cached pages, validation, honeypot, double opt-in."""

import pytest
from django.test import Client

from newsletter.models import Subscriber
from newsletter.views import CSRF_RETRY_MESSAGE
from tests.newsletter.conftest import confirm_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def queued_confirmations():
    from procrastinate.contrib.django.models import ProcrastinateJob

    return list(
        ProcrastinateJob.objects.filter(task_name="newsletter.tasks.send_confirmation").values_list("args", flat=True)
    )


def fetch_token(client):
    response = client.get("/newsletter/csrf/")
    assert response.status_code == 200
    return response.json()["token"]


def test_footer_form_carries_no_csrf_token_and_loads_the_script(client, make_article):
    make_article()
    response = client.get("/")
    html = response.content.decode()
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="">' in html
    assert 'data-csrf-url="/newsletter/csrf/"' in html
    assert "js/signup.js\" defer></script>" in html
    assert "csrftoken" not in response.cookies


def test_csrf_endpoint_is_uncached_json_and_sets_the_cookie(csrf_client):
    response = csrf_client.get("/newsletter/csrf/")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert len(response.json()["token"]) == 64
    assert "csrftoken" in response.cookies


def test_landing_page_renders_its_own_token(csrf_client):
    response = csrf_client.get("/newsletter/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert html.count("<h1") == 1
    page_form = html.split('class="signup signup--page"')[1]
    assert 'name="csrfmiddlewaretoken" value="' in page_form
    assert 'name="csrfmiddlewaretoken" value=""' not in page_form.split("</form>")[0]


def test_signup_with_token_stores_pending_subscriber_and_queues_confirmation(csrf_client):
    token = fetch_token(csrf_client)
    response = csrf_client.post(
        "/newsletter/", {"email": " Reader@Example.COM ", "source": "/articles/x/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source_page == "/articles/x/"
    assert subscriber.consented_at is not None
    assert subscriber.confirmed_at is None
    assert queued_confirmations() == [{"subscriber_id": subscriber.pk}]


@pytest.mark.parametrize("token", [None, "", "forged" * 8, "a" * 64])
def test_missing_or_forged_csrf_changes_nothing_and_asks_to_press_subscribe(csrf_client, token):
    if token is not None:
        fetch_token(csrf_client)  # a cookie, but the wrong token in the form
    data = {"email": "no-js@example.com", "source": "/"}
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    response = csrf_client.post("/newsletter/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert CSRF_RETRY_MESSAGE in html
    assert 'value="no-js@example.com"' in html
    assert Subscriber.objects.count() == 0
    assert queued_confirmations() == []
    # The page carries a fresh token: pressing Subscribe now works.
    fresh = html.split('class="signup signup--page"')[1].split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert fresh
    again = csrf_client.post("/newsletter/", {"email": "no-js@example.com", "csrfmiddlewaretoken": fresh})
    assert again.status_code == 302
    assert Subscriber.objects.get().email == "no-js@example.com"


def test_honeypot_pretends_success_and_stores_nothing(client):
    response = client.post("/newsletter/", {"email": "bot@example.com", "website": "http://spam.example"})
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0
    assert queued_confirmations() == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not-an-address", "Enter a valid email address"),
        ("a@b", "Enter a valid email address"),
        ("victim@example.com\r\nBcc: everyone@example.com", "line breaks"),
        ("victim@example.com\nSubject: hi", "line breaks"),
        ("nul\x00@example.com", "Null characters are not allowed"),
        ("x" * 250 + "@example.com", "at most 254 characters"),
        ("<script>alert(1)</script>@example.com", "Enter a valid email address"),
    ],
)
def test_invalid_addresses_get_a_clear_message_and_nothing_is_stored(client, email, message):
    response = client.post("/newsletter/", {"email": email})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert Subscriber.objects.count() == 0
    assert queued_confirmations() == []


def test_overlong_or_multiline_source_is_rejected(client):
    response = client.post("/newsletter/", {"email": "ok@example.com", "source": "/x\r\nSet-Cookie: a=b"})
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0


def test_response_never_reveals_whether_an_address_exists(client, make_subscriber):
    make_subscriber(email="active@example.com")
    make_subscriber(email="bounced@example.com", status=Subscriber.Status.BOUNCED)
    responses = [
        client.post("/newsletter/", {"email": email})
        for email in ["new@example.com", "active@example.com", "ACTIVE@example.com", "bounced@example.com"]
    ]
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, "/newsletter/thanks/")}
    assert Subscriber.objects.count() == 3
    assert Subscriber.objects.by_email("active@example.com").get().status == Subscriber.Status.ACTIVE
    assert Subscriber.objects.by_email("bounced@example.com").get().status == Subscriber.Status.BOUNCED
    # Only the new address gets a confirmation.
    assert len(queued_confirmations()) == 1


def test_signing_up_again_while_pending_resends_the_confirmation(client):
    client.post("/newsletter/", {"email": "twice@example.com"})
    client.post("/newsletter/", {"email": "Twice@EXAMPLE.com"})
    assert Subscriber.objects.count() == 1
    assert len(queued_confirmations()) == 2


def test_confirmation_link_activates_the_subscription(client, mailoutbox):
    from newsletter.tasks import send_confirmation

    client.post("/newsletter/", {"email": "confirm-me@example.com", "source": "/"})
    subscriber = Subscriber.objects.get()
    send_confirmation(subscriber_id=subscriber.pk)
    assert len(mailoutbox) == 1
    # Opening the link (as a mail scanner does) only asks; the button confirms.
    response = client.get(confirm_link(mailoutbox[0]))
    assert response.status_code == 200
    assert "Yes, subscribe me" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    response = client.post(confirm_link(mailoutbox[0]))
    assert response.status_code == 200
    assert "You're subscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
    assert subscriber.confirmation_sent_at is not None
    # Following it again is harmless, and says so without asking again.
    response = client.get(confirm_link(mailoutbox[0]))
    assert response.status_code == 200
    assert "You're subscribed" in response.content.decode()
    assert client.post(confirm_link(mailoutbox[0])).status_code == 200


def test_unsubscribed_reader_can_subscribe_again_with_a_new_confirmation(client, make_subscriber):
    make_subscriber(email="back@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    client.post("/newsletter/", {"email": "back@example.com"})
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(queued_confirmations()) == 1


def test_thanks_page_says_check_your_inbox(client):
    response = client.get("/newsletter/thanks/")
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
