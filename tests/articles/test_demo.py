"""seed_demo builds the magazine with renditions; --scale adds searchable benchmark stories."""

import io

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F

from articles.demo import search_triggers_paused
from articles.demo_content import ARTICLES, DRAFTS
from articles.models import Article
from articles.search import search_articles

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_articles_renditions_and_search_vectors(settings, client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert f"{len(ARTICLES)} articles created" in out.getvalue()
    articles = list(Article.objects.filter(slug__in=[data["slug"] for data in ARTICLES]))
    assert len(articles) == len(ARTICLES)
    drafts = Article.objects.filter(slug__in=[data["slug"] for data in DRAFTS])
    assert [a.status for a in drafts] == [Article.Status.DRAFT] * len(DRAFTS)  # something on the desk
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
    # The planner knows the new rows at once (a never-analysed table reads -1 here).
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
        assert cursor.fetchone()[0] == Article.objects.count()


def _matches(word):
    return list(Article.objects.filter(search_vector=SearchQuery(word, config="english")).values_list("pk", flat=True))


def _stale_vectors(queryset):
    """Rows whose stored vector differs from what the triggers' definition (migration 0004) computes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article WHERE id = ANY(%s)"
            " AND search_vector IS DISTINCT FROM articles_search_document(id, headline, dek, body)",
            [list(queryset.values_list("pk", flat=True))],
        )
        return cursor.fetchone()[0]


def test_scale_seed_vectors_equal_what_the_triggers_compute():
    call_command("seed_demo", "--scale", "60", stdout=io.StringIO())
    bench = Article.objects.filter(slug__startswith="bench-")
    assert bench.count() == 60 and bench.values("body").distinct().count() > 1
    assert _stale_vectors(bench) == 0
    # Touching a row makes its trigger recompute it: nothing changes.
    article = bench.order_by("pk").last()
    stored = article.search_vector
    bench.filter(pk=article.pk).update(headline=F("headline"))
    article.refresh_from_db()
    assert article.search_vector == stored
    # The triggers are back on: a new tag reaches the vector by itself.
    article.tags.add("quasar-pricing")
    assert _matches("quasar") == [article.pk]


def test_update_search_vectors_repairs_rows_like_the_trigger(make_article):
    articles = [make_article(tags=["gpu"]), make_article(body="Another *body*.", tags=["cpu", "gpu"]), make_article()]
    rows = Article.objects.filter(pk__in=[a.pk for a in articles])
    rows.update(search_vector=None)
    assert rows.update_search_vectors() == 3
    assert _stale_vectors(rows) == 0


def test_paused_triggers_come_back_when_a_bulk_write_fails(section):
    with pytest.raises(RuntimeError), transaction.atomic(), search_triggers_paused():
        raise RuntimeError("the import broke")
    article = Article.objects.create(headline="Quasar chips", slug="quasar", dek="", body="Words.", section=section)
    assert _matches("quasar") == [article.pk]
