"""The sitemap base every app's sitemaps use, and the index: absolute URLs from SITE_URL.

`/sitemap.xml` is an index of `/sitemap-<section>.xml` pages (Django's `sitemap` view, `?p=N`
beyond the first `limit` URLs). Django's own index view asks every section for its page count
and its newest lastmod (a COUNT and a walk over all items, per section) and names pages on the
request's host. Ours asks for all sections' counts and lastmods in one query and builds every
location on SITE_URL.
"""

from math import ceil
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db import connection
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.http import http_date

from fluxsite.routes import reverse
from fluxsite.seo import absolute_url


class SiteSitemap(Sitemap):
    """Build locations on SITE_URL, whichever host name the crawler used.

    Set `lastmod_field` to the column of `items()` that holds an item's lastmod, so the index
    can show each section's newest one.
    """

    limit = 5000  # URLs per page: the protocol allows 50,000, but each page should render quickly
    lastmod_field = None

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def _summaries(sitemaps):
    """{section: (item count, newest lastmod)} for every section, in one query.

    Each queryset section contributes `SELECT count(*), max(lastmod)` over its own `items()`, so
    the count is exactly what its pages will paginate; sections listing a few fixed pages are
    counted in Python.
    """
    parts, params, summaries = [], [], {}
    for section, site in sitemaps.items():
        items = site.items()
        if not isinstance(items, QuerySet):
            summaries[section] = (len(items), None)
            continue
        sql, item_params = items.order_by().query.sql_with_params()
        lastmod = connection.ops.quote_name(site.lastmod_field) if site.lastmod_field else "NULL::timestamptz"
        # Django compiled `sql` from the queryset; every value travels as a parameter.
        parts.append(f"SELECT %s, count(*), max({lastmod}) FROM ({sql}) AS items")  # noqa: S608
        params += [section, *item_params]
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            summaries |= {section: (count, lastmod) for section, count, lastmod in cursor.fetchall()}
    return summaries


@x_robots_tag
def index(request, sitemaps):
    """List every page of every section's sitemap, with the section's newest lastmod.

    **Context:** ``sitemaps``, a list of ``SitemapIndexItem``. **Template:** ``sitemap_index.xml``.
    """
    sites = {section: site() if callable(site) else site for section, site in sitemaps.items()}
    summaries = _summaries(sites)
    entries = []
    for section, site in sites.items():
        count, lastmod = summaries[section]
        location = absolute_url(reverse("django.contrib.sitemaps.views.sitemap", kwargs={"section": section}))
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [SitemapIndexItem(f"{location}?p={page}", lastmod) for page in range(2, ceil(count / site.limit) + 1)]
    lastmods = [lastmod for _count, lastmod in summaries.values()]
    # As Django's index does: a Last-Modified header only when every section has a lastmod.
    headers = {"Last-Modified": http_date(max(lastmods).timestamp())} if lastmods and all(lastmods) else None
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml", headers=headers)
