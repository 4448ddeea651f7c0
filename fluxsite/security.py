"""Small security helpers shared by the project."""

import re

from django.conf import settings

# Line breaks, tabs, escapes and other control characters: never wanted in one-line text that
# readers, logs or terminals see (headlines, labels, search queries, email sources).
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def client_ip(request) -> str:
    """Return the client's IP; behind our proxy (BEHIND_PROXY=1), the hop it appended.

    Earlier X-Forwarded-For entries are whatever the client chose to send, so only the
    right-most one is trusted, and only when a proxy is known to be in front.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
