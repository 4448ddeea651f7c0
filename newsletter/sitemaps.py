from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from newsletter.models import Edition


class NewsletterPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["newsletter:landing", "newsletter:archive"]

    def location(self, item):
        return reverse(item)


class EditionSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Edition.objects.published().only("slug", "updated_at", "sent_at").order_by("-sent_at", "-id")

    def lastmod(self, item):
        return item.updated_at
