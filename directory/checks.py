"""Checks before publishing that need the directory (registered with articles.checks)."""

from urllib.parse import urlsplit

from articles.checks import PublishingWarning, register, site_path
from directory.models import Tool


def _host(url):
    return urlsplit(url.strip()).netloc.lower().removeprefix("www.")


@register
def tool_links(article, page):
    """Links to a tool's own site instead of its counted /go/ link, and /go/ links to no published tool."""
    outside = [href for href in page.links if href.lower().startswith(("http://", "https://")) and site_path(href) is None]
    go_slugs = [path.split("/")[2] for path in map(site_path, page.links) if path and path.startswith("/go/") and path.count("/") >= 3]
    if not outside and not go_slugs:
        return
    tools = Tool.objects.published().only("name", "slug", "website_url", "affiliate_url")
    by_host = {}
    for tool in tools:
        for url in (tool.website_url, tool.affiliate_url):
            if url:
                by_host.setdefault(_host(url), tool)
    for href in outside:
        tool = by_host.get(_host(href))
        if tool:
            yield PublishingWarning(
                "tool-link-bypasses-go",
                f"Link to {tool.name} ({href}) bypasses /go/{tool.slug}/: the click isn't counted and, "
                "for affiliate tools, the disclosure doesn't apply.",
            )
    known = {tool.slug for tool in tools}
    for slug in go_slugs:
        if slug not in known:
            yield PublishingWarning("broken-link", f"Link to /go/{slug}/ names no published tool.")
