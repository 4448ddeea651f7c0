"""The newsroom desk on the admin's index: the review queue, what's scheduled, what's out, what's stale."""

from datetime import timedelta

from django import template
from django.utils import timezone

from articles.checks import article_warnings
from articles.models import Article

register = template.Library()

DESK_ROWS = 6
STALE_AFTER = timedelta(days=14)


@register.inclusion_tag("admin/articles/desk.html")
def newsroom_desk():
    """Four short lists of articles for the admin index; the submissions come with their checks' warning counts."""
    now = timezone.now()
    fields = ("headline", "status", "published_at", "updated_at", "submitted_at")
    articles = Article.objects.only(*fields)
    return {
        "awaiting": [
            (article, len(article_warnings(article)))
            for article in Article.objects.awaiting_review().defer("search_vector").order_by("submitted_at")[:DESK_ROWS]
        ],
        "scheduled": articles.scheduled().filter(published_at__lte=now + timedelta(days=7)).order_by("published_at")[:DESK_ROWS],
        "published": articles.published().order_by("-published_at")[:DESK_ROWS],
        "stale": articles.filter(status=Article.Status.DRAFT, submitted_at__isnull=True, updated_at__lt=now - STALE_AFTER)
        .order_by("updated_at")[:DESK_ROWS],
        "stale_days": STALE_AFTER.days,
    }
