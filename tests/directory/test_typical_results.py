"""The typical-results box on workflow pages and /workflows/ sorted and filtered by readers' medians."""

import html as htmllib
import re
from decimal import Decimal

import pytest

from directory import services
from directory.models import ExchangeRate, OutcomeReport, Workflow

pytestmark = pytest.mark.django_db


def text(response):
    """The page's words, tags dropped."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", htmllib.unescape(response.content.decode())))


def box(response):
    """The box's words, tags dropped: "Median earnings 300 USD /month"."""
    inner = htmllib.unescape(response.content.decode()).split('class="typical"')[1].split("</aside>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner))


def reports(make_report, workflow, amounts, **fields):
    made = [make_report(workflow, monthly_earnings=Decimal(a), **fields) for a in amounts]
    services.workflow_stats_refresh()
    return made


def test_empty_sparse_and_filled_boxes(client, make_workflow, make_report):
    empty, sparse, filled = make_workflow(), make_workflow(), make_workflow(monthly_earnings=Decimal("5000"))
    reports(make_report, sparse, [100, 0])
    reports(make_report, filled, [0, 0, 300, 900, 1200], monthly_costs=Decimal("50"), hours_per_week=8)
    assert "No reader reports yet" in box(client.get(empty.get_absolute_url()))
    sparse_box = box(client.get(sparse.get_absolute_url()))
    assert "Only 2 accepted reader reports so far: too few for a typical figure" in sparse_box
    assert "Median" not in sparse_box
    page = client.get(filled.get_absolute_url())
    filled_box = box(page)
    assert "Median earnings 300 USD /month" in filled_box
    assert "Earned nothing 40% of reporters" in filled_box
    assert "Median costs 50 USD/month" in filled_box
    assert "8 hours/week" in filled_box
    assert "From 5 accepted reader reports filed between" in filled_box
    assert "The creator's claim: 5,000 USD /month" in text(page)
    # The box comes before the creator's figure.
    html = page.content.decode()
    assert html.index('class="typical"') < html.index("The creator's claim")


def test_unconfirmed_pending_rejected_and_withdrawn_reports_never_count(client, make_workflow, make_report):
    workflow = make_workflow()
    reports(make_report, workflow, [100, 200, 300, 400])
    for status in ("unconfirmed", "pending", "withdrawn"):
        make_report(workflow, monthly_earnings=Decimal("99999"), status=status)
    make_report(workflow, monthly_earnings=Decimal("99999"), status="rejected", rejection_reason="spam")
    services.workflow_stats_refresh()
    assert "Only 4 accepted reader reports" in box(client.get(workflow.get_absolute_url()))
    workflow.refresh_from_db()
    assert (workflow.report_count, workflow.median_earnings_usd) == (4, None)


def test_converted_figures_show_the_rate_date(client, make_workflow, make_report):
    from datetime import date

    ExchangeRate.objects.create(currency="EUR", usd_per_unit=Decimal("2"), as_of=date(2031, 5, 4))
    workflow = make_workflow(monthly_earnings=Decimal("800"), earnings_currency="EUR")
    reports(make_report, workflow, [200, 200, 200], currency="USD")
    reports(make_report, workflow, [100, 100], currency="EUR")
    filled = box(client.get(workflow.get_absolute_url()))
    assert "Median earnings 100 EUR /month" in filled
    assert "converted at exchange rates dated May 4, 2031" in filled
    workflow.refresh_from_db()
    assert workflow.median_earnings_usd == Decimal("200.00")


def test_changing_a_rate_in_the_admin_moves_the_stored_medians(client, editor, make_workflow, make_report):
    workflow = make_workflow()
    reports(make_report, workflow, [100] * 5, currency="GBP")
    client.force_login(editor)
    response = client.post(
        "/admin/directory/exchangerate/add/",
        {"currency": "GBP", "usd_per_unit": "3", "as_of": "2031-01-01", "source": "test"},
    )
    assert response.status_code == 302
    workflow.refresh_from_db()
    assert workflow.median_earnings_usd == Decimal("300.00")


def test_listing_sorts_and_filters_by_readers_medians_and_tools(client, make_workflow, make_report, make_tool):
    tool = make_tool(name="Sheetsmith", slug="sheetsmith")
    rich = make_workflow(title="Rich", monthly_earnings=Decimal("10"))
    cheap = make_workflow(title="Cheap", monthly_earnings=Decimal("10000"), tools=[tool])
    make_workflow(title="Unreported", monthly_earnings=Decimal("20000"))
    reports(make_report, rich, [1000] * 5, monthly_costs=Decimal("400"), hours_per_week=30)
    reports(make_report, cheap, [200] * 5, monthly_costs=Decimal("5"), hours_per_week=3)

    def titles(query):
        page = client.get("/workflows/" + query)
        assert page.status_code == 200
        return re.findall(r'class="workflow-card__title"><a href="[^"]+">([^<]+)<', page.content.decode())

    assert titles("") == ["Unreported", "Cheap", "Rich"]  # the creators' claims
    assert titles("?sort=readers") == ["Rich", "Cheap", "Unreported"]
    assert titles("?sort=cost") == ["Cheap", "Rich", "Unreported"]
    assert titles("?sort=hours") == ["Cheap", "Rich", "Unreported"]
    assert titles("?tool=sheetsmith") == ["Cheap"]
    assert titles("?min_earnings=500") == ["Rich"]
    assert titles("?max_costs=10&max_hours=5") == ["Cheap"]
    assert titles("?max_hours=banana&tool=nothing&sort=nope&min_earnings=-1") == ["Unreported", "Cheap", "Rich"]
    assert "Readers: median 1,000 USD /month" in text(client.get("/workflows/?sort=readers"))


def test_affiliate_links_play_no_part_in_workflow_order(client, make_workflow, make_report, make_tool):
    from directory.models import Tool

    tools = [make_tool() for _ in range(3)]
    for n, tool in enumerate(tools):
        workflow = make_workflow(tools=[tool])
        reports(make_report, workflow, [100 * (n + 1)] * 5)
    orders = []
    for affiliate in ("", "https://partner.example/?ref=flux"):
        Tool.objects.update(affiliate_url=affiliate)
        orders.append([client.get(f"/workflows/?sort={key}").content for key in ("readers", "cost", "hours", "earnings")])
    assert orders[0] == orders[1]


def test_accepting_in_the_admin_shows_on_the_very_next_cached_request(client, editor, make_workflow, make_report, settings):
    from django.test import Client

    settings.PAGE_CACHE = True
    workflow = make_workflow()
    reports(make_report, workflow, [100, 200, 300, 400])
    waiting = make_report(workflow, monthly_earnings=Decimal("500"), status="pending")
    reader = Client()
    reader.get(workflow.get_absolute_url())
    cached = reader.get(workflow.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    assert "Only 4 accepted" in box(cached)
    client.force_login(editor)
    response = client.post(
        f"/admin/directory/outcomereport/{waiting.pk}/change/",
        {"status": "accepted", "rejection_reason": "", "rejection_note": ""},
    )
    assert response.status_code == 302
    fresh = reader.get(workflow.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss"
    assert "Median earnings 300 USD /month" in box(fresh)
    assert OutcomeReport.objects.get(pk=waiting.pk).moderated_by == editor
    assert Workflow.objects.get(pk=workflow.pk).median_earnings_usd == Decimal("300.00")
