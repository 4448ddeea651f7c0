"""Sitemaps for the magazine: articles, sections, tags and authors, each with lastmod.

Every lastmod is the later of the last update and the publication time, taken over published
articles only, so neither a draft nor a scheduled story shows through.
"""

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest

from articles.models import Article, Section
from fluxsite.routes import reverse
from fluxsite.sitemaps import SiteSitemap


def _lastmod_by(field):
    """Published articles grouped by `field`, with the group's lastmod."""
    return (
        Article.objects.published()
        .filter(**{f"{field}__isnull": False})
        .order_by()
        .values(field)
        .annotate(lastmod=Max(Greatest("updated_at", "published_at")))
        .order_by(field)
    )


class ArticleSitemap(SiteSitemap):
    lastmod_field = "lastmod"

    def items(self):
        return Article.objects.published().with_lastmod().only("slug").order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.lastmod


class SectionSitemap(SiteSitemap):
    lastmod_field = "lastmod"

    def items(self):
        # Every section is listed (they're in the navigation); lastmod only where something is published.
        latest = _lastmod_by("section_id").filter(section_id=OuterRef("pk")).values("lastmod")
        return Section.objects.annotate(lastmod=Subquery(latest)).order_by("order", "name", "id")

    def lastmod(self, item):
        return item.lastmod


class TagSitemap(SiteSitemap):
    lastmod_field = "lastmod"

    def items(self):
        return _lastmod_by("tagged_items__tag__slug")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item["tagged_items__tag__slug"]})

    def lastmod(self, item):
        return item["lastmod"]


class AuthorSitemap(SiteSitemap):
    lastmod_field = "lastmod"

    def items(self):
        return _lastmod_by("byline__author__slug")

    def location(self, item):
        return reverse("articles:author", kwargs={"slug": item["byline__author__slug"]})

    def lastmod(self, item):
        return item["lastmod"]


sitemaps = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
