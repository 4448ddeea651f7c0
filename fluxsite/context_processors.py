"""Context every page template can use."""

from django.conf import settings
from django.core.cache import cache

from articles.models import Section

NAV_CACHE_KEY = "nav-sections"


def _nav_sections():
    sections = cache.get(NAV_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.values("name", "slug"))
        cache.set(NAV_CACHE_KEY, sections, 300)
    return sections


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_sections": _nav_sections,
    }
