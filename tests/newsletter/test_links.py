"""Signed links: confirm (tampered, expired), unsubscribe (GET asks, POST acts, one-click), data."""

import json

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Delivery, Subscriber

pytestmark = pytest.mark.django_db


def test_tampered_confirm_token_is_refused_with_a_clear_message(client, make_subscriber):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = tokens.CONFIRM.make(subscriber)
    for bad in [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "x" + token, "garbage", "a:b:c"]:
        for response in (client.get(f"/newsletter/confirm/{bad}/"), client.post(f"/newsletter/confirm/{bad}/")):
            assert response.status_code == 400
            assert "isn&#x27;t valid" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_token_signed_for_another_purpose_is_refused(client, make_subscriber):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    response = client.get(f"/newsletter/confirm/{tokens.UNSUBSCRIBE.make(subscriber)}/")
    assert response.status_code == 400
    forged = signing.dumps({"s": subscriber.pk, "e": "0" * 12}, salt=tokens.CONFIRM.salt)
    assert client.get(f"/newsletter/confirm/{forged}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_expired_confirm_token_says_so(client, make_subscriber, settings):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    with time_machine.travel(timezone.now() - timezone.timedelta(seconds=settings.NEWSLETTER_CONFIRM_MAX_AGE + 60)):
        token = tokens.CONFIRM.make(subscriber)
    for response in (client.get(f"/newsletter/confirm/{token}/"), client.post(f"/newsletter/confirm/{token}/")):
        assert response.status_code == 400
        assert "expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_confirm_link_does_not_reactivate_an_unsubscribed_address(client, make_subscriber):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = tokens.CONFIRM.make(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    for response in (client.get(f"/newsletter/confirm/{token}/"), client.post(f"/newsletter/confirm/{token}/")):
        assert "Not subscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_get_only_asks(client, make_subscriber):
    subscriber = make_subscriber()
    url = f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(subscriber)}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "<form method=\"post\"" in response.content.decode()
    client.head(url)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_unsubscribe_button_post_unsubscribes_and_offers_resubscribe(client, make_subscriber):
    subscriber = make_subscriber()
    response = client.post(f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(subscriber)}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You're unsubscribed" in html
    assert f'value="{subscriber.email}"' in html
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_rfc8058_one_click_post_needs_no_login_or_csrf(make_subscriber):
    from django.test import Client

    subscriber = make_subscriber()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(subscriber)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_bad_unsubscribe_token_is_a_400_not_a_500(client):
    assert client.post("/newsletter/unsubscribe/nope/").status_code == 400
    assert client.get("/newsletter/unsubscribe/%00%0d%0a/").status_code in (400, 404)


def test_data_export_downloads_json(client, make_subscriber, make_edition):
    subscriber = make_subscriber(source_page="/articles/a/")
    edition = make_edition()
    Delivery.objects.create(edition=edition, subscriber=subscriber, state=Delivery.State.SENT, sent_at=timezone.now())
    response = client.get(f"/newsletter/data/{tokens.DATA.make(subscriber)}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["email"] == subscriber.email
    assert data["source_page"] == "/articles/a/"
    assert data["deliveries"][0]["edition"] == edition.subject
    assert data["mail_events"] == []
    client.post(f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(subscriber)}/")
    data = json.loads(client.get(f"/newsletter/data/{tokens.DATA.make(subscriber)}/").content)
    assert [(e["kind"], e["edition"]) for e in data["mail_events"]] == [("unsubscribe", edition.subject)]
    assert data["welcomed_at"] is None


def test_data_delete_asks_then_erases(client, make_subscriber, make_edition):
    subscriber = make_subscriber()
    Delivery.objects.create(edition=make_edition(), subscriber=subscriber)
    url = f"/newsletter/data/{tokens.DATA.make(subscriber)}/delete/"
    assert client.get(url).status_code == 200
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    response = client.post(url)
    assert "Your data is deleted" in response.content.decode()
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert Delivery.objects.count() == 0
    # The old link now explains itself.
    assert client.get(url).status_code == 400


def test_data_token_cannot_unsubscribe_or_confirm(client, make_subscriber):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = tokens.DATA.make(subscriber)
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 400
    assert client.get(f"/newsletter/confirm/{token}/").status_code == 400
    assert client.post(f"/newsletter/confirm/{token}/").status_code == 400


def test_signed_links_only_answer_get_head_and_post(client, make_subscriber):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    for url in (f"/newsletter/confirm/{tokens.CONFIRM.make(subscriber)}/",
                f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(subscriber)}/", "/newsletter/confirm/garbage/"):
        assert client.put(url).status_code == 405
        assert client.delete(url).status_code == 405
    assert client.head(f"/newsletter/confirm/{tokens.CONFIRM.make(subscriber)}/").status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
