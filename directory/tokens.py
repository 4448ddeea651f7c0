"""Signed links for outcome reports (confirm, withdraw) and tool submissions (confirm), bound to the address.

The same scheme as the newsletter's double opt-in (newsletter/tokens.py): Django's signing with a
salt per purpose, and a short hash of the address so a link stops working if the row changes.
"""

import hashlib

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "directory.report.confirm"
WITHDRAW_SALT = "directory.report.withdraw"


class BadReportLink(Exception):
    """The link was altered, expired, or names a report that no longer exists."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "expired", "invalid" or "unknown"


def _email_tag(email):
    return hashlib.sha256(email.lower().encode()).hexdigest()[:12]


def _payload(report):
    return {"r": report.pk, "e": _email_tag(report.email)}


def make_confirm_token(report):
    return signing.dumps(_payload(report), salt=CONFIRM_SALT, compress=True)


def make_withdraw_token(report):
    return signing.Signer(salt=WITHDRAW_SALT).sign_object(_payload(report))


def _report(payload):
    from directory.models import OutcomeReport

    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        raise BadReportLink("invalid")
    report = OutcomeReport.objects.select_related("workflow").filter(pk=payload["r"]).first()
    if report is None or payload.get("e") != _email_tag(report.email):
        raise BadReportLink("unknown")
    return report


def read_confirm_token(token):
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.DIRECTORY_REPORT_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadReportLink("expired") from exc
    except (signing.BadSignature, ValueError) as exc:
        raise BadReportLink("invalid") from exc
    return _report(payload)


def read_withdraw_token(token):
    try:
        payload = signing.Signer(salt=WITHDRAW_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError) as exc:
        raise BadReportLink("invalid") from exc
    return _report(payload)


SUBMISSION_CONFIRM_SALT = "directory.submission.confirm"


def make_submission_token(submission):
    return signing.dumps({"t": submission.pk, "e": _email_tag(submission.email)}, salt=SUBMISSION_CONFIRM_SALT, compress=True)


def read_submission_token(token):
    from directory.models import ToolSubmission

    try:
        payload = signing.loads(token, salt=SUBMISSION_CONFIRM_SALT, max_age=settings.DIRECTORY_REPORT_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadReportLink("expired") from exc
    except (signing.BadSignature, ValueError) as exc:
        raise BadReportLink("invalid") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), int):
        raise BadReportLink("invalid")
    submission = ToolSubmission.objects.filter(pk=payload["t"]).first()
    if submission is None or payload.get("e") != _email_tag(submission.email):
        raise BadReportLink("unknown")
    return submission
