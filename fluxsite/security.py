"""Small security helpers shared by the project."""

from django.conf import settings


def client_ip(request) -> str:
    """Return the client's IP; behind our proxy (BEHIND_PROXY=1), the hop it appended.

    Earlier X-Forwarded-For entries are whatever the client chose to send, so only the
    right-most one is trusted, and only when a proxy is known to be in front.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
