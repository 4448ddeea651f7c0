"""Sending through a real SMTP server: every active subscriber once, bounces suppressed, resumable."""

import pytest
from django.core.management import CommandError, call_command

from newsletter import sending, services
from newsletter.models import Delivery, Edition, Subscriber, message_id_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelining", "one-command-at-a-time"])
def test_send_edition_reaches_every_active_subscriber_once(smtp_server, make_subscriber, make_edition, settings, pipelining):
    settings.NEWSLETTER_BATCH_SIZE = 7  # several batches, several SMTP connections
    smtp_server.handler.pipelining = pipelining
    active = [make_subscriber() for _ in range(20)]
    make_subscriber(status=Subscriber.Status.PENDING)
    make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    make_subscriber(status=Subscriber.Status.BOUNCED)
    edition = make_edition()
    call_command("send_edition", edition.pk)
    by_to = smtp_server.handler.count_by("To")
    assert by_to == {s.email: 1 for s in active}
    assert {m["Message-ID"] for m in smtp_server.messages} == {message_id_for(edition.pk, s.pk) for s in active}
    for message in smtp_server.messages:
        assert message["List-Unsubscribe"].strip().startswith(f"<{settings.SITE_URL}/newsletter/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert (edition.recipients_count, edition.sent_count, edition.uncertain_count) == (20, 20, 0)
    # Running it again sends nothing more.
    call_command("send_edition", edition.pk)
    assert len(smtp_server.messages) == 20


def test_copies_the_template_cannot_take_go_out_built_in_full(smtp_server, make_subscriber, make_edition):
    # A line over 998 bytes makes Django encode the body as quoted-printable: no template, each copy
    # is built and sent through smtplib, with the same links, headers and crash bookkeeping.
    subscribers = [make_subscriber() for _ in range(3)]
    edition = make_edition(body="A long paragraph: " + "word " * 300 + "\n\n.A line that starts with a dot.")
    call_command("send_edition", edition.pk)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(s.email for s in subscribers)
    for message in smtp_server.messages:
        assert message["List-Unsubscribe"].strip().startswith("<http")
        assert ".A line that starts with a dot." in message.get_body(("plain",)).get_content()
    assert Delivery.objects.filter(edition=edition, state=Delivery.State.SENT).count() == 3


def test_rows_left_sending_by_a_crash_are_resent_with_the_same_message_id(smtp_server, make_subscriber, make_edition):
    subscribers = [make_subscriber() for _ in range(5)]
    edition = make_edition()
    sending.edition_prepare(edition_id=edition.pk)
    crashed = Delivery.objects.get(edition=edition, subscriber=subscribers[2])
    Delivery.objects.filter(pk=crashed.pk).update(state=Delivery.State.SENDING)
    call_command("send_edition", edition.pk)
    crashed.refresh_from_db()
    assert crashed.state == Delivery.State.SENT
    assert crashed.was_uncertain
    assert len(smtp_server.messages) == 5
    assert smtp_server.handler.to(subscribers[2].email)[0]["Message-ID"] == message_id_for(edition.pk, subscribers[2].pk)
    edition.refresh_from_db()
    assert edition.uncertain_count == 1


def test_hard_bounce_suppresses_the_address_for_good(smtp_server, make_subscriber, make_edition):
    good, bad = make_subscriber(), make_subscriber(email="gone@example.com")
    smtp_server.handler.reject.add("gone@example.com")
    edition = make_edition()
    call_command("send_edition", edition.pk)
    bad.refresh_from_db()
    assert bad.status == Subscriber.Status.BOUNCED and bad.bounced_at
    assert Delivery.objects.get(subscriber=bad).state == Delivery.State.FAILED
    assert "550" in Delivery.objects.get(subscriber=bad).error
    assert [m["To"] for m in smtp_server.messages] == [good.email]
    # A re-import of the address leaves it suppressed.
    report = services.subscribers_import_csv(data=b"email\nGONE@example.com\n", source_name="re-import.csv")
    assert (report.created, report.suppressed) == (0, 1)
    bad.refresh_from_db()
    assert bad.status == Subscriber.Status.BOUNCED


def test_soft_bounce_is_deferred_to_the_next_run(smtp_server, make_subscriber, make_edition):
    busy = make_subscriber(email="busy@example.com")
    make_subscriber()
    smtp_server.handler.defer.add("busy@example.com")
    edition = make_edition()
    out = []
    call_command("send_edition", edition.pk, stdout=type("W", (), {"write": lambda self, s: out.append(s)})())
    assert "deferred" in "".join(out)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING
    smtp_server.handler.defer.clear()
    call_command("send_edition", edition.pk)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert len(smtp_server.handler.to(busy.email)) == 1


def test_smtp_down_stops_with_a_clear_error_and_resumes_later(smtp_down, make_subscriber, make_edition, settings):
    from tests.newsletter.conftest import SmtpServer

    subscribers = [make_subscriber() for _ in range(4)]
    edition = make_edition()
    with pytest.raises(CommandError, match="send_edition .* again to resume"):
        call_command("send_edition", edition.pk)
    assert Delivery.objects.filter(edition=edition, state=Delivery.State.PENDING).count() == 4
    server = SmtpServer()
    server.start()
    try:
        settings.EMAIL_PORT = server.port
        call_command("send_edition", edition.pk)
    finally:
        server.stop()
    assert sorted(m["To"] for m in server.messages) == sorted(s.email for s in subscribers)


def test_subscriber_who_unsubscribes_mid_send_is_skipped(smtp_server, make_subscriber, make_edition):
    stays, leaves = make_subscriber(), make_subscriber()
    edition = make_edition()
    sending.edition_prepare(edition_id=edition.pk)
    services.subscriber_unsubscribe(subscriber=leaves)
    call_command("send_edition", edition.pk)
    assert [m["To"] for m in smtp_server.messages] == [stays.email]
    assert Delivery.objects.get(subscriber=leaves).state == Delivery.State.SKIPPED


def test_queue_workers_send_batches_and_scheduled_editions(smtp_server, make_subscriber, make_edition, run_worker, settings):
    from django.utils import timezone

    settings.NEWSLETTER_BATCH_SIZE = 3
    subscribers = [make_subscriber() for _ in range(8)]
    edition = make_edition()
    services.edition_schedule(edition=edition, when=timezone.now() - timezone.timedelta(minutes=1))
    assert sending.editions_send_due() == [edition.pk]
    assert sending.editions_send_due() == []  # claimed once
    run_worker()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert sorted(smtp_server.handler.count_by("To").items()) == sorted((s.email, 1) for s in subscribers)


def test_a_local_run_without_smtp_sends_through_the_configured_backend(make_subscriber, make_edition, mailoutbox):
    # `make run` uses the console backend; tests the in-memory one. Neither speaks SMTP.
    first, second = make_subscriber(), make_subscriber()
    edition = make_edition()
    total = sending.edition_send(edition=edition)
    assert total.sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, second.email])
    assert {m.extra_headers["Message-ID"] for m in mailoutbox} == {
        message_id_for(edition.pk, first.pk), message_id_for(edition.pk, second.pk)
    }
    assert Edition.objects.get().status == Edition.Status.SENT
