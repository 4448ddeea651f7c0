"""Checks before publishing that need the directory (registered with articles.checks).

Article pages disclose affiliate links in their "Tools in this story" box (the tools the story is
linked to through Tool.mentioned_in): each affiliate tool's link is labelled "Affiliate link", and
the box ends with the disclosure (templates/directory/includes/tools_mentioned.html). A /go/ link in
the text to an affiliate tool that isn't in that box would go undisclosed on the page.
"""

from urllib.parse import urlsplit

from articles.checks import PublishingWarning, register, site_path
from directory.models import Tool


def _host(url):
    return urlsplit(url.strip()).netloc.lower().removeprefix("www.")


@register
def tool_links(article, page):
    """Links to a tool's own site instead of its counted /go/ link, /go/ links to no published tool, and
    affiliate /go/ links the page doesn't disclose."""
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
    known = {tool.slug: tool for tool in tools}
    for slug in go_slugs:
        if slug not in known:
            yield PublishingWarning("broken-link", f"Link to /go/{slug}/ names no published tool.")
    affiliate = {slug: known[slug] for slug in dict.fromkeys(go_slugs) if slug in known and known[slug].affiliate_url}
    if affiliate:
        disclosed = set(article.tools_mentioned.filter(slug__in=affiliate).values_list("slug", flat=True))
        for slug, tool in affiliate.items():
            if slug not in disclosed:
                yield PublishingWarning(
                    "affiliate-undisclosed",
                    f"The link to /go/{slug}/ is an affiliate link ({tool.name} may pay Flux a commission), but "
                    f"{tool.name} isn't in this story's “Tools in this story” box, which carries the affiliate "
                    f"disclosure: add the story to “Mentioned in” on {tool.name}'s page (Directory → Tools → {tool.name} → Articles).",
                )
