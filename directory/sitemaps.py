"""Sitemap sections for the directory."""

from directory.models import Category, Tool, Workflow
from fluxsite.routes import reverse
from fluxsite.sitemaps import SiteSitemap


class DirectoryIndexSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["directory:tools", "directory:workflows"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("order", "name")


class ToolSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.6
    lastmod_field = "updated_at"

    def items(self):
        return Tool.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class WorkflowSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5
    lastmod_field = "updated_at"

    def items(self):
        return Workflow.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "directory": DirectoryIndexSitemap,
    "tool-categories": CategorySitemap,
    "tools": ToolSitemap,
    "workflows": WorkflowSitemap,
}
