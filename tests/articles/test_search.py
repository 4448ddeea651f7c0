"""Site search: ranking, websearch syntax, highlighting, and queries that must not break the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import search_articles
from fluxsite import search as site_search
from fluxsite.search import SearchHit

pytestmark = pytest.mark.django_db


def _slugs(query, **kwargs):
    return [hit.url.split("/")[2] for hit in search_articles(query, **kwargs)]


def test_headline_match_outranks_body_match(make_article):
    make_article(slug="body-match", headline="A week of cost cutting", body="Distillation. " * 8 + "More words here.")
    make_article(slug="dek-match", headline="A quiet week", dek="Distillation keeps models small.", body="Nothing.")
    make_article(slug="headline-match", headline="Distillation, explained", body="A short explainer.")
    assert _slugs("distillation") == ["headline-match", "dek-match", "body-match"]


def test_tags_are_searchable(make_article):
    make_article(slug="tagged", headline="Plain", body="Plain.", tags=["speculative-decoding"])
    assert _slugs("speculative decoding") == ["tagged"]


def test_tagging_a_tool_leaves_the_article_with_the_same_id_alone(make_article):
    # Tools and articles share taggit's table; the tag triggers must re-index articles only.
    from django.db import connection

    from directory.models import Tool

    article = make_article(tags=["agents"])
    tool = Tool.objects.create(
        pk=article.pk, name="Twin", slug="twin", tagline="Shares an id.", website_url="https://twin.example/",
        status=Tool.Status.PUBLISHED,
    )

    def row_version():  # an UPDATE always writes a new row version at a new ctid
        with connection.cursor() as cursor:
            cursor.execute("SELECT ctid::text FROM articles_article WHERE id = %s", [article.pk])
            return cursor.fetchone()[0]

    before = row_version()
    tool.tags.add("robots")
    tool.tags.remove("robots")
    assert row_version() == before
    assert [hit.title_html for hit in search_articles("robots")] == []
    article.tags.add("robots")  # and tagging the article itself still re-indexes it
    assert row_version() != before
    assert len(search_articles("robots")) == 1


def test_websearch_syntax(make_article):
    make_article(slug="both", headline="Open weights and closed wallets", body="Plain.")
    make_article(slug="open-only", headline="Open letters", body="Weights appear later in the body, far away.")
    assert set(_slugs("open weights")) == {"both", "open-only"}
    assert _slugs('"open weights"') == ["both"]
    assert _slugs("open -letters") == ["both"]
    assert set(_slugs("letters OR wallets")) == {"both", "open-only"}


def test_drafts_and_scheduled_never_found(make_article):
    make_article(slug="live", headline="Tokenizer news")
    make_article(slug="draft", headline="Tokenizer draft", status=Article.Status.DRAFT)
    make_article(slug="later", headline="Tokenizer later", published_at=timezone.now() + timedelta(hours=2))
    assert _slugs("tokenizer") == ["live"]


def test_limit_is_respected(make_article):
    for i in range(5):
        make_article(headline=f"Latency report {i}")
    assert len(search_articles("latency", limit=3)) == 3


def test_highlights_are_marked_and_article_text_is_escaped(make_article):
    make_article(
        slug="escaped",
        headline="Quantum <img src=x onerror=alert(1)> chips",
        body="Before the words. The quantum chip & the <b>bold</b> claim. After the words.",
    )
    [hit] = search_articles("quantum")
    assert hit.title_html == "<mark>Quantum</mark> &lt;img src=x onerror=alert(1)&gt; chips"
    assert "<mark>quantum</mark>" in hit.snippet_html
    assert "&amp;" in hit.snippet_html and "<b>" not in hit.snippet_html
    assert hit.kicker == "AI Tools"


def test_search_page_lists_results_with_highlights(client, make_article):
    make_article(slug="gpu", headline="GPU prices fall", body="Cheaper GPU hours.")
    html = client.get("/search/", {"q": "gpu"}).content.decode()
    assert "Results for “gpu”" in html
    assert '<a href="/articles/gpu/"><mark>GPU</mark> prices fall</a>' in html
    assert "1 result" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "Looking for something?"),
        ("   ", "Looking for something?"),
        ("!!! ??? ...", "has nothing to search for"),
        ("&&&|||!!!", "has nothing to search for"),
        ("'\"", "has nothing to search for"),
        ("the and of", "Nothing matched"),
        ("zzqqxxyy", "Nothing matched"),
        ("-", "has nothing to search for"),
        ('"unclosed quote gpu', "Results for"),
        ("gpu OR OR -", "Results for"),
        ("((gpu)):*", "Results for"),
    ],
)
def test_odd_queries_get_a_normal_page(client, make_article, query, expected):
    make_article(headline="GPU prices")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_nul_bytes_in_a_query_get_the_400_page(client, db):
    # Refused site-wide before any view runs (RejectNullBytesMiddleware): PostgreSQL can't hold them.
    response = client.get("/search/", {"q": "\x00gpu\x00"})
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_very_long_query_is_capped(client, make_article):
    make_article(headline="GPU prices")
    response = client.get("/search/", {"q": "gpu " + "x" * 20_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "only its first 200 characters were used" in html
    assert "x" * 300 not in html


def _tool_results(query, limit):
    return [SearchHit(url="/tools/example/", title_html="Example tool", snippet_html="A tool.", kicker="Tool")]


def test_search_page_shows_a_group_per_provider(client, make_article, monkeypatch):
    make_article(headline="GPU prices")
    monkeypatch.setattr(
        site_search,
        "SEARCH_PROVIDERS",
        [*site_search.SEARCH_PROVIDERS, ("tools", "Tools", f"{__name__}._tool_results")],
    )
    html = client.get("/search/", {"q": "gpu"}).content.decode()
    assert 'id="results-articles"' in html and 'id="results-tools"' in html
    assert "2 results" in html


def test_header_has_a_labelled_search_form(client, db):
    html = client.get("/").content.decode()
    assert '<form class="site-search" role="search" aria-label="Site search" action="/search/" method="get">' in html
    assert '<label class="visually-hidden" for="site-search-q">Search Flux</label>' in html
    assert 'name="q"' in html
