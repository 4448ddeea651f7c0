"""The readership dashboard's numbers: totals over a date range, per day and per page, domain, tool and form.

Read from the daily tables (readership's and the directory's clicks) by model label, so this app
imports no other; charts are drawn as SVG by the template from the geometry computed here.
"""

import csv
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.apps import apps
from django.db.models import Sum
from django.utils import timezone

from readership.models import DailyPageView, DailyReferrer, DailySignup

DEFAULT_DAYS = 30
MAX_DAYS = 366
TOP = 10
KINDS = {
    "articles:detail": "article", "articles:section": "section", "articles:tag": "tag", "articles:author": "author",
    "articles:home": "home", "directory:tool": "tool", "directory:category": "category", "directory:workflow": "workflow",
    "newsletter:archive_detail": "edition",
}
# The day chart's drawing box, in SVG user units (scaled to the page's width by the browser).
WIDTH, HEIGHT = 720, 180


class RangeForm(forms.Form):
    """?start=YYYY-MM-DD&end=YYYY-MM-DD: at most a year; both default to the last 30 days."""

    start = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                            error_messages={"invalid": "Enter the first day as a date like 2026-11-08."})
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                          error_messages={"invalid": "Enter the last day as a date like 2026-12-07."})

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = cleaned.get("end") or timezone.localdate()
        start = cleaned.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError("The first day comes after the last one: swap them.")
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(f"Choose at most {MAX_DAYS} days.")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned


def default_range():
    end = timezone.localdate()
    return end - timedelta(days=DEFAULT_DAYS - 1), end


@dataclass
class Bar:
    label: str
    value: int
    url: str = ""
    note: str = ""
    share: float = 0.0  # of the chart's largest value, 0–1


def bars(rows, *, label, value, url=lambda row: "", note=lambda row: ""):
    items = [Bar(label(row), row[value] or 0, url(row), note(row)) for row in rows]
    top = max((item.value for item in items), default=0)
    for item in items:
        item.share = item.value / top if top else 0
    return items


@dataclass
class Day:
    day: date
    views: int
    x: float
    y: float
    width: float
    height: float


def day_chart(per_day, start, end):
    """Bars for every day from start to end (zeros included), scaled to the drawing box."""
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    top = max(per_day.values(), default=0)
    slot = WIDTH / len(days)
    chart = []
    for n, day in enumerate(days):
        views = per_day.get(day, 0)
        height = round(HEIGHT * views / top, 1) if top else 0
        chart.append(Day(day, views, round(n * slot + slot * 0.1, 1), round(HEIGHT - height, 1), round(slot * 0.8, 1), height))
    return chart, top


def _titles(label, slugs, attribute):
    model = apps.get_model(label)
    return dict(model.objects.filter(slug__in=slugs).values_list("slug", attribute))


def build(start, end):
    """Everything the dashboard shows for the days start–end (inclusive)."""
    views = DailyPageView.objects.filter(day__range=(start, end))
    per_day = dict(views.values("day").annotate(n=Sum("views")).values_list("day", "n"))
    chart, top = day_chart(per_day, start, end)

    articles = list(views.filter(route="articles:detail").values("slug", "path").annotate(n=Sum("views")).order_by("-n", "slug")[:TOP])
    headlines = _titles("articles.Article", [row["slug"] for row in articles], "headline")
    pages = list(views.values("path", "route").annotate(n=Sum("views")).order_by("-n", "path")[:TOP])
    referrers = DailyReferrer.objects.filter(day__range=(start, end)).values("domain").annotate(n=Sum("views")).order_by("-n", "domain")
    clicks = (
        apps.get_model("directory.DailyClickCount").objects.filter(day__range=(start, end))
        .values("tool__name", "tool__slug").annotate(n=Sum("clicks")).order_by("-n", "tool__name")
    )
    signups = DailySignup.objects.filter(day__range=(start, end)).values("path").annotate(n=Sum("signups")).order_by("-n", "path")
    return {
        "start": start,
        "end": end,
        "days": chart,
        "day_max": top,
        "width": WIDTH,
        "height": HEIGHT,
        "total_views": sum(per_day.values()),
        "total_referred": sum(row["n"] for row in referrers),
        "total_clicks": sum(row["n"] for row in clicks),
        "total_signups": sum(row["n"] for row in signups),
        "articles": bars(articles, label=lambda row: headlines.get(row["slug"], row["path"]), value="n",
                         url=lambda row: row["path"]),
        "pages": bars(pages, label=lambda row: row["path"], value="n", url=lambda row: row["path"],
                      note=lambda row: KINDS.get(row["route"], "")),
        "referrers": bars(referrers[:TOP], label=lambda row: row["domain"], value="n"),
        "clicks": bars(clicks[:TOP], label=lambda row: row["tool__name"], value="n",
                       url=lambda row: f"/tools/{row['tool__slug']}/"),
        "signups": bars(signups[:TOP], label=lambda row: row["path"] or "(page not known)", value="n",
                        url=lambda row: row["path"]),
    }


CSV_HEADER = ["measure", "day", "page_or_source", "kind", "count"]


def write_csv(out, start, end):
    """Every daily row of the range, one line each: page views, referrers, /go/ clicks, sign-ups."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    between = {"day__range": (start, end)}
    for row in DailyPageView.objects.filter(**between).order_by("day", "path").values_list("day", "path", "route", "views"):
        writer.writerow(["page_views", row[0].isoformat(), row[1], KINDS.get(row[2], row[2]), row[3]])
    for day, domain, n in DailyReferrer.objects.filter(**between).order_by("day", "domain").values_list("day", "domain", "views"):
        writer.writerow(["referrer_views", day.isoformat(), domain, "domain", n])
    clicks = apps.get_model("directory.DailyClickCount").objects.filter(**between).order_by("day", "tool__slug")
    for day, slug, n in clicks.values_list("day", "tool__slug", "clicks"):
        writer.writerow(["go_clicks", day.isoformat(), slug, "tool", n])
    for day, path, n in DailySignup.objects.filter(**between).order_by("day", "path").values_list("day", "path", "signups"):
        writer.writerow(["signups", day.isoformat(), path, "form", n])

