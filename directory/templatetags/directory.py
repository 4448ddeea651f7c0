"""Directory pieces other apps' pages show: {% load directory %}."""

from django import template

from directory.models import Tool, Workflow, mentioned_tool_cards

register = template.Library()


@register.simple_tag
def tools_mentioned(article):
    """The published tools `article` mentions, ranked, as card stand-ins (directory.models.mentioned_tool_cards)."""
    return mentioned_tool_cards(article)


HOME_TOOLS = 6
HOME_WORKFLOWS = 3


@register.inclusion_tag("directory/includes/home_directory.html")
def home_directory():
    """The home page's directory band: the best-ranked tools and the highest-earning workflows."""
    return {
        "tools": Tool.objects.published().for_listing().ranked()[:HOME_TOOLS],
        "workflows": Workflow.objects.published().by_earnings().only(
            "title", "slug", "summary", "monthly_earnings", "earnings_currency"
        )[:HOME_WORKFLOWS],
    }
