"""RSS for newly published workflows."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Rss201rev2Feed

from directory.models import Workflow


class WorkflowFeed(Feed):
    feed_type = Rss201rev2Feed
    title = "Flux — money-making AI workflows"
    link = reverse_lazy("directory:workflows")
    description = "New workflows people use to make money with AI tools. Earnings are self-reported, not guarantees."

    def items(self):
        return Workflow.objects.published().order_by("-created_at", "-id")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return (
            f"{item.summary} Reported earnings: {item.monthly_earnings:,.0f} {item.earnings_currency} a month "
            "(self-reported; not a guarantee of income)."
        )

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
