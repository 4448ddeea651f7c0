"""Root URL map; see ../shared/DESIGN.md for the public paths."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles.sitemaps import sitemaps as article_sitemaps
from directory.sitemaps import sitemaps as directory_sitemaps
from fluxsite import search, views
from fluxsite.sitemaps import index as sitemap_index
from newsletter.sitemaps import EditionSitemap, NewsletterPagesSitemap
from pages.sitemaps import SitePageSitemap

# Each app adds its sections; /sitemap.xml is an index of their pages (`?p=N`, SiteSitemap.limit URLs each).
sitemaps = {
    **article_sitemaps, **directory_sitemaps, "newsletter": NewsletterPagesSitemap, "editions": EditionSitemap,
    "pages": SitePageSitemap,
}

admin.site.site_header = "Flux newsroom"
admin.site.site_title = "Flux admin"
admin.site.index_title = "Newsroom"
admin.site.site_url = "/"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The editor's preview, for articles and editions alike (staff only, like the rest of /admin/).
    path("admin/writing/preview/", admin.site.admin_view(views.writing_preview), name="writing_preview"),
    path("admin/writing/frame/", admin.site.admin_view(views.writing_frame), name="writing_frame"),
    path("admin/", admin.site.urls),
    path("search/", search.search, name="search"),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("", include("directory.urls")),
    path("", include("newsletter.urls")),
    path("", include("articles.urls")),
    path("", include("wire.urls")),
    path("", include("readership.urls")),
    path("", include("pages.urls")),  # last: /<slug>/ for site pages
]

if settings.SERVE_MEDIA:
    # One-machine setups serve uploads themselves; at scale media lives in object storage.
    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
    ]

handler400 = "fluxsite.views.bad_request"
handler403 = "fluxsite.views.permission_denied"
handler404 = "fluxsite.views.page_not_found"
handler500 = "fluxsite.views.server_error"
