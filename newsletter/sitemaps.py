from fluxsite.routes import reverse
from fluxsite.sitemaps import SiteSitemap
from newsletter.models import Edition


class NewsletterPagesSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["newsletter:landing", "newsletter:archive"]

    def location(self, item):
        return reverse(item)


class EditionSitemap(SiteSitemap):
    changefreq = "yearly"
    priority = 0.5
    lastmod_field = "updated_at"

    def items(self):
        return Edition.objects.published().only("slug", "updated_at", "sent_at").order_by("-sent_at", "-id")

    def lastmod(self, item):
        return item.updated_at
