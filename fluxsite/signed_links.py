"""Signed links in emails, and the pages they open.

A link names one row and is bound to the address it was sent to: its payload is the row's primary
key and a short hash of the row's email, signed with Django's signing and a salt per purpose. A
deleted-and-recreated row, or an address changed by an editor, invalidates old links without
storing anything. Confirmation links are timestamped and expire; the others (unsubscribe, data
access, withdraw a report) don't, because mail clients and readers keep them for good.

Each app declares its links next to its models (newsletter/links.py, directory/links.py).
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.http import HttpResponseBadRequest
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt


class BadLink(Exception):
    """The link was altered, expired, or names a row that no longer exists."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "expired", "invalid" or "unknown"


def email_tag(email):
    return hashlib.sha256(email.lower().encode()).hexdigest()[:12]


class SignedLink:
    """One kind of link: `model` ("app.Model", with an `email` field) under `salt`.

    `key` names the primary key in the payload (links already sent must keep working);
    `max_age_setting` names the setting that makes the link expire; `related` is passed to
    select_related when the link is read.
    """

    def __init__(self, salt, model, *, key, max_age_setting=None, related=()):
        self.salt = salt
        self.model = model
        self.key = key
        self.max_age_setting = max_age_setting
        self.related = related

    def _signer(self):
        # Built per use, not per instance: SECRET_KEY is read when a signer is made.
        return signing.TimestampSigner(salt=self.salt) if self.max_age_setting else signing.Signer(salt=self.salt)

    def make(self, obj):
        return self.maker()(obj.pk, obj.email)

    def maker(self):
        """A function (pk, email) -> token with the signer built once, for a batch of mails."""
        signer = self._signer()
        return lambda pk, email: signer.sign_object({self.key: pk, "e": email_tag(email)}, compress=True)

    def read(self, token):
        """The row the token names; BadLink says why not."""
        signer = self._signer()
        try:
            if self.max_age_setting:
                payload = signer.unsign_object(token, max_age=getattr(settings, self.max_age_setting))
            else:
                payload = signer.unsign_object(token)
        except signing.SignatureExpired as exc:
            raise BadLink("expired") from exc
        except (signing.BadSignature, ValueError) as exc:
            raise BadLink("invalid") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get(self.key), int):
            raise BadLink("invalid")
        model = apps.get_model(self.model)
        obj = model.objects.select_related(*self.related).filter(pk=payload[self.key]).first()
        if obj is None or payload.get("e") != email_tag(obj.email):
            raise BadLink("unknown")
        return obj


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class SignedLinkView(View):
    """A page behind an emailed, signed link: GET asks, POST acts.

    Mail security scanners open every link in an email before the reader does, so a GET never
    changes anything; the token in the URL, not a CSRF cookie, authorises the POST. A bad,
    expired or foreign token gets the page bad_link() renders (400), whatever the method.
    Subclasses set `link` and find the row in self.object.
    """

    http_method_names = ["get", "post", "head"]
    link: SignedLink

    def dispatch(self, request, token):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request)
        try:
            self.object = self.link.read(token)
        except BadLink as error:
            return self.bad_link(request, error)
        return super().dispatch(request, token)

    def bad_link(self, request, error):
        """The answer to a bad token: the apps render their own page; this plain one says why."""
        return HttpResponseBadRequest(f"This link can't be used ({error.reason}).", content_type="text/plain")
