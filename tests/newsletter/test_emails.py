"""Every email is multipart, links the web version, and carries RFC 8058 unsubscribe headers."""

import re

import pytest

from newsletter import emails
from newsletter.models import Edition, message_id_for
from newsletter.services import edition_send_test

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
