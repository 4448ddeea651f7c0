"""What readers' accepted reports add up to: the typical-results box and the figures workflows sort by.

Pure functions over plain rows, so the arithmetic is tested on hand-made data (tests/directory/test_outcomes.py).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# Below this many accepted reports a median says more about one person than about the workflow.
MIN_REPORTS_FOR_MEDIAN = 5
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ReportRow:
    """The parts of an accepted report the numbers use."""

    monthly_earnings: Decimal
    monthly_costs: Decimal
    currency: str
    hours_per_week: int
    months: int
    reported_on: date


@dataclass
class Summary:
    """Typical results in one currency; medians are None below MIN_REPORTS_FOR_MEDIAN."""

    currency: str
    count: int = 0
    counted: int = 0  # reports with a rate for their currency (the money medians use these)
    median_earnings: Decimal | None = None
    median_costs: Decimal | None = None
    median_hours: Decimal | None = None
    median_months: Decimal | None = None
    zero_share: Decimal | None = None  # 0–1: the share who earned nothing
    first_report: date | None = None
    last_report: date | None = None
    rate_dates: list = field(default_factory=list)  # the dates of the exchange rates used
    unconverted: list = field(default_factory=list)  # currencies without a rate, left out of the money figures

    @property
    def has_medians(self):
        return self.median_hours is not None

    @property
    def zero_percent(self):
        return None if self.zero_share is None else int((self.zero_share * 100).quantize(Decimal("1")))

    @property
    def converted(self):
        """True when some figures were converted from another currency."""
        return bool(self.rate_dates)


def _median(values):
    return Decimal(statistics.median(values)).quantize(CENT) if values else None


def convert(amount, source, target, rates):
    """`amount` in `source` expressed in `target`, by `rates` {code: (usd_per_unit, as_of)}; None without a rate."""
    if source == target:
        return Decimal(amount)
    usd = {"USD": (Decimal(1), None), **rates}
    if source not in usd or target not in usd:
        return None
    return Decimal(amount) * usd[source][0] / usd[target][0]


def summarize(rows, *, currency, rates):
    """Count, medians, zero share and period of accepted reports, money in `currency`."""
    rows = list(rows)
    summary = Summary(currency=currency, count=len(rows))
    if not rows:
        return summary
    summary.first_report = min(row.reported_on for row in rows)
    summary.last_report = max(row.reported_on for row in rows)
    if len(rows) < MIN_REPORTS_FOR_MEDIAN:
        return summary
    earnings, costs, used = [], [], set()
    for row in rows:
        earned = convert(row.monthly_earnings, row.currency, currency, rates)
        spent = convert(row.monthly_costs, row.currency, currency, rates)
        if earned is None or spent is None:
            summary.unconverted.append(row.currency)
            continue
        if row.currency != currency:
            used.update(code for code in (row.currency, currency) if code in rates)
        earnings.append(earned)
        costs.append(spent)
    summary.counted = len(earnings)
    summary.unconverted = sorted(set(summary.unconverted))
    summary.rate_dates = sorted({rates[code][1] for code in used if rates[code][1]})
    summary.median_hours = _median([Decimal(row.hours_per_week) for row in rows])
    summary.median_months = _median([Decimal(row.months) for row in rows])
    # Earning nothing is 0 in any currency: every report counts here, converted or not.
    summary.zero_share = Decimal(sum(1 for row in rows if row.monthly_earnings == 0)) / len(rows)
    if len(earnings) >= MIN_REPORTS_FOR_MEDIAN:
        summary.median_earnings = _median(earnings)
        summary.median_costs = _median(costs)
    return summary


# --- What it costs to run -----------------------------------------------------------------------

FREE_PRICING = ("free", "open-source")


@dataclass
class CostLine:
    tool: object
    monthly: Decimal | None  # in the workflow's currency; None when it isn't a monthly price
    kind: str  # "monthly", "free", "usage" (priced per use) or "unknown"


@dataclass
class RunningCost:
    currency: str
    lines: list
    total: Decimal  # the monthly prices added up (one seat each); usage-based tools come on top
    rate_dates: list = field(default_factory=list)

    @property
    def has_usage(self):
        return any(line.kind == "usage" for line in self.lines)

    @property
    def has_unknown(self):
        return any(line.kind == "unknown" for line in self.lines)


def running_cost(tools, *, currency, rates):
    """Each tool's current starting price as a monthly cost in `currency`, and their total."""
    lines, used = [], set()
    total = Decimal(0)
    for tool in tools:
        price, unit = tool.starting_price, (tool.price_unit or "").lower()
        if price is None:
            kind = "free" if tool.pricing_model in FREE_PRICING else "unknown"
            lines.append(CostLine(tool, Decimal(0) if kind == "free" else None, kind))
            continue
        if "month" not in unit:
            lines.append(CostLine(tool, None, "usage" if unit else "unknown"))
            continue
        monthly = convert(price, tool.price_currency, currency, rates)
        if monthly is None:
            lines.append(CostLine(tool, None, "unknown"))
            continue
        if tool.price_currency != currency:
            used.update(code for code in (tool.price_currency, currency) if code in rates)
        monthly = monthly.quantize(CENT)
        total += monthly
        lines.append(CostLine(tool, monthly, "monthly"))
    return RunningCost(currency, lines, total, sorted({rates[code][1] for code in used}))


def net_per_month(*, earnings, costs):
    return earnings - costs


def net_per_hour(*, earnings, costs, hours_per_week):
    """Net earnings per hour worked (a month is 52/12 weeks); None without hours."""
    if not hours_per_week:
        return None
    return ((earnings - costs) / (Decimal(hours_per_week) * 52 / 12)).quantize(CENT)
