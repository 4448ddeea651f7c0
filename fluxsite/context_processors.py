"""Context every page template can use."""

import functools

from django.conf import settings

from articles.models import Section
from fluxsite.cache import shared_value
from fluxsite.routes import reverse


def nav_section_links():
    """The sections of the main navigation, each with its URL (one query)."""
    return [{**section, "url": reverse("articles:section", kwargs={"slug": section["slug"]})} for section in Section.objects.values("name", "slug")]


NAV_SECTIONS_FRAGMENT = "nav-section-links"


def site(request):
    @functools.cache
    def nav_sections():
        return shared_value(request, NAV_SECTIONS_FRAGMENT, nav_section_links)

    @functools.cache
    def nav_current():
        """The path of the main-navigation entry this page is, or "": what the header varies on."""
        urls = {section["url"] for section in nav_sections()}
        urls |= {reverse(name) for name in ("directory:tools", "directory:workflows", "wire:markets", "newsletter:landing")}
        return request.path if request.path in urls else ""

    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_sections": nav_sections,
        "nav_current": nav_current,  # templates call it; computed once per request
    }
