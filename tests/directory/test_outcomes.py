"""The typical-results numbers on hand-made data: medians, the zero share, currency conversion, thresholds."""

from datetime import date
from decimal import Decimal

import pytest

from directory.models import ExchangeRate
from directory.outcomes import ReportRow, convert, summarize

RATES = {"EUR": (Decimal("1.10"), date(2026, 11, 30)), "GBP": (Decimal("1.25"), date(2026, 12, 1))}


def row(earned, costs=0, currency="USD", hours=5, months=3, day=date(2026, 6, 1)):
    return ReportRow(Decimal(earned), Decimal(costs), currency, hours, months, day)


def test_no_reports():
    summary = summarize([], currency="USD", rates=RATES)
    assert summary.count == 0
    assert not summary.has_medians
    assert summary.median_earnings is None


def test_one_report_gives_a_count_and_dates_but_no_median():
    summary = summarize([row(900, day=date(2026, 3, 2))], currency="USD", rates=RATES)
    assert (summary.count, summary.first_report, summary.last_report) == (1, date(2026, 3, 2), date(2026, 3, 2))
    assert summary.median_earnings is None and summary.zero_share is None and not summary.has_medians


def test_four_reports_are_still_too_few():
    summary = summarize([row(100), row(200), row(300), row(0)], currency="USD", rates=RATES)
    assert summary.count == 4
    assert not summary.has_medians and summary.median_earnings is None


def test_five_reports_median_zero_share_costs_hours_months():
    rows = [
        row(0, costs=20, hours=10, months=2, day=date(2026, 1, 5)),
        row(0, costs=40, hours=4, months=1),
        row(150, costs=10, hours=6, months=6),
        row(800, costs=100, hours=20, months=12),
        row(5000, costs=0, hours=2, months=3, day=date(2026, 9, 9)),
    ]
    summary = summarize(rows, currency="USD", rates=RATES)
    assert summary.median_earnings == Decimal("150.00")
    assert summary.median_costs == Decimal("20.00")
    assert summary.median_hours == Decimal("6.00")
    assert summary.median_months == Decimal("3.00")
    assert summary.zero_share == Decimal(2) / 5 and summary.zero_percent == 40
    assert (summary.first_report, summary.last_report) == (date(2026, 1, 5), date(2026, 9, 9))
    assert not summary.converted


def test_even_count_median_is_the_mean_of_the_middle_two():
    rows = [row(100), row(200), row(300), row(400), row(500), row(600)]
    assert summarize(rows, currency="USD", rates=RATES).median_earnings == Decimal("350.00")


def test_all_zeros():
    summary = summarize([row(0) for _ in range(7)], currency="USD", rates=RATES)
    assert summary.median_earnings == Decimal("0.00")
    assert summary.zero_share == 1 and summary.zero_percent == 100


def test_mixed_currencies_convert_through_dollars_into_the_workflows_currency():
    # In EUR: 100 EUR; 125 USD = 113.64 EUR; 100 GBP = 113.64 EUR; 0; 220 USD = 200 EUR.
    rows = [row(100, currency="EUR"), row(125), row(100, currency="GBP"), row(0, currency="GBP"), row(220, costs=11)]
    summary = summarize(rows, currency="EUR", rates=RATES)
    assert summary.median_earnings == Decimal("113.64")
    assert summary.median_costs == Decimal("0.00")
    assert summary.zero_percent == 20
    assert summary.converted and summary.rate_dates == [date(2026, 11, 30), date(2026, 12, 1)]
    assert convert(Decimal(220), "USD", "EUR", RATES).quantize(Decimal("0.01")) == Decimal("200.00")


def test_a_currency_without_a_rate_is_left_out_of_money_figures_and_named():
    rows = [row(100), row(200), row(300), row(400), row(500), row(0, currency="JPY")]
    summary = summarize(rows, currency="USD", rates=RATES)
    assert summary.unconverted == ["JPY"]
    assert summary.count == 6 and summary.counted == 5
    assert summary.median_earnings == Decimal("300.00")
    assert summary.zero_share == Decimal(1) / 6  # earning nothing needs no rate


@pytest.mark.django_db
def test_latest_rate_per_currency_is_used(make_workflow, make_report):
    ExchangeRate.objects.create(currency="EUR", usd_per_unit=Decimal("1.00"), as_of=date(2030, 1, 1))
    ExchangeRate.objects.create(currency="EUR", usd_per_unit=Decimal("2.00"), as_of=date(2030, 2, 1))
    workflow = make_workflow(earnings_currency="USD")
    for amount in (10, 20, 30, 40, 50):
        make_report(workflow, monthly_earnings=Decimal(amount), currency="EUR")
    summary = workflow.report_summary()
    assert summary.median_earnings == Decimal("60.00")
    assert summary.rate_dates == [date(2030, 2, 1)]
