"""Directory pieces other apps' pages show: {% load directory %}."""

from django import template

from directory.models import mentioned_tool_cards

register = template.Library()


@register.simple_tag
def tools_mentioned(article):
    """The published tools `article` mentions, ranked, as card stand-ins (directory.models.mentioned_tool_cards)."""
    return mentioned_tool_cards(article)
