"""Counting page views, referring domains and sign-ups' source pages without storing anything about readers.

static/js/count.js posts each page's path and, when the reader came from another site, that
site's host name to /count/. `view_record` checks both and adds them to this process's tallies
(fluxsite.tally), which reach PostgreSQL every few seconds in one statement per table: no
request writes to the database, and cached pages stay untouched.
"""

import re
from functools import lru_cache
from urllib.parse import unquote

from django.apps import apps
from django.urls import Resolver404, resolve
from django.utils import timezone

from fluxsite.tally import Tally
from readership.models import DOMAIN_MAX, PATH_MAX, DailyPageView, DailyReferrer, DailySignup

# Pages with a slug are counted when the slug names one of these (checked when the counts are
# stored, one query per kind of page, not per view); other slugged URLs aren't counted.
SLUG_PAGES = {
    "articles:detail": ("articles.Article", "published"),
    "articles:section": ("articles.Section", "all"),
    "articles:tag": ("taggit.Tag", "all"),
    "articles:author": ("articles.Author", "all"),
    "directory:tool": ("directory.Tool", "published"),
    "directory:category": ("directory.Category", "all"),
    "directory:workflow": ("directory.Workflow", "published"),
    "newsletter:archive_detail": ("newsletter.Edition", "published"),
    "pages:detail": ("pages.SitePage", "published"),
}
# Pages without one are counted unless they are one of these: not pages a reader reads.
NOT_PAGES = ("/admin/", "/api/", "/feeds/", "/count/", "/go/", "/newsletter/events/", "/sitemap", "/robots.txt",
             "/healthz")
HOST_NAME = re.compile(r"[a-z0-9.-]+")
DOMAIN_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")


class BadCount(ValueError):
    """What was posted isn't a countable page view; the message says why (the 400's body)."""


@lru_cache(maxsize=4096)
def page_of(path):
    """(route, slug) of a path the site serves as a reader's page; BadCount otherwise."""
    if not path.startswith("/") or path.startswith("//") or len(path) > PATH_MAX:
        raise BadCount(f"p must be a path on this site (starting with /, at most {PATH_MAX} characters)")
    if "?" in path or "#" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        raise BadCount("p must be a bare path: no query string, fragment or control characters")
    if path.startswith(NOT_PAGES):
        raise BadCount("p is not a page whose readers are counted")
    try:
        match = resolve(path)
    except Resolver404:
        raise BadCount("p is not a page of this site") from None
    if not match.kwargs:
        return match.view_name, ""
    if match.view_name in SLUG_PAGES and set(match.kwargs) == {"slug"}:
        return match.view_name, str(match.kwargs["slug"])
    raise BadCount("p is not a page whose readers are counted")


def referrer_domain(value, *, host):
    """The referring site's domain name ('' for none, the site itself, or an address); BadCount if malformed."""
    value = value.strip().lower().rstrip(".")
    if not value:
        return ""
    if len(value) > DOMAIN_MAX or not HOST_NAME.fullmatch(value):
        raise BadCount(f"r must be a host name (letters, digits, dots and hyphens, at most {DOMAIN_MAX} characters)")
    value = value.removeprefix("www.")
    if value == host.removeprefix("www.") or not DOMAIN_NAME.fullmatch(value):
        return ""  # our own pages, IP addresses, single-label names: not a referring site
    return value


def existing_pages(keys):
    """Keep the page-view keys whose page exists: one query per kind of slugged page."""
    wanted = {}
    for key in keys:
        route, slug = key[-2], key[-1]
        if slug:
            wanted.setdefault(route, set()).add(slug)
    found = {}
    for route, slugs in wanted.items():
        label, method = SLUG_PAGES[route]
        queryset = getattr(apps.get_model(label).objects, method)()
        found[route] = set(queryset.filter(slug__in=slugs).values_list("slug", flat=True))
    return [key for key in keys if not key[-1] or key[-1] in found.get(key[-2], ())]


def existing_sources(keys):
    """Keep the sign-up keys whose page exists (or is unknown, '')."""
    pages = {}
    for key in keys:
        if key[1]:
            route, slug = page_of(key[1])
            pages[key] = (key[0], key[1], route, slug)
    kept = set(existing_pages(list(pages.values())))
    return [key for key in keys if not key[1] or pages[key] in kept]


PAGE_VIEWS = Tally(DailyPageView, "views", keep=existing_pages)
REFERRERS = Tally(DailyReferrer, "views")
SIGNUPS = Tally(DailySignup, "signups", keep=existing_sources)


def view_record(*, path, referrer="", host, day=None):
    """Count one view of `path` (and of the referring domain); BadCount, counting nothing, if either is bad."""
    path = unquote(path)  # location.pathname is percent-encoded; URLs resolve decoded
    route, slug = page_of(path)
    domain = referrer_domain(referrer, host=host)
    day = day or timezone.localdate()
    PAGE_VIEWS.add((day, path, route, slug))
    if domain:
        REFERRERS.add((day, domain))


def signup_record(*, source, day=None):
    """Count one newsletter sign-up made through the form on page `source` (a path, or '' if unknown)."""
    try:
        page_of(source)
    except BadCount:
        source = ""
    SIGNUPS.add((day or timezone.localdate(), source))


def flush():
    """Store the pending readership counts now (tests, management commands)."""
    return PAGE_VIEWS.flush() + REFERRERS.flush() + SIGNUPS.flush()


