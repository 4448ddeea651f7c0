"""Shared fragments (story and tool cards): reused across pages, and never stale after an edit."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from articles.models import Article
from directory.models import Tool
from fluxsite import cache as page_cache


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def story(make_article, section):
    from taggit.models import Tag

    tag = Tag.objects.create(name="open source", slug="open-source")
    return make_article(headline="Tokens are the new oil", tags=[tag])


def test_a_card_is_rendered_once_and_shown_by_every_page_until_the_generation_changes(client, story):
    assert "Tokens are the new oil" in _html(client, "/sections/ai-tools/")
    # A write that sends no signal (nothing in the app does this without bumping) shows that the
    # card now comes from the process's fragment memo, on another page that shows the same card.
    Article.objects.filter(pk=story.pk).update(headline="Unannounced headline")
    assert "Tokens are the new oil" in _html(client, "/tags/open-source/")
    page_cache.bump_generation()
    html = _html(client, "/tags/open-source/")
    assert "Unannounced headline" in html
    assert "Tokens are the new oil" not in html


def test_fragments_off_render_every_time(client, settings, story):
    settings.FRAGMENT_CACHE = False
    _html(client, "/")
    Article.objects.filter(pk=story.pk).update(headline="Unannounced headline")
    assert "Unannounced headline" in _html(client, "/")


def test_edits_to_the_story_its_section_and_its_authors_show_on_the_next_request(client, story, section, house_author):
    _html(client, "/tags/open-source/")
    story.headline = "Edited headline"
    story.save()
    assert "Edited headline" in _html(client, "/tags/open-source/")
    section.name = "Renamed section"
    section.save()
    assert "Renamed section" in _html(client, "/tags/open-source/")
    house_author.name = "Renamed Desk"
    house_author.save()
    assert "Renamed Desk" in _html(client, "/tags/open-source/")
    story.status = Article.Status.DRAFT
    story.save()
    assert "Edited headline" not in _html(client, "/")


def test_the_variant_is_part_of_the_key(client, make_article):
    lead = make_article(headline="The lead story", is_featured=True)
    html = _html(client, "/")
    # The lead's card is large on the home page; on its related list elsewhere it is a normal card.
    assert 'card card--lead' in html
    other = make_article(headline="Another story")
    related = _html(client, other.get_absolute_url())
    assert lead.headline in related
    assert related.count("card--lead") == 0


def test_tool_cards_are_shared_and_follow_edits(client, db):
    tool = Tool.objects.create(
        name="Nimbus Chat", slug="nimbus-chat", tagline="Chats.", website_url="https://nimbus.example/",
        kind=Tool.Kind.APP, pricing_model=Tool.Pricing.FREE, status=Tool.Status.PUBLISHED,
    )
    assert "Nimbus Chat" in _html(client, "/tools/")
    Tool.objects.filter(pk=tool.pk).update(tagline="A tagline nobody announced")
    assert "A tagline nobody announced" not in _html(client, "/tools/")
    tool.tagline = "A saved tagline"
    tool.save()
    assert "A saved tagline" in _html(client, "/tools/")


def test_without_a_request_the_fragment_always_renders(db):
    template = Template('{% load flux %}{% fragment "x" key %}{{ value }}{% endfragment %}')
    assert template.render(Context({"key": 1, "value": "first"})) == "first"
    assert template.render(Context({"key": 1, "value": "second"})) == "second"
    request = RequestFactory().get("/")
    assert template.render(Context({"key": 1, "value": "first", "request": request})) == "first"
    assert template.render(Context({"key": 1, "value": "second", "request": request})) == "first"
    assert template.render(Context({"key": 2, "value": "second", "request": request})) == "second"


def test_an_unreachable_cache_renders_fragments_instead_of_failing(client, story, redis_down):
    assert "Tokens are the new oil" in _html(client, "/")


def test_the_shared_header_marks_the_current_section_only_on_its_own_page(client, story, section):
    assert '<a href="/sections/ai-tools/" aria-current="page">AI Tools</a>' in _html(client, "/sections/ai-tools/")
    for url in (story.get_absolute_url(), "/", "/tags/open-source/"):
        html = _html(client, url)
        assert '<a href="/sections/ai-tools/">AI Tools</a>' in html
        assert 'aria-current="page"' not in html
    assert '<a href="/tools/" aria-current="page">Directory</a>' in _html(client, "/tools/")


def _card_reads(queries):
    """Queries that read whole stories or tools by id: what drawing a card that isn't cached costs."""
    return [q["sql"] for q in queries if '"id" IN (' in q["sql"] and ("articles_article" in q["sql"] or "directory_tool" in q["sql"])]


def test_cards_already_drawn_are_not_read_again(client, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = make_article(headline="Story one", tags=["gpu"])
    two = make_article(headline="Story two", tags=["gpu"])
    make_article(headline="Story three", tags=["gpu"])
    Tool.objects.create(
        name="Mentioned tool", slug="mentioned-tool", tagline="Mentioned.", website_url="https://mentioned.example/",
        status=Tool.Status.PUBLISHED,
    ).mentioned_in.add(one, two)
    client.get("/newsletter/")  # the nav and content types, and no cards
    with CaptureQueriesContext(connection) as first:
        html = _html(client, one.get_absolute_url())
    assert "Story two" in html and "Mentioned tool" in html
    # The first render reads the related stories in one query and the mentioned tools in another.
    assert len(_card_reads(first.captured_queries)) == 2
    with CaptureQueriesContext(connection) as again:
        assert _html(client, one.get_absolute_url()) == html
    assert _card_reads(again.captured_queries) == []
    assert len(again.captured_queries) == len(first.captured_queries) - 2
    # Another page showing the same tool reuses its card; its related stories include story one,
    # whose card no page has drawn yet, so the stories are read.
    with CaptureQueriesContext(connection) as other:
        html = _html(client, two.get_absolute_url())
    assert "Story one" in html and "Mentioned tool" in html
    assert [sql for sql in _card_reads(other.captured_queries) if "directory_tool" in sql] == []


def test_a_card_whose_object_vanished_is_left_out(db, make_article):
    story = make_article(headline="Here a moment ago")
    template = Template('{% for article in related %}{% include "includes/article_card.html" %}{% endfor %}')
    request = RequestFactory().get("/")
    cards = page_cache.lazy_cards([(story.pk, story.updated_at)], lambda pks: {})
    assert template.render(Context({"related": cards, "request": request})).strip() == ""
    # Drawn once from the story itself, the card is then served to a stand-in whose story is gone.
    assert "Here a moment ago" in template.render(Context({"related": [story], "request": request}))
    cards = page_cache.lazy_cards([(story.pk, story.updated_at)], lambda pks: {})
    assert "Here a moment ago" in template.render(Context({"related": cards, "request": request}))
