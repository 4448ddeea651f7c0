"""Model rules: derived fields, validation, the score formula."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from directory.models import Tool, Workflow, tool_score


def test_score_formula_uses_rating_and_recent_clicks_only():
    assert tool_score(editorial_rating=Decimal("4.0"), recent_clicks=0) == Decimal("80.000")
    assert tool_score(editorial_rating=Decimal("4.0"), recent_clicks=99) == Decimal("130.000")


@pytest.mark.parametrize("url", ["ftp://example.com/file", "javascript:alert(1)", "mailto:a@example.com"])
def test_non_http_urls_are_rejected(url):
    tool = Tool(name="X", slug="x", tagline="t", website_url=url, affiliate_url=url)
    with pytest.raises(ValidationError) as error:
        tool.full_clean(validate_unique=False, validate_constraints=False)
    assert {"website_url", "affiliate_url"} <= set(error.value.message_dict)


def test_workflow_save_renders_steps_and_normalises_earnings(db):
    workflow = Workflow.objects.create(
        title="Menus in an afternoon",
        summary="Local cafés get new menus.",
        steps="1. Ask\n2. <script>alert(1)</script>Draft",
        monthly_earnings=Decimal("1000"),
        earnings_currency="EUR",
        reported_by="A reader",
    )
    assert workflow.slug == "menus-in-an-afternoon"
    assert "<ol>" in workflow.steps_html and "<script" not in workflow.steps_html
    assert workflow.earnings_usd == Decimal("1080.00")
