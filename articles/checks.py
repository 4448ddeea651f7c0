"""Checks before publishing: what an editor should look at before a story goes out.

Each check reads a saved article (its stored HTML included) and returns warnings; none blocks
publishing. Other apps add their own with ``@register`` (directory.checks: tool links that bypass
/go/). An editor who publishes over warnings is recorded (articles.models.PublishingOverride).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve

from articles.models import IMAGE_REFERENCES, Image

SEARCH_TITLE_CHARS = 60  # what search results show of a title, roughly
SEARCH_DESCRIPTION_CHARS = 155  # and of a description
NOT_PAGES = ("/media/", "/static/")

CHECKS = []


@dataclass(frozen=True)
class PublishingWarning:
    code: str
    message: str

    def __str__(self):
        return self.message


def register(check):
    """Add a check: a function (article, page) → iterable of PublishingWarning, page being BodyFacts."""
    CHECKS.append(check)
    return check


class BodyFacts(HTMLParser):
    """The links and images of an article's stored HTML, and its paragraphs as plain text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.links = []  # hrefs
        self.images = []  # (src, alt)
        self.paragraphs = []
        self._text = []
        self.feed(html or "")
        self.close()
        self._flush()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "img":
            self.images.append((attrs.get("src") or "", (attrs.get("alt") or "").strip()))
        elif tag in ("p", "li", "h2", "h3", "h4", "blockquote", "aside", "figcaption", "td", "th"):
            self._flush()

    def handle_endtag(self, tag):
        if tag in ("p", "li", "h2", "h3", "h4", "blockquote", "aside", "figcaption", "td", "th"):
            self._flush()

    def handle_data(self, data):
        self._text.append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.paragraphs.append(text)
        self._text = []


def article_warnings(article):
    """Every check's warnings for this saved article, in check order."""
    page = BodyFacts(article.body_html)
    return [warning for check in CHECKS for warning in check(article, page)]


def site_path(href):
    """The path of a link to this site (``/x/`` or ``SITE_URL/x/``), or None for other sites and mere anchors."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(settings.SITE_URL).netloc:
            return None
        return parts.path or "/"
    return parts.path if parts.path.startswith("/") else None


# --- The checks -------------------------------------------------------------------------------


@register
def search_and_sharing(article, page):
    suffix = f" — {settings.SITE_NAME}"
    title = article.seo_title or article.headline
    room = SEARCH_TITLE_CHARS - len(suffix)
    if len(title) > room:
        what = "SEO title" if article.seo_title else "headline (no SEO title is set)"
        yield PublishingWarning(
            "title-long", f"The {what} is {len(title)} characters; search results show about {room} of it."
        )
    description = article.seo_description or article.dek
    if not article.seo_description:
        yield PublishingWarning(
            "no-description",
            "No meta description: search engines will be shown the dek."
            if article.dek
            else "No meta description and no dek: search engines will pick text from the page.",
        )
    if len(description) > SEARCH_DESCRIPTION_CHARS:
        yield PublishingWarning(
            "description-long",
            f"The description is {len(description)} characters; search results cut it after about {SEARCH_DESCRIPTION_CHARS}.",
        )


@register
def alt_text(article, page):
    if article.hero_image and not article.hero_alt.strip():
        yield PublishingWarning("hero-alt", "The hero image has no alt text: describe it for readers who can't see it.")
    for src, alt in page.images:
        if not alt:
            yield PublishingWarning("image-alt", f"An image in the text has no alt text ({src.rsplit('/', 1)[-1]}).")


@register
def missing_images(article, page):
    placed = {int(pk) for pk in IMAGE_REFERENCES.findall(article.body)}
    if not placed:
        return
    for pk in sorted(placed - set(Image.objects.filter(pk__in=placed).values_list("pk", flat=True))):
        yield PublishingWarning("image-missing", f"The text places image {pk}, which is no longer in the library: it won't show.")


@register
def insecure_links(article, page):
    for href in page.links:
        if href.lower().startswith("http://"):
            yield PublishingWarning("http-link", f"Link to an insecure page: {href} (use https:// if the site has it).")


def page_exists(path):
    """Whether a reader asking for `path` would get a page (not a 404), without rendering it."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:
        return True  # a function view: its own app checks its links (directory.checks for /go/)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.user = AnonymousUser()
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    try:
        if hasattr(view, "get_object"):
            view.get_object()
        elif hasattr(view, "get_queryset"):
            found = view.get_queryset()
            if not getattr(view, "allow_empty", True) and not found.exists():
                return False
    except Http404:
        return False
    return True


@register
def internal_links(article, page):
    for href in page.links:
        path = site_path(href)
        if path and not path.startswith(NOT_PAGES) and not page_exists(path):
            yield PublishingWarning("broken-link", f"Link to {path} finds no page readers can see.")


# "$4,000 a month", "$12k/month", "earned $300", "€1.2 million in revenue"…
MONEY = r"[$€£]\s?\d[\d,.]*\s?(?:k|K|m|M|million|thousand)?"
EARNINGS = re.compile(
    rf"(?:\b(?:earn|earns|earned|earning|make|makes|made|making|clear|clears|cleared|brings? in|brought in|revenue|income|profit)\b"
    rf"[^.$€£]{{0,40}}?(?P<a>{MONEY})|(?P<b>{MONEY})\s?(?:a|per|/|each)\s?(?:month|mo|week|wk|year|yr|day|hour)\b)",
    re.I,
)


@register
def earnings_claims(article, page):
    for paragraph in page.paragraphs:
        if "self-reported" in paragraph.lower():
            continue
        for match in EARNINGS.finditer(paragraph):
            figure = match.group(0).strip()
            yield PublishingWarning(
                "earnings-unlabelled", f"Earnings figure “{figure}” isn't labelled self-reported in its paragraph."
            )
            break
