"""Public directory pages: filters, detail pages, compare, workflows, feeds, sitemap, query counts."""

import json
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article
from directory.models import Tool, Workflow, mentioned_tool_cards
from directory.views import alternatives_for

MAX_QUERIES = 8  # measured: 1–6 per page, the same with 1 or 24 tools shown


def names(response, key="tools"):
    return [tool.name for tool in response.context[key]]


@pytest.fixture
def catalogue(make_category, make_tool):
    """A small catalogue covering each filter."""
    inference = make_category(name="Inference providers", slug="inference")
    apps = make_category(name="Apps", slug="apps")
    tools = {
        "hearth": make_tool(name="Hearth", slug="hearth", kind="provider", is_open=True, origin_country="NL", pricing_model="usage",
                            editorial_rating=4.5, categories=[inference], tags=["open-weights", "inference"]),
        "volt": make_tool(name="Volt", slug="volt", kind="provider", is_open=False, origin_country="US", pricing_model="usage",
                          editorial_rating=4.0, categories=[inference], tags=["inference"]),
        "quill": make_tool(name="Quill", slug="quill", kind="app", is_open=False, origin_country="US", pricing_model="freemium",
                           editorial_rating=3.5, categories=[apps], tags=["writing"]),
        "larch": make_tool(name="Larch", slug="larch", kind="model", is_open=True, origin_country="FR", pricing_model="open-source",
                           editorial_rating=4.8, categories=[apps], tags=["open-weights"]),
        "draft": make_tool(name="Drafty", slug="drafty", kind="provider", is_open=True, status=Tool.Status.DRAFT, categories=[inference]),
    }
    return tools


def test_listing_shows_published_tools_in_score_order(client, catalogue):
    response = client.get("/tools/")
    assert response.status_code == 200
    assert names(response) == ["Larch", "Hearth", "Volt", "Quill"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?kind=provider", ["Hearth", "Volt"]),
        ("?kind=provider&open=1", ["Hearth"]),
        ("?open=1", ["Larch", "Hearth"]),
        ("?category=inference", ["Hearth", "Volt"]),
        ("?pricing=freemium", ["Quill"]),
        ("?origin=US", ["Volt", "Quill"]),
        ("?origin=US&kind=app", ["Quill"]),
        ("?tag=open-weights", ["Larch", "Hearth"]),
        ("?tag=inference&category=inference&open=1", ["Hearth"]),
        ("?sort=name", ["Hearth", "Larch", "Quill", "Volt"]),
        ("?q=Quill", ["Quill"]),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    assert names(client.get("/tools/" + query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?kind=spaceship", "?category=no-such", "?origin=ZZ", "?pricing=%00", "?open=maybe", "?sort=affiliate",
        "?tag=not a slug!", "?page=abc", "?page=-1", "?page=99999", "?q=%00", "?q=" + "x" * 5000,
        "?q=%22unbalanced", "?q=a%26%7C!(", "?kind=provider&kind=app", "?category[]=x",
    ],
)
def test_malformed_filters_never_error(client, catalogue, query):
    response = client.get("/tools/" + query)
    # A NUL byte is refused site-wide with the 400 page (RejectNullBytesMiddleware); the rest is ignored.
    assert response.status_code == (400 if "%00" in query else 200)


def test_unknown_filter_value_is_ignored_not_applied(client, catalogue):
    assert names(client.get("/tools/?kind=spaceship&open=1")) == ["Larch", "Hearth"]


def test_pagination_keeps_filters(client, make_tool):
    for i in range(30):
        make_tool(name=f"Open {i:02d}", is_open=True)
    make_tool(name="Closed one")
    response = client.get("/tools/?open=1&sort=name")
    assert response.context["paginator"].count == 30
    assert 'href="?open=1&amp;sort=name&amp;page=2"' in response.content.decode()
    second = client.get("/tools/?open=1&sort=name&page=2")
    assert names(second) == [f"Open {i:02d}" for i in range(24, 30)]


def test_category_page_lists_only_its_tools(client, catalogue):
    response = client.get("/tools/categories/inference/")
    assert response.status_code == 200
    assert names(response) == ["Hearth", "Volt"]
    assert "<h1>Inference providers</h1>" in response.content.decode()
    assert client.get("/tools/categories/nope/").status_code == 404


def test_tool_page_shows_alternatives_mentions_workflows_and_jsonld(
    client, catalogue, make_article, make_workflow
):
    hearth = catalogue["hearth"]
    published = make_article(headline="Where to run open weights")
    hidden = make_article(headline="Unpublished draft piece", status=Article.Status.DRAFT)
    future = make_article(headline="Scheduled piece", published_at=timezone.now() + timezone.timedelta(days=2))
    hearth.mentioned_in.add(published, hidden, future)
    make_workflow(title="Private search for lawyers", tools=[hearth], monthly_earnings=Decimal("4500"))
    make_workflow(title="Draft workflow", tools=[hearth], status=Workflow.Status.DRAFT)
    response = client.get(hearth.get_absolute_url())
    html = response.content.decode()
    assert names(response, "alternatives") == ["Volt"]
    assert "Where to run open weights" in html
    assert "Unpublished draft piece" not in html and "Scheduled piece" not in html
    assert "Private search for lawyers" in html and "Draft workflow" not in html
    assert "4,500 USD" in html and "self-reported" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "SoftwareApplication" and data["name"] == "Hearth"


def test_alternatives_prefer_shared_tags(client, make_category, make_tool):
    cat = make_category()
    subject = make_tool(name="Subject", categories=[cat], tags=["a", "b"])
    make_tool(name="Shares category only", categories=[cat], editorial_rating=5)
    make_tool(name="Shares one tag", categories=[cat], tags=["a"], editorial_rating=1)
    make_tool(name="Shares two tags", categories=[cat], tags=["a", "b"], editorial_rating=1)
    make_tool(name="Shares tags, not category", tags=["a", "b"])
    response = client.get(subject.get_absolute_url())
    assert names(response, "alternatives") == ["Shares two tags", "Shares one tag", "Shares category only"]


def test_draft_tool_is_404_for_readers_but_previewable_by_staff(client, admin_client, catalogue):
    draft = catalogue["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert admin_client.get(draft.get_absolute_url()).status_code == 200


def test_outbound_links_carry_the_right_rel_and_a_nearby_disclosure(client, make_tool):
    make_tool(name="Sponsored", slug="sponsored", affiliate_url="https://partner.example/?ref=flux")
    make_tool(name="Plain", slug="plain")
    html = client.get("/tools/").content.decode()
    assert '<a class="outbound outbound--compact" href="/go/sponsored/" rel="sponsored noopener">' in html
    assert '<a class="outbound outbound--compact" href="/go/plain/" rel="noopener">' in html
    assert "partner.example" not in html and "tool-" not in re.sub(r"/go/[^/]+/", "", html).split("tool-grid")[0][-1:]
    detail = client.get("/tools/sponsored/").content.decode()
    link = detail.index('href="/go/sponsored/"')
    assert "Affiliate link: Flux may earn a commission" in detail[link : link + 400]


def test_compare_two_to_four_tools(client, catalogue):
    response = client.get("/tools/compare/?tools=hearth,volt,quill")
    assert response.status_code == 200
    assert [t.name for t in response.context["tools"]] == ["Hearth", "Volt", "Quill"]
    assert client.get("/tools/compare/?tools=hearth&tools=larch").status_code == 200


@pytest.mark.parametrize(
    "query, message",
    [
        ("?tools=hearth", "at least 2"),
        ("?tools=hearth,hearth", "at least 2"),
        ("?tools=hearth,volt,quill,larch,extra", "at most 4"),
        ("?tools=hearth,nope", "find a published tool"),
        ("?tools=hearth,drafty", "find a published tool"),
    ],
)
def test_compare_explains_what_is_wrong(client, catalogue, query, message):
    response = client.get("/tools/compare/" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_compare_without_tools_explains_how(client, db):
    response = client.get("/tools/compare/")
    assert response.status_code == 200
    assert "two to four tools" in response.content.decode()


def test_workflows_sorted_by_earnings_with_disclaimer_beside_every_figure(client, make_workflow):
    make_workflow(title="Small", monthly_earnings=Decimal("300"))
    make_workflow(title="Yen", monthly_earnings=Decimal("100000"), earnings_currency="JPY")  # ~670 USD
    make_workflow(title="Big", monthly_earnings=Decimal("5000"), earnings_currency="GBP")
    make_workflow(title="Hidden", monthly_earnings=Decimal("99999"), status=Workflow.Status.DRAFT)
    response = client.get("/workflows/")
    assert [w.title for w in response.context["workflows"]] == ["Big", "Yen", "Small"]
    html = response.content.decode()
    figures = re.findall(r'<strong class="earnings__figure">.*?</span></span>', html, re.S)
    assert len(figures) == 3
    assert all("self-reported" in figure for figure in figures)
    recent = client.get("/workflows/?sort=recent&page=zz")
    assert recent.status_code == 200


def test_workflow_page(client, make_workflow, make_tool):
    tool = make_tool(name="Used tool")
    hidden = make_tool(name="Hidden tool", status=Tool.Status.DRAFT)
    workflow = make_workflow(title="Menus", tools=[tool, hidden], source_url="https://forum.example/post/1")
    html = client.get(workflow.get_absolute_url()).content.decode()
    assert "Used tool" in html and "Hidden tool" not in html
    assert "self-reported" in html and "<ol>" in html
    assert client.get("/workflows/nope/").status_code == 404
    draft = make_workflow(status=Workflow.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_workflow_feed_and_sitemap(client, make_workflow, make_tool, make_category):
    make_workflow(title="Feed me")
    make_workflow(title="Not in feed", status=Workflow.Status.DRAFT)
    make_tool(slug="in-sitemap", categories=[make_category(slug="cat-in-sitemap")])
    make_tool(slug="draft-not-in-sitemap", status=Tool.Status.DRAFT)
    feed = client.get("/feeds/workflows/").content.decode()
    assert "Feed me" in feed and "Not in feed" not in feed and "self-reported" in feed
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-tools.xml" in index and "sitemap-workflows.xml" in index
    tools_map = client.get("/sitemap-tools.xml").content.decode()
    assert "/tools/in-sitemap/" in tools_map and "draft-not-in-sitemap" not in tools_map
    assert "/tools/categories/cat-in-sitemap/" in client.get("/sitemap-tool-categories.xml").content.decode()


def test_article_page_shows_cards_for_published_tools_it_mentions(client, make_article, make_tool):
    article = make_article()
    make_tool(name="Mentioned tool", slug="mentioned-tool").mentioned_in.add(article)
    make_tool(name="Draft mentioned", status=Tool.Status.DRAFT).mentioned_in.add(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Tools in this story" in html
    assert 'href="/go/mentioned-tool/"' in html and "Draft mentioned" not in html


def test_mentioned_tools_sql_answers_as_the_orm_does(make_article, make_tool):
    article, other = make_article(), make_article()
    tools = [
        make_tool(name="Beta", editorial_rating=4), make_tool(name="Alpha", editorial_rating=4),
        make_tool(name="Gamma", editorial_rating=5), make_tool(name="Draft", status=Tool.Status.DRAFT),
        make_tool(name="Elsewhere"),
    ]
    for tool in tools[:4]:
        tool.mentioned_in.add(article)
    tools[4].mentioned_in.add(other)
    Tool.objects.update_scores()
    expected = list(article.tools_mentioned.published().ranked().values_list("pk", "updated_at"))
    assert [(card.pk, card.updated_at) for card in mentioned_tool_cards(article)] == expected
    assert [card.name for card in mentioned_tool_cards(article)] == ["Gamma", "Alpha", "Beta"]


def test_alternatives_rank_as_documented_for_every_tool(make_category, make_tool):
    """directory_tool_page_rows ranks alternatives as docs/directory.md says, checked in Python for every tool."""
    cats = [make_category() for _ in range(3)]
    for i in range(24):
        make_tool(
            name=f"Tool {i % 5} {i:02d}",
            editorial_rating=[3, 3.5, 4, 4.5, 5][i % 5],
            categories=[cats[i % 3]] + ([cats[(i + 1) % 3]] if i % 4 == 0 else []),
            tags=[f"tag-{i % 4}", f"tag-{i % 6}"] if i % 5 else [],
            status=Tool.Status.DRAFT if i % 7 == 3 else Tool.Status.PUBLISHED,
        )
    make_tool(name="No category", tags=["tag-1"])
    # Tags of an article whose id is a tool's must not count as that tool's.
    article_type = ContentType.objects.get_for_model(Article)
    for tag in Tag.objects.filter(name__in=["tag-0", "tag-1", "tag-2", "tag-3"]):
        TaggedItem.objects.create(tag=tag, content_type=article_type, object_id=Tool.objects.order_by("pk")[5].pk)
    Tool.objects.update_scores()
    tools = list(Tool.objects.prefetch_related("categories", "tags"))
    categories = {tool.pk: {c.pk for c in tool.categories.all()} for tool in tools}
    tags = {tool.pk: {t.pk for t in tool.tags.all()} for tool in tools}
    for tool in tools:
        candidates = [
            other for other in tools
            if other.pk != tool.pk and other.status == Tool.Status.PUBLISHED and categories[tool.pk] & categories[other.pk]
        ]
        candidates.sort(key=lambda other: (
            -len(tags[tool.pk] & tags[other.pk]), -len(categories[tool.pk] & categories[other.pk]), -other.score,
            other.name, other.pk,
        ))
        assert [card.pk for card in alternatives_for(tool)] == [other.pk for other in candidates[:6]], tool.name


def test_tool_page_reads_the_tool_and_everything_around_it_in_one_query(
    client, catalogue, make_article, make_workflow, django_assert_num_queries
):
    hearth = catalogue["hearth"]
    hearth.mentioned_in.add(make_article(headline="Where to run open weights"))
    make_workflow(title="Private search for lawyers", tools=[hearth])
    hearth.changes.create(field="licence", old_value="A", new_value="B")
    client.get(hearth.get_absolute_url())  # draws the alternatives' cards once
    with django_assert_num_queries(1):
        html = client.get(hearth.get_absolute_url()).content.decode()
    assert "Volt" in html and "Private search for lawyers" in html and "Where to run open weights" in html
    assert "Licence: A → B" in html
    assert '?tools=hearth,volt"' in html


def test_nav_links_point_at_directory_urls(client, db):
    html = client.get("/tools/").content.decode()
    assert '<a href="/tools/" aria-current="page">Directory</a>' in html
    assert '<a href="/workflows/">Workflows</a>' in html


@pytest.mark.parametrize(
    "path",
    [
        "/tools/", "/tools/?kind=provider&open=1&origin=NL&tag=inference&q=run", "/tools/?sort=price",
        "/tools/categories/inference/", "/tools/hearth/", "/tools/compare/?tools=hearth,volt,quill,larch",
        "/workflows/", "/workflows/workflow-1/", "/feeds/workflows/", "/sitemap-tools.xml", "/articles/article-1/",
    ],
)
def test_query_counts_are_bounded(client, catalogue, make_tool, make_workflow, make_article, make_category,
                                  django_assert_max_num_queries, path):
    article = make_article()
    inference = Tool.objects.get(slug="hearth").categories.get()
    extra = [make_tool(categories=[inference, make_category()], tags=["inference", f"t{i}"], is_open=True,
                       kind="provider", origin_country="NL") for i in range(14)]
    for tool in [*extra, *catalogue.values()]:
        tool.mentioned_in.add(article)
    for i in range(12):
        make_workflow(tools=extra[i : i + 3])
    client.get(path)  # warm the per-process caches (nav sections, content types)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path)
    assert response.status_code == 200


def test_jsonld_cannot_break_out_of_its_script_block(client, make_tool):
    tool = make_tool(name="</script><script>alert(1)</script>", slug="sneaky", tagline="a & b")
    html = client.get(tool.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["name"] == tool.name


def test_readers_get_directory_pages_from_the_page_cache(client, settings, make_category, make_tool, make_workflow):
    # Staff may preview drafts, but asking who a reader is reads the session and marks the page
    # `Vary: Cookie`, which the page cache (rightly) refuses to keep: only signed-in visitors are asked.
    settings.PAGE_CACHE = True
    category = make_category()
    tool = make_tool(categories=[category])
    workflow = make_workflow(tools=[tool])
    for url in ("/tools/", tool.get_absolute_url(), category.get_absolute_url(), "/workflows/", workflow.get_absolute_url()):
        first = client.get(url)
        assert first.status_code == 200 and "Cookie" not in first.get("Vary", ""), (url, first.get("Vary"))
        assert client.get(url)["X-Page-Cache"] == "hit", url
