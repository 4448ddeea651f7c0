"""The editorial calendar: scheduled and published stories by day, in the site's time zone."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from articles.models import Article

VIEWS = ("week", "month")
# Dates the calendar agrees to show: enough for any newsroom, and far from datetime's limits.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


@dataclass
class CalendarDay:
    day: date
    in_period: bool  # False for the days of the neighbouring months that fill a month's first and last week
    is_today: bool
    articles: list = field(default_factory=list)


@dataclass
class EditorialCalendar:
    """Weeks (Monday first) of days, each with the live articles (published or scheduled) due that day."""

    view: str
    anchor: date
    start: date  # first day shown
    end: date  # last day shown
    weeks: list

    @property
    def days(self):
        return [day for week in self.weeks for day in week]

    @property
    def count(self):
        return sum(len(day.articles) for day in self.days if day.in_period)

    @property
    def title(self):
        if self.view == "month":
            return self.anchor.strftime("%B %Y")
        first, last = self.start, self.end
        if first.year != last.year:
            return f"{first:%-d %b %Y} – {last:%-d %b %Y}"
        if first.month != last.month:
            return f"{first:%-d %b} – {last:%-d %b %Y}"
        return f"{first:%-d} – {last:%-d %B %Y}"

    @property
    def previous(self):
        if self.view == "month":
            return _clamp((self.anchor.replace(day=1) - timedelta(days=1)).replace(day=1))
        return _clamp(self.start - timedelta(days=7))

    @property
    def following(self):
        if self.view == "month":
            return _clamp((self.anchor.replace(day=28) + timedelta(days=4)).replace(day=1))
        return _clamp(self.start + timedelta(days=7))


def _clamp(day):
    return min(max(day, FIRST_DAY), LAST_DAY)


def local_midnight(day):
    """The moment `day` begins in the site's time zone (an aware datetime; DST days are 23 or 25 hours)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def build_calendar(*, view, anchor, articles=None):
    """The week (Monday–Sunday) or month around `anchor` with the live articles due on each day.

    A story belongs to the day its publication time falls on in the site's time zone: one due at
    23:30 in New York is on that day, although it is already the next day in UTC.
    """
    anchor = _clamp(anchor)
    if view == "month":
        first = anchor.replace(day=1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        view = "week"
        first = anchor - timedelta(days=anchor.weekday())
        last = first + timedelta(days=6)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    today = timezone.localdate()
    days = {}
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        days[day] = CalendarDay(day=day, in_period=first <= day <= last, is_today=day == today)
    if articles is None:
        articles = Article.objects.all()
    for article in articles.on_calendar(since=local_midnight(start), until=local_midnight(end + timedelta(days=1))):
        days[timezone.localdate(article.published_at)].articles.append(article)
    ordered = list(days.values())
    weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
    return EditorialCalendar(view=view, anchor=anchor, start=start, end=end, weeks=weeks)
