"""Demo readership numbers: four weeks of daily totals for the published stories, so the dashboard has a shape."""

import random
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from readership.models import DailyPageView, DailyReferrer, DailySignup

DAYS = 28
REFERRERS = ["news.ycombinator.example", "search.example", "social.example", "newsletter.example.org"]


def seed(stdout):
    """Add the demo totals once (a database with any page views is left alone)."""
    if DailyPageView.objects.exists():
        stdout.write("Readership: numbers already present.")
        return
    rng = random.Random(18)  # noqa: S311 - demo figures, not security
    today = timezone.localdate()
    stories = list(apps.get_model("articles.Article").objects.published().order_by("-published_at")[:12])
    views, referrers, signups = [], [], []
    for n in range(DAYS):
        day = today - timedelta(days=n)
        weekday = 0.7 if day.weekday() >= 5 else 1.0
        views.append(DailyPageView(day=day, path="/", route="articles:home", views=int(rng.randint(80, 140) * weekday)))
        for rank, story in enumerate(stories):
            reach = int(rng.randint(5, 60) * weekday / (1 + rank / 3))
            if reach:
                views.append(DailyPageView(day=day, path=story.get_absolute_url(), route="articles:detail",
                                           slug=story.slug, views=reach))
        referrers += [DailyReferrer(day=day, domain=domain, views=rng.randint(0, 30) // (i + 1) + 1)
                      for i, domain in enumerate(REFERRERS)]
        signups.append(DailySignup(day=day, path="/", signups=rng.randint(0, 4)))
        if stories:
            signups.append(DailySignup(day=day, path=stories[0].get_absolute_url(), signups=rng.randint(0, 2)))
    DailyPageView.objects.bulk_create(views)
    DailyReferrer.objects.bulk_create(referrers)
    DailySignup.objects.bulk_create(signups)
    stdout.write(f"Readership: {len(views)} daily page totals over {DAYS} days.")


def seed_scale(n, stdout):
    """Readership numbers don't grow with the benchmark's scale."""
