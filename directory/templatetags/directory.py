"""Directory pieces other apps' pages show: {% load directory %}."""

from django import template

from directory.models import Tool
from fluxsite.cache import lazy_cards

register = template.Library()


@register.simple_tag
def tools_mentioned(article):
    """The published tools `article` mentions, ranked, as card stand-ins (fluxsite.cache.lazy_cards).

    One narrow query for ids and `updated_at`; the tools themselves are read only if a card isn't
    already drawn.
    """
    rows = Tool.objects.published().filter(mentioned_in=article).ranked().values_list("pk", "updated_at")
    return lazy_cards(list(rows), lambda pks: Tool.objects.for_listing().in_bulk(pks))
