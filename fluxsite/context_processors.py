"""Context every page template can use."""

import logging

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from articles.models import Section

logger = logging.getLogger(__name__)

NAV_CACHE_KEY = "nav-sections"
# What a shared cache raises when it is unreachable: pages then go to the database instead.
CACHE_ERRORS = (RedisError, OSError)


def _nav_sections():
    try:
        sections = cache.get(NAV_CACHE_KEY)
    except CACHE_ERRORS as exc:
        logger.warning("cache unavailable (%s); reading navigation from the database", exc)
        return list(Section.objects.values("name", "slug"))
    if sections is None:
        sections = list(Section.objects.values("name", "slug"))
        try:
            cache.set(NAV_CACHE_KEY, sections, 300)
        except CACHE_ERRORS as exc:
            logger.warning("cache unavailable (%s); navigation not cached", exc)
    return sections


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_sections": _nav_sections,
    }
