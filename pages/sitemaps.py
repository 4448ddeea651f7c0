from fluxsite.sitemaps import SiteSitemap
from pages.models import SitePage


class SitePageSitemap(SiteSitemap):
    lastmod_field = "updated_at"
    changefreq = "monthly"

    def items(self):
        return SitePage.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at
