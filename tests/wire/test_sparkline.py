"""The sparkline geometry and figure formatting are plain functions: no database needed."""

from datetime import timedelta
from decimal import Decimal

import pytest

from wire.presentation import format_figure, max_age_label, sparkline


def points(spark):
    return [tuple(float(n) for n in pair.split()) for pair in spark.line[1:].split(" L")]


def test_series_is_scaled_into_the_box_oldest_left_highest_top():
    spark = sparkline(["10", "20", "15"], width=100, height=40, pad=5)
    assert points(spark) == [(5, 35), (50, 5), (95, 20)]
    assert (spark.last_x, spark.last_y) == ("95", "20")
    assert spark.area == "M5 35 L50 5 L95 20 L95 35 L5 35 Z"
    assert (spark.low, spark.high, spark.direction) == (Decimal(10), Decimal(20), "up")


def test_flat_series_is_a_level_line_through_the_middle():
    spark = sparkline([Decimal("0.79")] * 4, width=60, height=20, pad=0)
    assert {y for _, y in points(spark)} == {10}
    assert spark.direction == "flat"


def test_falling_series_points_down():
    assert sparkline([3, 2, 1]).direction == "down"


@pytest.mark.parametrize("values", [[], [Decimal("1.5")]])
def test_fewer_than_two_points_draw_nothing(values):
    assert sparkline(values) is None


def test_coordinates_stay_inside_the_viewbox_for_wild_values():
    spark = sparkline(["0.000001", "999999999", "12.5", "0"], width=120, height=32, pad=3)
    for x, y in points(spark):
        assert 3 <= x <= 117 and 3 <= y <= 29


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("182.4", "USD", "$182.40"),
        ("1234567.891", "USD", "$1,234,567.89"),
        ("0.79", "$/M tokens", "$0.79/M tokens"),
        ("0.035", "$/M tokens", "$0.035/M tokens"),
        ("0.5", "USD", "$0.50"),
        ("12.5", "EUR", "12.50 EUR"),
    ],
)
def test_figures_are_shown_with_their_unit(value, unit, shown):
    assert format_figure(Decimal(value), unit) == shown


@pytest.mark.parametrize(("hours", "label"), [(72, "3 days"), (24, "1 day"), (36, "36 hours"), (1, "1 hour"), (0.5, "0.5 hours")])
def test_max_age_reads_naturally(hours, label):
    assert max_age_label(timedelta(hours=hours)) == label
