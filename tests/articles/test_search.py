"""Site search: ranking, websearch syntax, highlighting, and queries that must not break the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import SNIPPET_BUDGET, SNIPPET_OPTIONS, Snippet, _highlight, search_articles
from fluxsite import search as site_search
from fluxsite.search import SearchHit, websearch_query

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


def test_the_page_holds_the_best_ranked_not_the_newest(make_article):
    # Ranking picks the page from every match; the newest body matches must not crowd it out.
    for i in range(4):
        make_article(slug=f"old-{i}", headline=f"Speculative decoding, part {i}", published_at=timezone.now() - timedelta(days=30 + i))
    for i in range(8):
        make_article(slug=f"new-{i}", headline=f"Weekly notes {i}", body=f"A line on speculative decoding. {'More words. ' * 20}")
    assert _slugs("speculative decoding", limit=4) == ["old-0", "old-1", "old-2", "old-3"]


def test_equal_ranks_are_newest_first(make_article):
    for i in (3, 1, 2):
        make_article(slug=f"day-{i}", headline="Batching", published_at=timezone.now() - timedelta(days=i))
    assert _slugs("batching") == ["day-1", "day-2", "day-3"]


def test_snippets_are_made_for_the_page_only(make_article):
    # PostgreSQL postpones the snippet function past ORDER BY … LIMIT; counted by its statistics
    # for this transaction (track_functions counts PL/pgSQL calls).
    from django.db import connection

    for i in range(12):
        make_article(headline=f"Pruning notes {i}", body=_prose(3000) + " Pruning again.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL track_functions = 'pl'")
        assert len(search_articles("pruning", limit=5)) == 5
        cursor.execute(
            "SELECT pg_stat_get_xact_function_calls("
            "'articles_search_snippet(text, tsvector, regconfig, tsquery, text, text, text, integer, integer)'::regprocedure)"
        )
        assert cursor.fetchone()[0] == 5


def test_articles_are_searched_in_one_query(make_article, django_assert_num_queries):
    for _ in range(3):
        make_article(headline="GPU prices", body=_prose(3000) + " The GPU line. " + _prose(3000))
    with django_assert_num_queries(1):
        assert len(search_articles("gpu")) == 3


# --- Snippets of long stories -----------------------------------------------------------------
# The snippet is made from spans of the body around its first likely matches (migration 0008);
# it must be the snippet the whole body gives.

_SENTENCES = [
    "The committee met on a grey Tuesday and argued about the budget for the coming year.",
    "Nobody in the room had read the appendix, which ran to forty pages of tables.",
    "A spokesperson said the figures would be published in due course, as they always are.",
    "Rain kept the crowds away from the harbour, and the ferries ran half empty all afternoon.",
    "Several readers wrote in to ask why the bridge was closed again this spring.",
]


def _prose(length):
    """Filler text of about `length` characters that holds none of the searched words."""
    text, i = [], 0
    while sum(len(t) + 1 for t in text) < length:
        text.append(_SENTENCES[i % len(_SENTENCES)])
        i += 1
    return " ".join(text)


def _whole_body_snippet(article, query):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline('english', regexp_replace(body_html, '<[^>]+>', ' ', 'g'), "
            "websearch_to_tsquery('english', %s), %s) FROM articles_article WHERE id = %s",
            [query, SNIPPET_OPTIONS, article.pk],
        )
        return _highlight(cursor.fetchone()[0], unescape=True)


@pytest.mark.parametrize(
    ("body", "query"),
    [
        # two matches far apart, deep in the story: both fragments
        (_prose(4000) + " A note on quantisation, briefly. " + _prose(3000) + " Quantisation again, at length. " + _prose(2000), "quantisation"),
        # a phrase, and two words where the best fragment has both
        (_prose(3000) + " Cheap tricks first. " + _prose(2000) + " The cheap quantisation trick. " + _prose(2000), "cheap quantisation"),
        (_prose(3000) + " The cheap quantisation trick. " + _prose(3000), '"cheap quantisation"'),
        # a false lead: "openai" starts like "open", and fills the spans, before the real match
        (" ".join(["OpenAI said so."] * 200) + _prose(2000) + " The open question. " + _prose(500), "open"),
        # lexemes that aren't the start of the word: compani (company), make (making)
        (_prose(3000) + " The company was making money. " + _prose(3000), "companies make"),
        # a match in the first lines, and one past the end of the spans
        ("Sharding first. " + _prose(5000) + " Sharding last.", "sharding"),
        # matches inside links and emphasis, so spans begin and end inside tags
        (
            " ".join(f"[See the sharding guide {i}](https://example.com/sharding/{i}?ref=sharding) and *sharding* notes." for i in range(80)),
            "sharding",
        ),
        # entities
        (_prose(3000) + " Fish & chips & sharding <b>bold</b> claims. " + _prose(3000), "sharding"),
    ],
)
def test_long_story_snippet_is_the_one_the_whole_body_gives(make_article, body, query):
    article = make_article(headline="Unrelated headline", dek="", body=body)
    assert len(article.body_html) > SNIPPET_BUDGET
    [hit] = search_articles(query)
    assert "<mark>" in hit.snippet_html
    assert hit.snippet_html == _whole_body_snippet(article, query)
    assert "href" not in hit.snippet_html and "<a" not in hit.snippet_html and "<b>" not in hit.snippet_html


@pytest.mark.parametrize("query", ["c++ node.js", "node.js OR (c++)", "a.b|c* [x]", "\\d+ $^", "café.* -zebra", "gpt-4.1?"])
def test_queries_that_look_like_regular_expressions_snip_long_stories(make_article, query):
    # The snippet function turns the reader's lexemes into a regular expression: they are escaped.
    body = _prose(3000) + " Notes on c++, node.js, a.b and gpt-4.1 at the café, d+ and naïve x. " + _prose(3000)
    make_article(headline="Unrelated headline", dek="", body=body)
    [hit] = search_articles(query)
    assert "<mark>" in hit.snippet_html


def test_long_story_found_by_its_headline_shows_the_dek(make_article):
    make_article(headline="Distillation, explained", dek="Small models from big ones.", body=_prose(6000))
    [hit] = search_articles("distillation")
    assert hit.snippet_html == "Small models from big ones."


def test_long_story_without_a_dek_shows_its_opening(make_article):
    article = make_article(headline="Distillation, explained", dek="", body=_prose(6000))
    [hit] = search_articles("distillation")
    assert hit.snippet_html == _whole_body_snippet(article, "distillation")
    assert hit.snippet_html.strip().startswith("The committee met")


def test_a_long_story_is_snipped_from_spans_not_parsed_whole(make_article):
    # Against ts_headline over the whole body, same row, best of three each: the spans are parsed,
    # the rest of the body is only scanned for likely matches (about a tenth of the cost).
    import time

    from django.db import connection

    article = make_article(headline="Plain", body="Sharding first. " + _prose(300_000) + " Sharding last.")

    def best_of_three(sql, params):
        times = []
        with connection.cursor() as cursor:
            for _ in range(3):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append(time.perf_counter() - started)
        return min(times)

    whole = best_of_three(
        "SELECT ts_headline('english', regexp_replace(body_html, '<[^>]+>', ' ', 'g'), websearch_to_tsquery('english', %s), %s) "
        "FROM articles_article WHERE id = %s",
        ["sharding", SNIPPET_OPTIONS, article.pk],
    )
    snippet = best_of_three(
        *Article.objects.filter(pk=article.pk)
        .annotate(snippet=Snippet(websearch_query("sharding"), "sharding"))
        .values("snippet")
        .query.sql_with_params()
    )
    assert snippet < whole / 4, (snippet, whole)


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
