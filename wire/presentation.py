"""How the wire looks: figures in words, quote views, groups, the JSON shapes and SVG sparklines."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from wire.models import MarketQuote

# --- The snapshot out ----------------------------------------------------------------------------


def _plain(value):
    """A Decimal as a plain string without trailing zeros: 182.400000 → "182.4"."""
    text = f"{value.normalize():f}"
    return text


def format_number(value):
    value = Decimal(value)
    if abs(value) >= 1:
        return f"{value.quantize(Decimal('0.01')):,}"
    text = f"{value.quantize(Decimal('0.0001')).normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def format_figure(value, unit):
    """Display a figure with its unit: $182.40, $0.59/M tokens, 12.50 EUR."""
    unit = unit.strip()
    if unit.upper() == "USD":
        return f"${format_number(value)}"
    if unit.startswith("$/"):
        return f"${format_number(value)}/{unit[2:].strip()}"
    return f"{format_number(value)} {unit}"


@dataclass
class QuoteView:
    """A current quote as readers see it: the figure, its change and whether it is stale."""

    quote: MarketQuote
    stale: bool
    spark: "Sparkline | None" = None

    @property
    def direction(self):
        change = self.quote.change
        if change is None:
            return None
        return "up" if change > 0 else "down" if change < 0 else "flat"

    @property
    def value_display(self):
        return format_figure(self.quote.value, self.quote.unit)

    @property
    def change_display(self):
        change, percent = self.quote.change, self.quote.change_percent
        if change is None:
            return ""
        arrow = {"up": "▲", "down": "▼", "flat": "–"}[self.direction]
        if percent is None:
            return f"{arrow} {format_number(abs(change))}"
        return f"{arrow} {abs(percent).quantize(Decimal('0.01'))}%"

    @property
    def change_label(self):
        """The change in words, for screen readers."""
        if self.direction is None:
            return "first figure"
        if self.direction == "flat":
            return "unchanged"
        return f"{'up' if self.direction == 'up' else 'down'} {self.change_display[2:]}"

    @property
    def spark_description(self):
        """What the sparkline shows, in words (its SVG title)."""
        if self.spark is None:
            return ""
        unit = self.quote.unit
        return (
            f"{self.quote.label}, daily figures: from {format_figure(self.spark.first, unit)} "
            f"to {format_figure(self.spark.last, unit)}; low {format_figure(self.spark.low, unit)}, "
            f"high {format_figure(self.spark.high, unit)}"
        )

    def as_json(self):
        q = self.quote
        change, percent = q.change, q.change_percent
        return {
            "symbol": q.symbol,
            "label": q.label,
            "value": _plain(q.value),
            "unit": q.unit,
            "as_of": q.as_of.isoformat(),
            "source": q.source,
            "previous_value": None if q.previous_value is None else _plain(q.previous_value),
            "change": None if change is None else _plain(change),
            "change_percent": None if percent is None else _plain(percent.quantize(Decimal("0.01"))),
            "direction": self.direction,
            "stale": self.stale,
            "value_display": self.value_display,
            "change_display": self.change_display,
        }


QUOTE_GROUPS = {"USD": "Share prices (USD)", "$/M tokens": "Inference prices ($ per million tokens)"}


def group_quotes(quote_views):
    """Split current quotes by unit for display: share prices, inference prices, then any other unit."""
    groups = {}
    for view in quote_views:
        groups.setdefault(view.quote.unit, []).append(view)
    order = [*QUOTE_GROUPS, *sorted(set(groups) - set(QUOTE_GROUPS))]
    return [
        {"key": index, "heading": QUOTE_GROUPS.get(unit, f"Figures in {unit}"), "quotes": groups[unit]}
        for index, unit in enumerate(order)
        if unit in groups
    ]


def max_age_label(age=None):
    """WIRE_QUOTE_MAX_AGE in words: “3 days”, “36 hours”."""
    hours = (age or settings.WIRE_QUOTE_MAX_AGE).total_seconds() / 3600
    if hours >= 24 and hours % 24 == 0:
        days = int(hours // 24)
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def item_json(item):
    return {
        "id": item.pk,
        "headline": item.headline,
        "url": item.link or None,
        "external": bool(item.url),
        "source": item.source,
        "published_at": item.published_at.isoformat(),
        "pinned": item.pinned,
    }


@dataclass
class WireSnapshot:
    items: list
    quotes: list  # of QuoteView, every symbol's latest figure
    last_modified: datetime
    max_quote_age: timedelta = field(default_factory=lambda: settings.WIRE_QUOTE_MAX_AGE)

    @property
    def live_quotes(self):
        return [q for q in self.quotes if not q.stale]

    def as_json(self):
        return {
            "items": [item_json(item) for item in self.items],
            "quotes": [q.as_json() for q in self.quotes],
            "max_quote_age_seconds": int(self.max_quote_age.total_seconds()),
        }


# --- Sparklines ------------------------------------------------------------------------------------


@dataclass
class Sparkline:
    """An SVG sparkline's geometry, computed here so the template only prints attributes."""

    line: str
    area: str
    last_x: str
    last_y: str
    first: Decimal
    last: Decimal
    low: Decimal
    high: Decimal
    width: int
    height: int

    @property
    def direction(self):
        return "up" if self.last > self.first else "down" if self.last < self.first else "flat"


def _coord(number):
    return f"{number:.1f}".rstrip("0").rstrip(".")


def sparkline(values, *, width=120, height=32, pad=3):
    """Scale a series into an SVG path (oldest first); None when there are fewer than two points."""
    values = [Decimal(v) for v in values]
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    span = high - low
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    points = []
    for i, value in enumerate(values):
        x = pad + inner_w * i / (len(values) - 1)
        y = height / 2 if span == 0 else pad + inner_h * float((high - value) / span)
        points.append((_coord(x), _coord(y)))
    line = "M" + " L".join(f"{x} {y}" for x, y in points)
    bottom = _coord(height - pad)
    area = f"{line} L{points[-1][0]} {bottom} L{points[0][0]} {bottom} Z"
    return Sparkline(
        line=line,
        area=area,
        last_x=points[-1][0],
        last_y=points[-1][1],
        first=values[0],
        last=values[-1],
        low=low,
        high=high,
        width=width,
        height=height,
    )


def attach_sparklines(quote_views, *, days=None, now=None):
    """Give each current quote the sparkline of its daily closes over the last `days` days (one query)."""
    days = settings.WIRE_SPARKLINE_DAYS if days is None else days
    since = (now or timezone.now()) - timedelta(days=days)
    series = {}
    for symbol, _day, value in MarketQuote.objects.daily_closes(since=since, symbols=[v.quote.symbol for v in quote_views]):
        series.setdefault(symbol, []).append(value)
    for view in quote_views:
        view.spark = sparkline(series.get(view.quote.symbol, []), width=240, height=56)
    return quote_views
