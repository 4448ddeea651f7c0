"""Public pages run a bounded number of SQL queries, and their list queries can use an index."""

import pytest
from django.db import connection

from articles.models import Article, Author

MAX_QUERIES = 10


@pytest.fixture
def many_articles(make_article, house_author):
    second = Author.objects.create(name="Second Writer", slug="second-writer")
    return [make_article(tags=["agents", f"t{i}"], authors=[house_author, second]) for i in range(15)]


@pytest.mark.parametrize(
    "url",
    ["/", "/articles/article-1/", "/sections/ai-tools/", "/tags/agents/", "/tags/agents/?page=2", "/authors/flux-desk/"],
)
def test_public_pages_run_a_bounded_number_of_queries(client, many_articles, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def _count(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_items_shown(client, make_article):
    # Start from a page with every block filled (lead, picks, latest), then add more items.
    for n in range(16):
        make_article(tags=["agents"], is_featured=n < 2)
    few = {url: _count(client, url) for url in ("/", "/tags/agents/")}
    for _ in range(16):
        make_article(tags=["agents"])
    assert {url: _count(client, url) for url in ("/", "/tags/agents/")} == few


def test_cards_show_bylines_without_loading_bodies(client, many_articles):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "Flux Desk and Second Writer" in html
    listing = next(q["sql"] for q in queries.captured_queries if 'FROM "articles_article"' in q["sql"])
    assert '"body_html"' not in listing and '"search_vector"' not in listing


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of test rows would always be scanned sequentially; ask whether an index *can* serve it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_latest_articles_come_from_the_status_date_index(many_articles):
    plan = _plan(Article.objects.published().for_listing()[:13])
    assert "article_status_pub_idx" in plan, plan


def test_section_pages_use_the_section_status_date_index(db):
    # With every row in one section, walking the status index and filtering costs the same and the
    # planner may pick either. The section index earns its keep on a small section of a big archive
    # (here 1 %: walking the newest-first status index would read ~100 rows per row it keeps).
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Section

    big, small = Section.objects.bulk_create([Section(name="Big", slug="big", order=1), Section(name="Small", slug="small", order=2)])
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}", slug=f"story-{n}", section=small if n % 100 == 0 else big, body="Words.",
            status=Article.Status.PUBLISHED, published_at=now - timedelta(hours=n),
        )
        for n in range(4000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    plan = _plan(Article.objects.published().filter(section=small)[:12])
    assert "article_section_pub_idx" in plan, plan


def test_next_scheduled_time_uses_the_status_date_index(many_articles):
    sql_qs = Article.objects.scheduled().order_by("published_at").values("published_at")[:1]
    assert "article_status_pub_idx" in _plan(sql_qs)
