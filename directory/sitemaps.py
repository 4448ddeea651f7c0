"""Sitemap sections for the directory."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from directory.models import Category, Tool, Workflow


class DirectoryIndexSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["directory:tools", "directory:workflows"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("order", "name")


class ToolSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Tool.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class WorkflowSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

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
