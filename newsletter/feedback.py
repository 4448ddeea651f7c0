"""Read what mailbox providers report back: webhook payloads, their signatures, and DSN bounce messages.

Pure parsing: each reader returns `FeedbackEvent`s or raises `BadFeedback` with a reason to show
the sender; `newsletter.services.mail_events_record` applies them. Formats (docs/newsletter.md):

- generic JSON, signed with NEWSLETTER_WEBHOOK_SECRET (`Flux-Signature: t=<unix time>,v1=<hex>`,
  the HMAC-SHA256 of "<t>.<body>"), refused when older than five minutes;
- Postmark's bounce and spam-complaint webhooks, behind HTTP Basic auth with that secret;
- RFC 3464 delivery status notifications (multipart/report) from a Maildir.
"""

import base64
import datetime
import email
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from email import policy
from email.header import Header, decode_header
from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from fluxsite.security import CONTROL_CHARS

SIGNATURE_TOLERANCE = 300  # seconds a signed request stays valid (replays after that are refused)
HARD, SOFT, COMPLAINT = "hard_bounce", "soft_bounce", "complaint"


class BadFeedback(Exception):
    """The request or message can't be used; the message says why (shown to the sender)."""

    error = "invalid"

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class NotAuthenticated(BadFeedback):
    error = "unauthenticated"

    def __init__(self, message):
        super().__init__(message, status=401)


class SwitchedOff(BadFeedback):
    error = "disabled"

    def __init__(self):
        super().__init__("webhooks are switched off: NEWSLETTER_WEBHOOK_SECRET is not set", status=403)


@dataclass(frozen=True)
class FeedbackEvent:
    kind: str  # MailEvent.Kind value
    email: str
    external_id: str
    message_id: str = ""
    detail: str = ""
    occurred_at: datetime.datetime | None = None


def _text(value, limit=300):
    """Free text from a report, storable as it is: one line, valid UTF-8, at most `limit` characters."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    text = text.encode("utf-8", "replace").decode()  # JSON may carry lone surrogates
    return " ".join(CONTROL_CHARS.sub(" ", text).split())[:limit]


def _string(value):
    """A field that must be a string (a type, a bounce kind): anything else reads as empty."""
    return value if isinstance(value, str) else ""


def _address(value, where):
    address = (value or "").strip() if isinstance(value, str) else ""
    try:
        validate_email(address)
    except ValidationError:
        raise BadFeedback(f"{where}: {_text(repr(value), 100)} is not an email address") from None
    return address


def _when(value, where):
    if value in (None, ""):
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed, but no such day or hour
        parsed = None
    if parsed is None:
        raise BadFeedback(f"{where}: {_text(repr(value), 100)} is not an ISO 8601 date-time")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, datetime.UTC)


def _event_id(value, where, name):
    """A provider's event id: a string (or a number) of 1 to 180 printable characters."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not 0 < len(value) <= 180 or _text(value, 180) != value:
        raise BadFeedback(f'{where}: "{name}" must be a string of 1 to 180 printable characters, unique per event')
    return value


def _json(body):
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise BadFeedback(f"the body is not JSON: {reason}") from None


# --- Generic JSON -------------------------------------------------------------------------------


def sign(secret, body: bytes, *, now=None):
    """The Flux-Signature header value for a body (what a sender computes; used by tests and docs)."""
    stamp = int(now if now is not None else time.time())
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def verify_signature(secret, header, body: bytes, *, now=None):
    """Raise BadFeedback unless the header signs this body with the secret within the tolerance."""
    if not secret:
        raise SwitchedOff
    fields = dict(part.strip().split("=", 1) for part in (header or "").split(",") if "=" in part)
    if "t" not in fields or "v1" not in fields:
        raise NotAuthenticated("missing or malformed Flux-Signature header (expected t=<unix time>,v1=<hex>)")
    stamp = fields["t"].strip()
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        raise NotAuthenticated("the signature's timestamp is not a Unix time in seconds")
    stamp = int(stamp)
    expected = sign(secret, body, now=stamp).partition("v1=")[2]
    # As bytes: compare_digest refuses str with non-ASCII characters, which a header may carry.
    if not hmac.compare_digest(expected.encode(), fields["v1"].strip().encode()):
        raise NotAuthenticated("the signature does not match the body")
    age = (now if now is not None else time.time()) - stamp
    if abs(age) > SIGNATURE_TOLERANCE:
        raise NotAuthenticated(f"the signature is {int(age)} s old; signed requests are taken for {SIGNATURE_TOLERANCE} s")


def parse_generic(body: bytes):
    """Events from the generic JSON body: one event object, or {"events": [...]}."""
    data = _json(body)
    items = data.get("events") if isinstance(data, dict) and "events" in data else [data]
    if not isinstance(items, list) or not items:
        raise BadFeedback('"events" must be a non-empty list of event objects')
    events = []
    for number, item in enumerate(items, start=1):
        where = f"event {number}"
        if not isinstance(item, dict):
            raise BadFeedback(f"{where}: not an object")
        kind = {"complaint": COMPLAINT, "bounce": None}.get(_string(item.get("type")), "")
        if kind == "":
            raise BadFeedback(f'{where}: "type" must be "bounce" or "complaint"')
        if kind is None:
            kind = {"hard": HARD, "soft": SOFT}.get(_string(item.get("bounce")))
            if kind is None:
                raise BadFeedback(f'{where}: a bounce needs "bounce": "hard" or "soft"')
        event_id = item.get("id")
        if not isinstance(event_id, str):
            raise BadFeedback(f'{where}: "id" must be a string of 1 to 180 printable characters, unique per event')
        event_id = _event_id(event_id, where, "id")
        events.append(
            FeedbackEvent(
                kind=kind,
                email=_address(item.get("email"), where),
                external_id=f"webhook:{event_id}",
                message_id=_text(item.get("message_id")),
                detail=_text(item.get("detail")),
                occurred_at=_when(item.get("occurred_at"), where),
            )
        )
    return events


# --- Postmark -----------------------------------------------------------------------------------

POSTMARK_HARD = {"HardBounce", "BadEmailAddress"}
POSTMARK_COMPLAINT = {"SpamComplaint", "SpamNotification"}


def verify_basic_auth(secret, header):
    """Raise BadFeedback unless HTTP Basic auth carries the secret as its password."""
    if not secret:
        raise SwitchedOff
    scheme, _, encoded = (header or "").partition(" ")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):  # binascii.Error, and non-ASCII text where base64 goes
        decoded = ""
    if scheme.lower() != "basic" or ":" not in decoded:
        raise NotAuthenticated("HTTP Basic authentication is required (put user:secret in the webhook URL)")
    if not hmac.compare_digest(decoded.partition(":")[2].encode(), secret.encode()):
        raise NotAuthenticated("wrong webhook credentials")


def parse_postmark(body: bytes):
    """Events from one Postmark bounce or spam-complaint webhook; other record types give none."""
    data = _json(body)
    if not isinstance(data, dict) or "RecordType" not in data:
        raise BadFeedback('not a Postmark webhook: no "RecordType"')
    record, kind_name = _string(data.get("RecordType")), data.get("Type")
    if kind_name is not None and not isinstance(kind_name, str):
        raise BadFeedback('a Postmark record\'s "Type" must be a string')
    if record == "SpamComplaint" or kind_name in POSTMARK_COMPLAINT:
        kind = COMPLAINT
    elif record == "Bounce":
        kind = HARD if kind_name in POSTMARK_HARD else SOFT
    else:
        return []  # deliveries, opens, clicks, subscription changes: nothing to do here
    event_id = _event_id(data.get("ID"), "a Postmark record", "ID")
    return [
        FeedbackEvent(
            kind=kind,
            email=_address(data.get("Email"), "Postmark record"),
            external_id=f"postmark:{record}:{event_id}",
            detail=_text(f"{kind_name}: {_text(data.get('Description') or data.get('Details'))}"),
            occurred_at=_when(data.get("BouncedAt"), "Postmark record"),
        )
    ]


# --- Delivery status notifications (RFC 3464) ---------------------------------------------------


def _header(message, name):
    """A header's text; raw 8-bit bytes (servers explaining a bounce in their language) read as UTF-8."""
    value = message[name]
    if isinstance(value, Header):  # what the compat32 policy returns for 8-bit bytes
        value = "".join(
            part.decode("utf-8", "replace") if isinstance(part, bytes) else part for part, _ in decode_header(value)
        )
    return _text(value, 1000)


def _valid_address(value):
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def parse_dsn(raw: bytes, *, fallback_id):
    """Events from a bounce message; [] when it isn't a DSN or reports no failure or delay."""
    message = email.message_from_bytes(raw, policy=policy.compat32)
    if message.get_content_type() != "multipart/report":
        return []
    original_id, blocks = "", []
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            blocks = part.get_payload()
        elif content_type == "text/rfc822-headers" and isinstance(part.get_payload(decode=True), bytes):
            headers = email.message_from_bytes(part.get_payload(decode=True), policy=policy.compat32)
            original_id = _header(headers, "Message-ID") or original_id
        elif content_type == "message/rfc822" and isinstance(part.get_payload(), list):
            original_id = _header(part.get_payload()[0], "Message-ID") or original_id
    report_id = _header(message, "Message-ID") or _text(fallback_id)
    events = []
    for block in blocks[1:] if isinstance(blocks, list) else []:  # the first block is per message
        action = _header(block, "Action").lower()
        status = _header(block, "Status")
        recipient = _header(block, "Final-Recipient") or _header(block, "Original-Recipient")
        address = _valid_address(parseaddr(recipient.partition(";")[2] or recipient)[1])
        if action not in ("failed", "delayed") or not address:
            continue
        kind = HARD if action == "failed" and status.startswith("5") else SOFT
        events.append(
            FeedbackEvent(
                kind=kind,
                email=address,
                external_id=f"dsn:{report_id}:{address.lower()}"[:200],
                message_id=original_id,
                detail=_text(f"{status} {_header(block, 'Diagnostic-Code')}"),
            )
        )
    return events
