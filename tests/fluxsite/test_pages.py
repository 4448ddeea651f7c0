"""Every public page type, on the demo content: markup a validator or crawler would object to."""

import re

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Section
from directory.models import Category, Tool, Workflow
from newsletter.models import Edition

pytestmark = pytest.mark.django_db

# HTML's valid date/time strings: a date, or a local or global date and time with at most three
# fractional digits of a second (https://html.spec.whatwg.org/#dates-and-times).
VALID_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?")


def page_urls():
    """One URL of each public page type, from the demo content."""
    article = Article.objects.published().first()
    return [
        "/",
        article.get_absolute_url(),
        Section.objects.first().get_absolute_url(),
        article.tags.first() and f"/tags/{article.tags.first().slug}/",
        Author.objects.filter(articles__in=[article]).first().get_absolute_url(),
        "/search/?q=agents",
        "/tools/",
        Tool.objects.first().get_absolute_url(),
        Category.objects.first().get_absolute_url(),
        "/workflows/",
        Workflow.objects.first().get_absolute_url(),
        "/newsletter/",
        "/newsletter/archive/",
        Edition.objects.exclude(sent_at=None).first().get_absolute_url(),
        "/wire/",
        "/markets/",
    ]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_time_elements_carry_valid_datetimes(client, demo):
    seen = 0
    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for value in re.findall(r'<time[^>]* datetime="([^"]*)"', html):
            assert VALID_DATETIME.fullmatch(value), (url, value)
            seen += 1
    assert seen > 20
