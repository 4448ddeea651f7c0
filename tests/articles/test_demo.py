"""seed_demo builds the magazine with renditions; --scale adds searchable benchmark stories."""

import io

import pytest
from django.core.management import call_command

from articles.demo_content import ARTICLES
from articles.models import Article
from articles.search import search_articles

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_articles_renditions_and_search_vectors(settings, client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert f"{len(ARTICLES)} articles created" in out.getvalue()
    articles = list(Article.objects.all())
    assert len(articles) == len(ARTICLES)
    for article in articles:
        assert article.is_published
        assert article.search_vector
        assert article.updated_at == article.published_at  # not "updated" on the page
        for width in (480, 800, 1200, 1600):
            assert (settings.MEDIA_ROOT / getattr(article, f"hero_{width}").name).exists()
    assert search_articles("open weights")

    # A second run adds nothing, and remakes renditions that went missing.
    missing = settings.MEDIA_ROOT / articles[0].hero_800.name
    missing.unlink()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "0 articles created" in out.getvalue()
    assert missing.exists()

    out = io.StringIO()
    call_command("seed_demo", "--scale", "40", stdout=out)
    assert "40 benchmark articles created" in out.getvalue()
    bench = Article.objects.filter(slug__startswith="bench-")
    assert bench.count() == 40
    assert not bench.filter(search_vector__isnull=True).exists()
    assert bench.exclude(hero_image="").count() == 30  # three in four reuse a demo hero
    with_hero = bench.exclude(hero_image="").first()
    assert (settings.MEDIA_ROOT / with_hero.hero_1200.name).exists()
    assert all(a.tags.count() == 3 for a in bench[:5])
    assert client.get("/").status_code == 200
