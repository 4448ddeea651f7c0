"""Directory pieces other apps' pages show: {% load directory %}."""

from django import template

from directory.models import Tool

register = template.Library()


@register.simple_tag
def tools_mentioned(article):
    """The published tools `article` mentions, ranked, as card stand-ins (see Tool.objects.mentioned_cards)."""
    return Tool.objects.mentioned_cards(article)
