"""Context every page template can use."""


from django.conf import settings

from articles.models import Section
from fluxsite.cache import fragment


def site(request):
    def nav_sections():
        return fragment(request, "nav-sections", lambda: list(Section.objects.values("name", "slug")))

    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_sections": nav_sections,
    }
