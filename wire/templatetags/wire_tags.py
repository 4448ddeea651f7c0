"""Template helpers for the wire's ticker."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def wire_ticker_refresh_seconds():
    """How often the ticker asks /api/wire/ for news (WIRE_TICKER_REFRESH_SECONDS)."""
    return settings.WIRE_TICKER_REFRESH_SECONDS
