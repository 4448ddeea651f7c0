"""RSS for newly published workflows; Atom for tools' recorded changes."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from directory.models import Tool, ToolChange, Workflow


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


class ToolChangesFeed(Feed):
    """Atom: recent changes to pricing, plans, licences, open weights and URLs across the directory."""

    feed_type = Atom1Feed
    title = "Flux — AI tool changes"
    link = reverse_lazy("directory:changes")
    subtitle = "Dated changes to AI tools' pricing, plans, licences, open-weights status and addresses."

    def items(self):
        return ToolChange.objects.public().select_related("tool")[:50]

    def item_title(self, item):
        return f"{item.tool.name} — {item.summary}"

    def item_description(self, item):
        return change_description(item)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"{settings.SITE_URL}/tools/changes/{item.pk}"

    def item_pubdate(self, item):
        return item.changed_at

    def item_updateddate(self, item):
        return item.changed_at


class ToolHistoryFeed(ToolChangesFeed):
    """Atom: one tool's recorded changes."""

    def get_object(self, request, slug):
        return get_object_or_404(Tool.objects.published(), slug=slug)

    def title(self, tool):
        return f"Flux — changes to {tool.name}"

    def link(self, tool):
        return tool.get_absolute_url()

    def subtitle(self, tool):
        return f"Dated changes to {tool.name}'s pricing, plans, licence, open-weights status and address."

    def items(self, tool):
        return tool.changes.select_related("tool").order_by("-changed_at", "-id")[:50]


def change_description(change):
    """Plain text for a feed entry: what changed, from what to what, and the editor's note."""
    parts = []
    if change.field:
        parts.append(f"{change.label} changed from “{change.old_value or '(none)'}” to “{change.new_value or '(none)'}”.")
    if change.note:
        parts.append(change.note)
    return " ".join(parts)
