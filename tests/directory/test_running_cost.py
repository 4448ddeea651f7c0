"""What it costs to run: the tools' current prices as a monthly total, and the reader's calculator."""

import html as htmllib
import re
from datetime import date
from decimal import Decimal

import pytest

from directory.models import ExchangeRate

pytestmark = pytest.mark.django_db


def words(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", htmllib.unescape(response.content.decode())))


@pytest.fixture
def workflow(make_workflow, make_tool):
    ExchangeRate.objects.create(currency="EUR", usd_per_unit=Decimal("2"), as_of=date(2031, 1, 2))
    tools = [
        make_tool(name="Alpha", starting_price=Decimal("20"), price_unit="per month", pricing_model="paid"),
        make_tool(name="Beta", starting_price=Decimal("10"), price_currency="EUR", price_unit="per seat per month"),
        make_tool(name="Gamma", starting_price=Decimal("0.5"), price_unit="per 1M tokens", pricing_model="usage"),
        make_tool(name="Delta", pricing_model="open-source"),
        make_tool(name="Hidden", starting_price=Decimal("999"), price_unit="per month", status="draft"),
    ]
    return make_workflow(monthly_earnings=Decimal("1000"), tools=tools)


def test_monthly_total_converts_currencies_and_leaves_usage_out(workflow):
    cost = workflow.running_cost()
    assert [line.tool.name for line in cost.lines] == ["Alpha", "Beta", "Delta", "Gamma"]  # published only
    assert [line.kind for line in cost.lines] == ["monthly", "monthly", "free", "usage"]
    assert cost.total == Decimal("40.00")  # 20 USD + 10 EUR at 2 USD
    assert cost.has_usage and cost.rate_dates == [date(2031, 1, 2)]


def test_workflow_page_shows_the_costs_and_a_calculator(client, workflow):
    page = words(client.get(workflow.get_absolute_url()))
    assert "What it costs to run" in page
    assert "Monthly total, cheapest paid plans 40.00 USD" in page
    assert "Usage-based tools come on top" in page
    assert "Gamma 0.50 USD per 1M tokens depends on use" in page
    html = client.get(workflow.get_absolute_url()).content.decode()
    assert 'name="tool_costs" value="40"' in html and 'name="earnings" value="1000"' in html


def test_calculator_without_javascript(client, workflow):
    response = client.get(f"/workflows/{workflow.slug}/calculator/?earnings=1000&tool_costs=40&other_costs=60&hours=10")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    page = words(response)
    assert "Left each month: 900.00 USD" in page
    assert "per hour worked: 20.77 USD" in page  # 900 / (10 × 52 / 12)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("earnings=-5&tool_costs=1", "Enter 0 or more"),
        ("earnings=20000000&tool_costs=1", "more than 10,000,000 a month"),
        ("earnings=abc&tool_costs=1", "Enter a number"),
        ("earnings=5&tool_costs=1&hours=500", "A week has 168 hours"),
        ("earnings=%3Cscript%3E&tool_costs=1", "Enter a number"),
    ],
)
def test_calculator_bad_input_is_a_clear_400(client, workflow, query, message):
    response = client.get(f"/workflows/{workflow.slug}/calculator/?{query}")
    assert response.status_code == 400
    assert message in words(response)
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_calculator_for_a_draft_workflow_is_404(client, make_workflow):
    draft = make_workflow(status="draft")
    assert client.get(f"/workflows/{draft.slug}/calculator/").status_code == 404
