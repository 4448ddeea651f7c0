"""Affiliate links never affect rankings: toggling them on every tool changes no listing's order."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from directory.forms import TOOL_SORTS
from directory.models import DailyClickCount, Tool
from directory.services import tool_scores_refresh
from directory.views import alternatives_for


def test_score_is_documented_formula_of_rating_and_recent_clicks(make_tool):
    tool = make_tool(editorial_rating=4)
    DailyClickCount.objects.create(tool=tool, day=timezone.localdate(), clicks=99)
    tool_scores_refresh()
    tool.refresh_from_db()
    assert tool.recent_clicks == 99
    assert tool.score == Decimal("130.000")  # 20 × 4.0 + 25 × log10(100)


def test_clicks_older_than_thirty_days_stop_counting(make_tool):
    tool = make_tool(editorial_rating=3)
    today = timezone.localdate()
    DailyClickCount.objects.create(tool=tool, day=today - timezone.timedelta(days=29), clicks=9)
    DailyClickCount.objects.create(tool=tool, day=today - timezone.timedelta(days=30), clicks=1000)
    tool_scores_refresh(today=today)
    tool.refresh_from_db()
    assert tool.recent_clicks == 9


@pytest.fixture
def ranked_catalogue(make_category, make_tool):
    """Tools with ties and near-ties in every sort key, so any hidden input would show."""
    cats = [make_category(slug="cat-a"), make_category(slug="cat-b")]
    tools = []
    for i in range(30):
        tool = make_tool(
            name=f"Tool {i % 7} {i:02d}",
            editorial_rating=[3, 3.5, 4, 4, 4.5][i % 5],
            starting_price=None if i % 4 == 0 else Decimal(i % 3 * 10),
            categories=[cats[i % 2]] + ([cats[1 - i % 2]] if i % 3 == 0 else []),
            tags=[f"tag-{i % 4}", f"tag-{i % 5}"],
            kind=Tool.Kind.values[i % 5],
            is_open=i % 2 == 0,
        )
        if i % 3:
            DailyClickCount.objects.create(tool=tool, day=timezone.localdate(), clicks=i % 4 * 5)
        tools.append(tool)
    tool_scores_refresh()
    return tools


def every_listing():
    """Slugs in order for every listing a reader can see."""
    client = Client()
    listings = {}
    paths = [f"/tools/?sort={key}" for key in TOOL_SORTS] + ["/tools/", "/tools/?q=useful", "/tools/?open=1"]
    paths += [f"/tools/categories/cat-a/?sort={key}" for key in TOOL_SORTS] + ["/tools/categories/cat-b/"]
    for path in paths:
        for page in (1, 2) if "categories" not in path else (1,):
            response = client.get(f"{path}{'&' if '?' in path else '?'}page={page}")
            listings[(path, page)] = [tool.slug for tool in response.context["tools"]]
    # The tool page's "Alternatives" list comes from this function (checked through HTTP once).
    for tool in Tool.objects.published().prefetch_related("categories", "tags"):
        listings[tool.slug] = [t.slug for t in alternatives_for(tool)]
    some_tool = Tool.objects.published().first()
    alternatives = client.get(some_tool.get_absolute_url()).context["alternatives"]
    assert [t.slug for t in alternatives] == listings[some_tool.slug]
    return listings


def test_affiliate_links_never_change_any_order(ranked_catalogue):
    before = every_listing()
    assert len(before[("/tools/", 1)]) == 24 and len(before[("/tools/", 2)]) == 6
    for pattern in ["all", "alternate", "none"]:
        for tool in Tool.objects.all():
            has_affiliate = pattern == "all" or (pattern == "alternate" and tool.pk % 2 == 0)
            tool.affiliate_url = f"https://partners.example/{tool.slug}" if has_affiliate else ""
            tool.save()  # through save(), as the admin and importer do
        tool_scores_refresh()
        assert every_listing() == before, pattern
