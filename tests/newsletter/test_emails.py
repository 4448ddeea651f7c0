"""Every email is multipart, links the web version, and carries RFC 8058 unsubscribe headers."""

import re

import pytest

from newsletter import emails
from newsletter.models import Edition, message_id_for
from newsletter.sending import edition_send_test

pytestmark = pytest.mark.django_db


def assert_list_headers(message, settings):
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(rf"<{re.escape(settings.SITE_URL)}/newsletter/unsubscribe/[^>\s]+/>", unsubscribe)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    built = message.message()
    assert built["List-Unsubscribe"] == unsubscribe
    assert built.is_multipart()
    types = [part.get_content_type() for part in built.walk()]
    assert "text/plain" in types and "text/html" in types
    # The visible link matches the header.
    assert unsubscribe[1:-1] in message.body
    assert unsubscribe[1:-1] in message.alternatives[0][0]


def test_confirmation_email_has_the_headers_and_a_link(make_subscriber, settings):
    message = emails.confirmation_message(make_subscriber(status="pending"))
    assert_list_headers(message, settings)
    assert "/newsletter/confirm/" in message.body


def test_edition_email_is_personal_with_stable_message_id(make_subscriber, make_edition, settings):
    edition = make_edition(body="## Heading\n\nA [link](https://flux.example/x/).\n\n>> Pull quote.")
    first, second = make_subscriber(), make_subscriber()
    mailer = emails.EditionMailer(edition)
    a, b = mailer.message(first), mailer.message(second)
    assert_list_headers(a, settings)
    assert a.extra_headers["List-Unsubscribe"] != b.extra_headers["List-Unsubscribe"]
    assert a.message()["Message-ID"] == message_id_for(edition.pk, first.pk)
    assert emails.EditionMailer(edition).message(first).message()["Message-ID"] == a.message()["Message-ID"]
    html = a.alternatives[0][0]
    assert f"{settings.SITE_URL}/newsletter/archive/{edition.slug}/" in html
    assert "Read it on the web" in html and "Read it on the web" in a.body
    assert '<table role="presentation"' in html
    assert '<h2 style="' in html and '<a style="color:#0b5cad' in html
    assert 'class="pullquote"' not in html  # classes mean nothing in email; styles are inline
    assert "%%FLUX" not in html and "%%FLUX" not in a.body
    assert "self-reported" in html


def test_send_test_copy_is_marked_and_has_the_headers(make_edition, mailoutbox, settings):
    edition = make_edition()
    edition_send_test(edition=edition, to="editor@flux.example")
    (message,) = mailoutbox
    assert message.subject.startswith("[TEST] ")
    assert message.to == ["editor@flux.example"]
    assert_list_headers(message, settings)
    assert Edition.objects.get().status == Edition.Status.DRAFT
    assert edition.deliveries.count() == 0


def test_inline_styles_only_touch_known_tags():
    html = emails.inline_styles('<p>x</p><aside class="pullquote"><p>q</p></aside><span>s</span>')
    assert html.startswith('<p style="margin:0 0 16px;">x</p><aside style="')
    assert "class=" not in html
    assert "<span>s</span>" in html


def _parts(raw):
    import email
    from email import policy

    message = email.message_from_bytes(raw, policy=policy.default)
    return message, message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


@pytest.mark.parametrize("long_line", [False, True])
def test_fast_raw_message_matches_the_full_build(make_subscriber, make_edition, long_line):
    body = "Short paragraph with an emoji 🔥 and a [link](https://flux.example/)."
    if long_line:  # over 998 bytes on one line: Django switches to quoted-printable, the fast path steps aside
        body += "\n\n" + "word " * 300
    edition = make_edition(body=body)
    subscriber = make_subscriber(email="fast@example.com")
    mailer = emails.EditionMailer(edition)
    sender, recipients, raw = mailer.raw_message(subscriber)
    assert (sender, recipients) == ("sauce@flux.example", ["fast@example.com"])
    assert bool(mailer._template) is not long_line
    fast, text, html = _parts(raw)
    full, full_text, full_html = _parts(mailer.message(subscriber).message().as_bytes(linesep="\r\n"))
    for header in ["To", "Subject", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id", "From"]:
        assert str(fast[header]).strip() == str(full[header]).strip(), header
    assert text == full_text and html == full_html
    assert "%%FLUX" not in text + html and "placeholder" not in raw.decode("utf-8", "replace")


def test_fast_path_falls_back_for_non_ascii_addresses(make_subscriber, make_edition):
    edition = make_edition()
    subscriber = make_subscriber(email="josé@example.com")
    _sender, recipients, raw = emails.EditionMailer(edition).raw_message(subscriber)
    message, _text, _html = _parts(raw)
    assert "example.com" in recipients[0]
    assert "placeholder" not in raw.decode("utf-8", "replace")


def test_smtp_copy_is_the_raw_message_ready_for_data(make_subscriber, make_edition):
    from newsletter.smtp import smtp_data

    edition = make_edition(body="First line.\n\n.Starts with a dot, which SMTP must double.")
    subscriber = make_subscriber(email="copy@example.com")
    mailer = emails.EditionMailer(edition)
    sender, recipient, data = mailer.smtp_copy(subscriber.pk, subscriber.email)
    raw_sender, recipients, raw = mailer.raw_message(subscriber)
    assert (sender, [recipient]) == (raw_sender, recipients)
    assert data == smtp_data(raw) and data.endswith(b"\r\n.\r\n")
    assert b"\r\n.Starts with a dot" in raw and b"\r\n..Starts with a dot" in data


@pytest.mark.parametrize("address", ["josé@example.com", '"two words"@example.com', "a<b>@example.com"])
def test_smtp_copy_leaves_unusual_addresses_to_smtplib(make_edition, address):
    assert emails.EditionMailer(make_edition()).smtp_copy(1, address) is None
