"""Models: case-insensitive unique emails, what the archive shows, stable Message-IDs."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from newsletter.models import Edition, Subscriber, message_id_for

pytestmark = pytest.mark.django_db


def test_email_is_unique_case_insensitively(make_subscriber):
    make_subscriber(email="Same@Example.com")
    with pytest.raises(IntegrityError):
        make_subscriber(email="same@example.COM")


@pytest.mark.parametrize(
    ("status", "sent", "visible"),
    [("draft", False, False), ("scheduled", False, False), ("sending", False, False), ("sent", True, True)],
)
def test_archive_shows_sent_editions_only(make_edition, status, sent, visible):
    fields = {"status": status}
    if status == "scheduled":
        fields["scheduled_at"] = timezone.now()
    edition = make_edition(**fields)
    if sent:
        Edition.objects.filter(pk=edition.pk).update(sent_at=timezone.now())
    assert Edition.objects.published().filter(pk=edition.pk).exists() is visible


def test_scheduled_edition_needs_a_time(make_edition):
    with pytest.raises(IntegrityError):
        make_edition(status="scheduled")


def test_edition_body_is_sanitized_on_save(make_edition):
    edition = make_edition(body="Hi <script>alert(1)</script> [x](javascript:alert(1)) **bold**")
    assert "<script" not in edition.body_html
    assert "javascript:" not in edition.body_html
    assert "<strong>bold</strong>" in edition.body_html


def test_message_id_is_stable_and_distinct():
    assert message_id_for(3, 7) == message_id_for(3, 7)
    assert message_id_for(3, 7) != message_id_for(7, 3)
    assert message_id_for(3, 7).startswith("<") and message_id_for(3, 7).endswith("@flux.example>")


def test_counts_by_status_include_zeros(make_subscriber):
    make_subscriber()
    assert Subscriber.objects.counts_by_status() == {"pending": 0, "active": 1, "unsubscribed": 0, "bounced": 0, "complained": 0}
