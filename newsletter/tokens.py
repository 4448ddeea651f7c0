"""Signed links in emails: confirm (expires), unsubscribe and data access (bound to the address)."""

import hashlib

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
DATA_SALT = "newsletter.data"


class BadToken(Exception):
    """The link was altered, expired, or names a subscriber that no longer exists."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _email_tag(email):
    # Binds a link to the address it was sent to: a deleted-and-recreated subscriber row, or an
    # address changed by an editor, invalidates old links without storing anything.
    return hashlib.sha256(email.lower().encode()).hexdigest()[:12]


def _payload(pk, email):
    return {"s": pk, "e": _email_tag(email)}


def make_confirm_token(subscriber):
    return signing.dumps(_payload(subscriber.pk, subscriber.email), salt=CONFIRM_SALT, compress=True)


def make_unsubscribe_token(subscriber):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(_payload(subscriber.pk, subscriber.email))


def make_data_token(subscriber):
    return signing.Signer(salt=DATA_SALT).sign_object(_payload(subscriber.pk, subscriber.email))


class LinkTokens:
    """The unsubscribe and data tokens for many subscribers, as make_*_token() make them, signers built once."""

    def __init__(self):
        self._unsubscribe = signing.Signer(salt=UNSUBSCRIBE_SALT)
        self._data = signing.Signer(salt=DATA_SALT)

    def make(self, pk, email):
        """(unsubscribe token, data token) for one subscriber."""
        payload = _payload(pk, email)
        return self._unsubscribe.sign_object(payload), self._data.sign_object(payload)


def _subscriber(payload):
    from newsletter.models import Subscriber

    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise BadToken("invalid")
    subscriber = Subscriber.objects.filter(pk=payload["s"]).first()
    if subscriber is None or payload.get("e") != _email_tag(subscriber.email):
        raise BadToken("unknown")
    return subscriber


def read_confirm_token(token):
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadToken("expired") from exc
    except signing.BadSignature as exc:
        raise BadToken("invalid") from exc
    return _subscriber(payload)


def _read_signed(token, salt):
    try:
        payload = signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError) as exc:
        raise BadToken("invalid") from exc
    return _subscriber(payload)


def read_unsubscribe_token(token):
    return _read_signed(token, UNSUBSCRIBE_SALT)


def read_data_token(token):
    return _read_signed(token, DATA_SALT)
