"""What mailbox providers and readers notice: spam score, Message-IDs, the text part, the postal address."""

import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command

from newsletter import clicks, emails, sending
from newsletter.models import Edition, Subscriber
from newsletter.services import subscriber_send_confirmation

pytestmark = pytest.mark.django_db

ADDRESS = "Flux Media, 100 Example Street, Suite 2, Springfield, ST 00000, USA"
BODY = """A week of agents that pay their own way, with what their owners report.

## 1. [Clinic voice agents](https://flux.example/workflows/clinic/)

**$9,200 a month**, self-reported by *Dana* on Nov 3, 2026.

>> The cheapest token is the one you never send.

- Books appointments at night
- Answers [insurance questions](https://flux.example/tools/voice/)
"""


def spam_report(raw):
    """SpamAssassin with local rules only: (score, [rules that added points])."""
    result = subprocess.run(
        ["spamassassin", "-t", "-L"], input=raw, capture_output=True, timeout=120, check=False
    )
    report = result.stdout.decode(errors="replace").partition("Content analysis details:")[2]
    score = float(re.match(r"\s+\((-?[\d.]+) points", report).group(1))
    rules = [(rule, float(points)) for points, rule in re.findall(r"^\s*(-?\d+\.\d+)\s+([A-Z][A-Z0-9_]+)\s", report, re.M)]
    return score, [(rule, points) for rule, points in rules if points > 0]


@pytest.mark.skipif(not shutil.which("spamassassin"), reason="spamassassin is not installed (.ci/run installs it)")
def test_spamassassin_scores_the_confirmation_and_the_edition_zero(smtp_server, make_subscriber, make_edition):
    pending = make_subscriber(status=Subscriber.Status.PENDING, email="new@example.com")
    make_subscriber(email="reader@example.com")
    assert subscriber_send_confirmation(subscriber_id=pending.pk)
    sending.edition_send(edition=make_edition(body=BODY))
    assert len(smtp_server.messages) == 2
    for message in smtp_server.messages:
        score, rules = spam_report(message.as_bytes())
        assert (score, rules) == (0.0, []), message["Subject"]


def test_message_ids_are_on_the_mail_domain_and_test_copies_differ(make_subscriber, make_edition, settings):
    settings.DEFAULT_FROM_EMAIL = "The Sauce Drop <sauce@mail.flux.example>"
    confirmation = emails.confirmation_message(make_subscriber(status="pending")).message()
    assert confirmation["Message-ID"].endswith("@mail.flux.example>")
    edition = make_edition()
    copies = [emails.EditionMailer(edition, test=True).message(Subscriber(pk=0, email="ed@flux.example")) for _ in range(2)]
    ids = [copy.message()["Message-ID"] for copy in copies]
    assert ids[0] != ids[1]
    assert all(i.endswith("@mail.flux.example>") for i in ids)


def test_test_copies_through_smtp_get_their_own_message_ids(smtp_server, make_edition):
    edition = make_edition()
    sending.edition_send_test(edition=edition, to="ed@flux.example")
    sending.edition_send_test(edition=edition, to="ed@flux.example")
    first, second = smtp_server.messages
    assert first["Message-ID"] != second["Message-ID"]


def test_plain_text_part_is_written_for_people(make_subscriber, make_edition):
    edition = make_edition(body=BODY)
    sender, recipients, raw = emails.EditionMailer(edition).raw_message(make_subscriber())
    import email
    from email import policy

    text = email.message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content().replace("\r\n", "\n")
    for markdown in ("## ", "**", ">>", "](", "*Dana*"):
        assert markdown not in text
    assert "1. Clinic voice agents [1]\n==========================" in text
    assert "$9,200 a month, self-reported by Dana" in text
    assert "\n    The cheapest token is the one you never send." in text
    assert "- Books appointments at night\n- Answers insurance questions [2]" in text
    # Footnotes are the edition's counted links (newsletter.clicks), in the order of the markers.
    footnotes = re.findall(r"^\[(\d)\] (\S+)$", text, re.M)
    assert [number for number, _ in footnotes] == ["1", "2"]
    targets = [clicks.link_for_token(url.split("/")[-2]).url for _, url in footnotes]
    assert targets == ["https://flux.example/workflows/clinic/", "https://flux.example/tools/voice/"]
    prose = [line for line in text.split("--\n")[0].splitlines() if not re.match(r"\[\d+\] ", line)]
    assert max(len(line) for line in prose) <= 72  # URLs are never broken, so only they may be longer


def test_postal_address_is_in_every_footer(make_subscriber, make_edition, settings):
    settings.NEWSLETTER_POSTAL_ADDRESS = ADDRESS
    subscriber = make_subscriber()
    confirmation = emails.confirmation_message(make_subscriber(status="pending"))
    mailer = emails.EditionMailer(make_edition())
    edition_copy = mailer.message(subscriber)
    fast_copy = mailer.raw_message(subscriber)[2].decode()
    test_copy = emails.EditionMailer(make_edition(), test=True).message(Subscriber(pk=0, email="ed@flux.example"))
    for message in (confirmation, edition_copy, test_copy):
        assert ADDRESS in message.body
        assert ADDRESS in message.alternatives[0][0]
    assert fast_copy.count(ADDRESS) == 2


def test_a_production_send_needs_the_postal_address(make_subscriber, make_edition, settings, client, editor):
    settings.SITE_URL = "https://flux.example"
    settings.NEWSLETTER_POSTAL_ADDRESS = ""
    make_subscriber()
    edition = make_edition()
    with pytest.raises(CommandError, match="NEWSLETTER_POSTAL_ADDRESS"):
        call_command("send_edition", edition.pk)
    client.force_login(editor)
    response = client.post(f"/admin/newsletter/edition/{edition.pk}/send/")
    assert response.status_code == 400 and "NEWSLETTER_POSTAL_ADDRESS" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT and not edition.deliveries.exists()
    # Scheduled editions wait for the setting instead of going out without it.
    from django.utils import timezone

    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SCHEDULED, scheduled_at=timezone.now())
    assert sending.editions_send_due() == []
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.SCHEDULED
    settings.NEWSLETTER_POSTAL_ADDRESS = ADDRESS
    assert sending.editions_send_due() == [edition.pk]
