"""Build the messages The Sauce Drop sends: multipart, with RFC 8058 one-click unsubscribe headers."""

import re
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string

from fluxsite.routes import reverse
from newsletter.clicks import counted_body
from newsletter.models import Edition, Subscriber, WelcomeEmail, message_id_domain, message_id_for
from newsletter.plaintext import footnotes, html_to_text
from newsletter.smtp import is_plain_address, smtp_data
from newsletter.tokens import CONFIRM, DATA, UNSUBSCRIBE

LIST_NAME = "The Sauce Drop"

# Email HTML is not served by the site, so inline CSS is fine (and needed: many clients drop <style>).
EMAIL_STYLES = {
    "h2": "font-family:Georgia,'Times New Roman',serif;font-size:22px;line-height:1.25;margin:28px 0 8px;color:#0b0f14;",
    "h3": "font-family:Georgia,'Times New Roman',serif;font-size:18px;line-height:1.3;margin:22px 0 6px;color:#0b0f14;",
    "p": "margin:0 0 16px;",
    "ul": "margin:0 0 16px;padding-left:22px;",
    "ol": "margin:0 0 16px;padding-left:22px;",
    "li": "margin:0 0 8px;",
    "a": "color:#0b5cad;text-decoration:underline;",
    "blockquote": "margin:16px 0;padding-left:14px;border-left:3px solid #d9d4c7;color:#1d2530;",
    "aside": "display:block;margin:24px 0;padding:14px 0;border-top:3px solid #0b0f14;border-bottom:1px solid #0b0f14;"
    "font-family:Georgia,serif;font-style:italic;font-weight:bold;font-size:20px;line-height:1.35;",
    "em": "font-style:italic;",
    "hr": "border:0;border-top:1px solid #d9d4c7;margin:24px 0;",
    "table": "border-collapse:collapse;width:100%;font-size:14px;",
    "td": "border-bottom:1px solid #d9d4c7;padding:6px 8px;text-align:left;",
    "th": "border-bottom:2px solid #0b0f14;padding:6px 8px;text-align:left;",
    "img": "max-width:100%;height:auto;",
    "code": "font-family:Menlo,Consolas,monospace;font-size:14px;",
    "pre": "background:#f4f1ea;padding:12px;overflow-x:auto;font-family:Menlo,Consolas,monospace;font-size:13px;",
}
_TAG = re.compile(r"<(" + "|".join(EMAIL_STYLES) + r")(\s[^>]*)?>")
_CLASS = re.compile(r'\sclass="[^"]*"')


def inline_styles(html):
    """Add inline CSS to the tags of sanitized body HTML (a fixed, known tag set; no parser needed)."""

    def add(match):
        tag, attrs = match.group(1), _CLASS.sub("", match.group(2) or "")
        return f'<{tag} style="{EMAIL_STYLES[tag]}"{attrs}>'

    return _TAG.sub(add, html)


def _envelope(address):
    """The bare address for SMTP's MAIL FROM / RCPT TO."""
    return parseaddr(sanitize_address(address, "utf-8"))[1]


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def footer_context():
    """What every email's footer needs: the site's address and the sender's postal address."""
    return {"SITE_URL": settings.SITE_URL, "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS}


def list_id():
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "flux.example"
    return f"{LIST_NAME} <sauce-drop.{domain}>"


def subscriber_links(subscriber):
    unsubscribe = absolute(reverse("newsletter:unsubscribe", args=[UNSUBSCRIBE.make(subscriber)]))
    data_token = DATA.make(subscriber)
    return {
        "unsubscribe_url": unsubscribe,
        "export_url": absolute(reverse("newsletter:data_export", args=[data_token])),
        "delete_url": absolute(reverse("newsletter:data_delete", args=[data_token])),
        "preferences_url": absolute(reverse("newsletter:preferences", args=[data_token])),
    }


def unique_message_id(kind):
    """A fresh Message-ID on the site's mail domain (Django's default names this machine's host)."""
    return make_msgid(idstring=f"sauce-drop.{kind}", domain=message_id_domain())


def list_headers(unsubscribe_url, message_id=None):
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": list_id(),
    }
    if message_id:
        headers["Message-ID"] = message_id
    return headers


def confirmation_message(subscriber):
    """The double opt-in email: one signed, expiring link that activates the subscription."""
    links = subscriber_links(subscriber)
    context = {
        "confirm_url": absolute(reverse("newsletter:confirm", args=[CONFIRM.make(subscriber)])),
        "valid_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400,
        "preheader": "Confirm it's you and you're on the list.",
        **footer_context(),
        **links,
    }
    message = EmailMultiAlternatives(
        subject="Confirm your subscription to The Sauce Drop",
        body=render_to_string("newsletter/email/confirm.txt", context),
        to=[subscriber.email],
        headers=list_headers(links["unsubscribe_url"], unique_message_id("confirm")),
    )
    message.attach_alternative(render_to_string("newsletter/email/confirm.html", context), "text/html")
    return message


def welcome_message(subscriber, welcome: WelcomeEmail):
    """The email a reader gets after confirming: the editors' text, then the latest edition."""
    links = subscriber_links(subscriber)
    latest = Edition.objects.published().only("subject", "slug", "preheader").order_by("-sent_at", "-id").first()
    body_text, link_urls = html_to_text(welcome.body_html)
    context = {
        "welcome": welcome,
        "body_html": inline_styles(welcome.body_html),
        "body_text": body_text,
        "footnotes": footnotes(link_urls),
        "latest": latest,
        "latest_url": absolute(latest.get_absolute_url()) if latest else "",
        "archive_url": absolute(reverse("newsletter:archive")),
        "preheader": latest.subject if latest else "",
        **footer_context(),
        **links,
    }
    message = EmailMultiAlternatives(
        subject=welcome.subject,
        body=render_to_string("newsletter/email/welcome.txt", context),
        to=[subscriber.email],
        headers=list_headers(links["unsubscribe_url"], unique_message_id("welcome")),
    )
    message.attach_alternative(render_to_string("newsletter/email/welcome.html", context), "text/html")
    return message


class EditionMailer:
    """Render an edition once; stamp each subscriber's links and Message-ID into a copy.

    `smtp_copy()` and `raw_message()` are the sending paths: the MIME message is built once (Python's
    email package costs milliseconds per message) and each copy joins the template's pieces around
    the subscriber's address, Message-ID and links. When the template can't be reused verbatim (a
    body encoded as quoted-printable, a non-ASCII or unusual address), `raw_message()` builds the
    message the ordinary way and `smtp_copy()` returns None, so the result is always a correct message.
    """

    PLACEHOLDERS = {
        "unsubscribe_url": "%%FLUX-UNSUBSCRIBE%%",
        "export_url": "%%FLUX-EXPORT%%",
        "delete_url": "%%FLUX-DELETE%%",
        "preferences_url": "%%FLUX-PREFERENCES%%",
    }
    TO_PLACEHOLDER = "flux-recipient-placeholder@placeholder.invalid"
    MESSAGE_ID_PLACEHOLDER = "<flux-message-id-placeholder@placeholder.invalid>"

    def __init__(self, edition: Edition, *, test=False):
        self.edition = edition
        self.test = test
        self.subject = f"[TEST] {edition.subject}" if test else edition.subject
        body_html = counted_body(edition, edition.body_html)  # the same link URLs in every copy
        body_text, links = html_to_text(body_html)
        context = {
            "edition": edition,
            "body_html": inline_styles(body_html),
            "body_text": body_text,
            "footnotes": footnotes(links),
            "web_url": absolute(edition.get_absolute_url()),
            "archive_url": absolute(reverse("newsletter:archive")),
            "preheader": edition.preheader,
            **footer_context(),
            **self.PLACEHOLDERS,
        }
        self.text = render_to_string("newsletter/email/edition.txt", context)
        self.html = render_to_string("newsletter/email/edition.html", context)
        self._template = None
        self._unsubscribe_token, self._data_token = UNSUBSCRIBE.maker(), DATA.maker()
        self._message_id_domain = message_id_domain()
        # Reversed once: only the signed token differs between subscribers.
        self._unsubscribe_prefix = absolute(reverse("newsletter:unsubscribe", args=["TOKEN"])).replace("TOKEN/", "")
        self._export_prefix = absolute(reverse("newsletter:data_export", args=["TOKEN"])).replace("TOKEN/", "")

    def _message_id(self, subscriber_id):
        if self.test:  # each test copy is a message of its own, or mail clients fold them together
            return unique_message_id(f"e{self.edition.pk}.test")
        return message_id_for(self.edition.pk, subscriber_id, domain=self._message_id_domain)

    def _links(self, subscriber_id, email):
        unsubscribe_token, data_token = self._unsubscribe_token(subscriber_id, email), self._data_token(subscriber_id, email)
        return {
            "unsubscribe_url": f"{self._unsubscribe_prefix}{unsubscribe_token}/",
            "export_url": f"{self._export_prefix}{data_token}/",
            "delete_url": f"{self._export_prefix}{data_token}/delete/",
            "preferences_url": f"{self._export_prefix}{data_token}/preferences/",
        }

    def _fill(self, template, links):
        for name, placeholder in self.PLACEHOLDERS.items():
            template = template.replace(placeholder, links[name])
        return template

    def message(self, subscriber: Subscriber, *, connection=None, to=None, links=None):
        links = links or self._links(subscriber.pk, subscriber.email)
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self._fill(self.text, links),
            to=[to or subscriber.email],
            headers=list_headers(links["unsubscribe_url"], self._message_id(subscriber.pk)),
            connection=connection,
        )
        message.attach_alternative(self._fill(self.html, links), "text/html")
        return message

    def _build_template(self):
        """The message with placeholders, as pieces to join: (sender, raw pieces, DATA pieces), or False."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text,
            to=[self.TO_PLACEHOLDER],
            headers=list_headers(self.PLACEHOLDERS["unsubscribe_url"], self.MESSAGE_ID_PLACEHOLDER),
        )
        message.attach_alternative(self.html, "text/html")
        raw = message.message().as_bytes(linesep="\r\n")
        expected = {
            self.TO_PLACEHOLDER: 1,
            self.MESSAGE_ID_PLACEHOLDER: 1,
            self.PLACEHOLDERS["unsubscribe_url"]: 1 + self.text.count(self.PLACEHOLDERS["unsubscribe_url"])
            + self.html.count(self.PLACEHOLDERS["unsubscribe_url"]),
            self.PLACEHOLDERS["export_url"]: self.text.count(self.PLACEHOLDERS["export_url"])
            + self.html.count(self.PLACEHOLDERS["export_url"]),
            self.PLACEHOLDERS["delete_url"]: self.text.count(self.PLACEHOLDERS["delete_url"])
            + self.html.count(self.PLACEHOLDERS["delete_url"]),
            self.PLACEHOLDERS["preferences_url"]: self.text.count(self.PLACEHOLDERS["preferences_url"])
            + self.html.count(self.PLACEHOLDERS["preferences_url"]),
        }
        if b"Content-Transfer-Encoding: quoted-printable" in raw:
            return False  # a line over 998 bytes: values put into encoded lines could break them
        if any(raw.count(placeholder.encode()) != n for placeholder, n in expected.items()):
            return False  # encoded or folded somewhere: build each message in full instead
        slots = {self.TO_PLACEHOLDER: "to", self.MESSAGE_ID_PLACEHOLDER: "message_id"}
        slots.update({placeholder: name for name, placeholder in self.PLACEHOLDERS.items()})
        pattern = re.compile(b"|".join(re.escape(placeholder.encode()) for placeholder in slots))

        def pieces(data):
            names = [slots[found.decode()] for found in pattern.findall(data)]
            return pattern.split(data), names

        # DATA bytes for the template are DATA bytes for every copy: the values put in never contain
        # a line break, and none starts a line with a dot (plain addresses, URLs, Message-IDs).
        return _envelope(message.from_email), pieces(raw), pieces(smtp_data(raw))

    def _stamp(self, pieces, subscriber_id, email):
        literals, names = pieces
        values = {name: value.encode() for name, value in self._links(subscriber_id, email).items()}
        values["to"] = email.encode()
        values["message_id"] = self._message_id(subscriber_id).encode()
        out = [literals[0]]
        for name, literal in zip(names, literals[1:], strict=True):
            out += (values[name], literal)
        return b"".join(out)

    def smtp_copy(self, subscriber_id, email):
        """(envelope sender, recipient, bytes after DATA) for SmtpPipeline, or None: use raw_message()."""
        if self._template is None:
            self._template = self._build_template()
        if not self._template or not is_plain_address(email):
            return None
        sender, _raw, data = self._template
        return sender, email, self._stamp(data, subscriber_id, email)

    def raw_message(self, subscriber: Subscriber):
        """(envelope sender, [recipient], message bytes) for one subscriber."""
        if self._template is None:
            self._template = self._build_template()
        if self._template and is_plain_address(subscriber.email):
            sender, raw, _data = self._template
            return sender, [subscriber.email], self._stamp(raw, subscriber.pk, subscriber.email)
        message = self.message(subscriber)
        return (
            _envelope(message.from_email),
            [_envelope(address) for address in message.recipients()],
            message.message().as_bytes(linesep="\r\n"),
        )
