"""The editorial calendar: scheduled and published stories by day (week and month) in the site's time zone."""

import html
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.utils import timezone

from articles.calendar import build_calendar
from articles.models import Article

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def new_york(settings):
    settings.TIME_ZONE = "America/New_York"
    timezone.activate(NEW_YORK)
    yield
    timezone.deactivate()


def days(response):
    """{date: [headlines]} of every day shown, read from the page."""
    assert response.status_code == 200
    document = lxml.html.document_fromstring(response.content.decode())
    return {
        date.fromisoformat(day.xpath("string(.//h3/time/@datetime)")): [
            " ".join(link.xpath("string(text()[last()])").split()) for link in day.xpath(".//li/a")
        ]
        for day in document.xpath('//ol[contains(@class, "calendar")]/li')
    }


def test_a_story_due_just_before_midnight_is_on_that_day_in_the_site_time_zone(client, editor, make_article, new_york):
    # 23:30 on Monday 7 December in New York is 04:30 on Tuesday in UTC.
    late = datetime(2026, 12, 7, 23, 30, tzinfo=NEW_YORK)
    early = datetime(2026, 12, 8, 0, 15, tzinfo=NEW_YORK)
    make_article(headline="Late on Monday", published_at=late)
    make_article(headline="Early on Tuesday", published_at=early)
    make_article(headline="A draft", status=Article.Status.DRAFT)
    client.force_login(editor)
    shown = days(client.get("/admin/articles/article/calendar/", {"view": "week", "day": "2026-12-09"}))
    assert list(shown) == [date(2026, 12, 7) + timedelta(days=n) for n in range(7)]  # Monday to Sunday
    assert shown[date(2026, 12, 7)] == ["Late on Monday"]
    assert shown[date(2026, 12, 8)] == ["Early on Tuesday"]
    assert "A draft" not in str(shown)


def test_a_week_spanning_the_end_of_daylight_saving_keeps_every_story(make_article, new_york):
    # Sunday 1 November 2026 has 25 hours in New York.
    make_article(headline="Sunday night", published_at=datetime(2026, 11, 1, 23, 59, tzinfo=NEW_YORK))
    make_article(headline="Monday dawn", published_at=datetime(2026, 11, 2, 0, 0, tzinfo=NEW_YORK))
    calendar = build_calendar(view="week", anchor=date(2026, 11, 1))
    shown = {day.day: [a.headline for a in day.articles] for day in calendar.days}
    assert shown[date(2026, 11, 1)] == ["Sunday night"]
    assert date(2026, 11, 2) not in shown  # the next week
    calendar = build_calendar(view="week", anchor=date(2026, 11, 2))
    assert {day.day: [a.headline for a in day.articles] for day in calendar.days}[date(2026, 11, 2)] == ["Monday dawn"]


def test_the_month_view_shows_whole_weeks_and_steps_between_months(client, editor, make_article, new_york):
    make_article(headline="Scheduled for Christmas Eve", published_at=datetime(2026, 12, 24, 9, 0, tzinfo=NEW_YORK))
    make_article(headline="Out on the first", published_at=datetime(2026, 12, 1, 6, 0, tzinfo=NEW_YORK))
    make_article(headline="Out in January", published_at=datetime(2027, 1, 5, 6, 0, tzinfo=NEW_YORK))
    client.force_login(editor)
    response = client.get("/admin/articles/article/calendar/", {"view": "month", "day": "2026-12-15"})
    shown = days(response)
    assert min(shown) == date(2026, 11, 30) and max(shown) == date(2027, 1, 3)  # Monday to Sunday
    assert shown[date(2026, 12, 24)] == ["Scheduled for Christmas Eve"]
    assert shown[date(2026, 12, 1)] == ["Out on the first"]
    page = response.content.decode()
    assert "December 2026" in page and "2 stories published or scheduled" in page
    assert 'href="/admin/articles/article/calendar/?view=month&amp;day=2026-11-01" rel="prev"' in page
    assert 'href="/admin/articles/article/calendar/?view=month&amp;day=2027-01-01" rel="next"' in page
    following = days(client.get("/admin/articles/article/calendar/", {"view": "month", "day": "2027-01-01"}))
    assert following[date(2027, 1, 5)] == ["Out in January"]


def test_scheduled_and_published_stories_are_told_apart_and_link_to_their_forms(client, editor, make_article):
    scheduled = make_article(headline="Tomorrow's story", published_at=timezone.now() + timedelta(days=1))
    published = make_article(headline="Yesterday's story", published_at=timezone.now() - timedelta(days=1))
    client.force_login(editor)

    def calendar_around(article):
        day = timezone.localdate(article.published_at).isoformat()
        return lxml.html.document_fromstring(client.get("/admin/articles/article/calendar/", {"day": day}).content.decode())

    document = calendar_around(scheduled)
    story = document.xpath('//li[contains(@class, "calendar__story--scheduled")]')
    assert [" ".join(s.xpath("string(a)").split()).split(" ", 1)[1] for s in story] == ["Tomorrow's story"]
    assert story[0].xpath("string(a/@href)") == f"/admin/articles/article/{scheduled.pk}/change/"
    assert "Scheduled" in story[0].text_content()
    document = calendar_around(published)
    story = document.xpath('//li[contains(@class, "calendar__story--published")]')
    assert "Yesterday's story" in story[0].text_content() and "Published" in story[0].text_content()
    assert len(document.xpath('//li[contains(@class, "calendar__day--today")]')) <= 1


def test_writers_reach_the_calendar_from_the_desk_and_the_article_list(client, writer, make_article):
    make_article(headline="Live now", published_at=timezone.now() - timedelta(minutes=5))
    client.force_login(writer)
    assert 'href="/admin/articles/article/calendar/"' in client.get("/admin/").content.decode()
    assert 'href="/admin/articles/article/calendar/"' in client.get("/admin/articles/article/").content.decode()
    response = client.get("/admin/articles/article/calendar/")
    assert "Live now" in str(days(response).values())


def test_readers_and_staff_without_article_rights_are_kept_out(client, django_user_model):
    assert client.get("/admin/articles/article/calendar/").status_code == 302  # to the login page
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/articles/article/calendar/").status_code == 403


@pytest.mark.parametrize(
    "query, message",
    [
        ({"day": "next tuesday"}, "isn't a date like 2026-12-07"),
        ({"day": "2026-02-30"}, "isn't a date like 2026-12-07"),
        ({"day": "9999-12-31"}, "The calendar covers 2000 to 2099"),
        ({"day": "0001-01-01", "view": "month"}, "The calendar covers 2000 to 2099"),
        ({"view": "year"}, "There is no “year” view"),
    ],
)
def test_a_bad_date_or_view_gets_a_message_not_an_error(client, editor, query, message):
    client.force_login(editor)
    response = client.get("/admin/articles/article/calendar/", query)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
