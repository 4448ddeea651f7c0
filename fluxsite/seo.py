"""Search-engine helpers shared by the apps: absolute URLs and schema.org structures."""

from django.conf import settings
from django.templatetags.static import static

from fluxsite.routes import reverse


def absolute_url(url: str) -> str:
    """Make a site path (or a media/static URL) absolute against SITE_URL; leave full URLs alone."""
    if not url or url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return settings.SITE_URL.split("//", 1)[0] + url
    return settings.SITE_URL + url


# A raster logo: search engines want at least 112 px and no SVG. Drawn from favicon.svg's shapes.
LOGO = ("img/logo-512.png", 512, 512)


def site_logo() -> dict:
    """The site's logo as a share image: absolute URL, size and alt text."""
    path, width, height = LOGO
    return {"url": absolute_url(static(path)), "width": width, "height": height, "alt": f"{settings.SITE_NAME} logo"}


def publisher() -> dict:
    """The schema.org Organization that publishes everything on the site."""
    logo = site_logo()
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "logo": {"@type": "ImageObject", "url": logo["url"], "width": logo["width"], "height": logo["height"]},
    }


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """A schema.org BreadcrumbList from (name, url) pairs, outermost first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(url)}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def website_structured_data() -> dict:
    """The schema.org WebSite of the home page, with the site search as its SearchAction."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute_url(reverse("search")) + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }
