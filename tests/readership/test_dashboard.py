"""The readership dashboard and its CSV export, as an Editor sees them."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from directory.models import DailyClickCount, Tool
from readership.models import DailyPageView, DailyReferrer, DailySignup

pytestmark = pytest.mark.django_db

URL = "/admin/readership/dailypageview/"
EXPORT = "/admin/readership/dailypageview/export.csv"


@pytest.fixture
def numbers(make_article):
    """Two articles read over three days, two referrers, a tool's clicks and sign-ups on two pages."""
    today = timezone.localdate()
    first, second = make_article(headline="Local models pay their way"), make_article(headline="Agents that invoice")
    for days_ago, article, views in [(0, first, 40), (1, first, 25), (2, second, 7), (45, second, 1000)]:
        DailyPageView.objects.create(day=today - timedelta(days=days_ago), path=article.get_absolute_url(),
                                     route="articles:detail", slug=article.slug, views=views)
    DailyPageView.objects.create(day=today, path="/", route="articles:home", slug="", views=12)
    DailyReferrer.objects.create(day=today, domain="news.example.org", views=9)
    DailyReferrer.objects.create(day=today - timedelta(days=1), domain="search.example", views=3)
    tool = Tool.objects.create(name="Hearthstack", slug="hearthstack", tagline="Inference.", status="published",
                               website_url="https://hearth.example/")
    DailyClickCount.objects.create(tool=tool, day=today, clicks=6)
    DailySignup.objects.create(day=today, path=first.get_absolute_url(), signups=2)
    DailySignup.objects.create(day=today, path="", signups=1)
    return {"today": today, "first": first, "second": second, "tool": tool}


def test_editor_sees_charts_of_the_last_30_days(client, editor, numbers, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(20):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>84</strong> page views" in html  # 40 + 25 + 7 + 12; the view 45 days ago is outside
    assert "<strong>12</strong> from other sites" in html
    assert "<strong>6</strong> <code>/go/</code> clicks" in html
    assert "<strong>3</strong> newsletter sign-ups" in html
    days = response.context["days"]
    assert len(days) == 30 and days[-1].day == numbers["today"]
    assert [d.views for d in days[-3:]] == [7, 25, 52]
    assert days[-1].height == response.context["height"] and days[-2].height < days[-1].height
    assert html.count("<rect ") >= 30
    articles = response.context["articles"]
    assert [(bar.label, bar.value) for bar in articles] == [("Local models pay their way", 65), ("Agents that invoice", 7)]
    assert [(bar.label, bar.value) for bar in response.context["referrers"]] == [("news.example.org", 9), ("search.example", 3)]
    assert [(bar.label, bar.value) for bar in response.context["clicks"]] == [("Hearthstack", 6)]
    assert [(bar.label, bar.value) for bar in response.context["signups"]] == [
        (numbers["first"].get_absolute_url(), 2), ("(page not known)", 1)]
    assert 'width="100"' in html and 'width="11"' in html  # 7 of 65 views


def test_a_chosen_range_counts_only_its_days(client, editor, numbers):
    client.force_login(editor)
    long_ago = numbers["today"] - timedelta(days=45)
    response = client.get(URL, {"start": long_ago.isoformat(), "end": long_ago.isoformat()})
    assert response.status_code == 200
    assert response.context["total_views"] == 1000 and len(response.context["days"]) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-13-01"}, "Enter the first day as a date like"),
        ({"end": "yesterday"}, "Enter the last day as a date like"),
        ({"start": "2026-12-07", "end": "2026-11-01"}, "The first day comes after the last one"),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "Choose at most 366 days"),
        ({"start": "9999-12-31", "end": "0001-01-01"}, "The first day comes after the last one"),
    ],
)
def test_a_bad_range_says_why_and_shows_the_last_30_days(client, editor, numbers, query, message):
    client.force_login(editor)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(response.context["days"]) == 30 and response.context["total_views"] == 84
    export = client.get(EXPORT, query)
    assert export.status_code == 400 and message in export.content.decode()


def test_csv_export_lists_every_daily_row_of_the_range(client, editor, numbers):
    client.force_login(editor)
    today = numbers["today"]
    response = client.get(EXPORT, {"start": (today - timedelta(days=1)).isoformat(), "end": today.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"flux-readership-{today - timedelta(days=1)}-to-{today}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    first = numbers["first"].get_absolute_url()
    yesterday, today = (today - timedelta(days=1)).isoformat(), today.isoformat()
    assert rows == [
        ["measure", "day", "page_or_source", "kind", "count"],
        ["page_views", yesterday, first, "article", "25"],
        ["page_views", today, "/", "home", "12"],
        ["page_views", today, first, "article", "40"],
        ["referrer_views", yesterday, "search.example", "domain", "3"],
        ["referrer_views", today, "news.example.org", "domain", "9"],
        ["go_clicks", today, "hearthstack", "tool", "6"],
        ["signups", today, "", "form", "1"],
        ["signups", today, first, "form", "2"],
    ]


def test_an_empty_range_draws_empty_charts(client, editor):
    client.force_login(editor)
    response = client.get(URL, {"start": "2026-01-01", "end": "2026-01-31"})
    assert response.status_code == 200
    assert response.context["total_views"] == 0 and all(day.height == 0 for day in response.context["days"])
    assert "No article views in these days." in response.content.decode()


def test_writers_and_readers_cant_see_the_numbers(client, writer):
    assert client.get(URL).status_code == 302  # to the admin's sign-in
    assert client.get(EXPORT).status_code == 302
    client.force_login(writer)
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_nobody_adds_or_edits_rows_by_hand(client, editor, numbers):
    client.force_login(editor)
    assert client.get(URL + "add/").status_code == 403
    row = DailyPageView.objects.first()
    assert client.post(URL + f"{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DailyPageView.objects.filter(pk=row.pk).exists()


def test_the_default_range_follows_the_site_time_zone(numbers):
    from readership.dashboard import default_range

    start, end = default_range()
    assert end == timezone.localdate() and (end - start).days == 29
    assert isinstance(start, date)
