from django.views.generic import DetailView

from pages.models import SitePage


class SitePageView(DetailView):
    """A published site page (About, Privacy, …); template pages/sitepage_detail.html, context `page`."""

    context_object_name = "page"

    def get_queryset(self):
        return SitePage.objects.published()
