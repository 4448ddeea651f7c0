from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from newsletter.models import Edition


class EditionFeed(Feed):
    title = "The Sauce Drop — Flux"
    link = reverse_lazy("newsletter:archive")
    description = "The week's highest-earning AI workflows, in your inbox: every edition of The Sauce Drop."

    def items(self):
        return Edition.objects.published()[:20]

    def item_title(self, item):
        return item.subject

    def item_description(self, item):
        return item.body_html

    def item_pubdate(self, item):
        return item.sent_at

    def item_updateddate(self, item):
        return item.updated_at
