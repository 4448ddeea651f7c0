"""The article page's one query: byline, tags and related stories read as rows, in the order readers see them."""

import pytest

from articles.models import Article, ArticleAuthor, Author

pytestmark = pytest.mark.django_db


def test_byline_keeps_its_order_and_tags_come_by_name(make_article, house_author):
    zed = Author.objects.create(name="Zed Quill", slug="zed-quill", bio="Writes about agents.")
    amy = Author.objects.create(name="Amy Lark", slug="amy-lark")
    article = make_article(tags=["open-weights", "Agents", "inference"], authors=[zed, house_author, amy])

    found = Article.objects.published().for_detail().get(pk=article.pk)
    assert [(a.pk, a.name, a.slug, a.bio) for a in found.byline_authors] == [
        (zed.pk, "Zed Quill", "zed-quill", "Writes about agents."),
        (house_author.pk, "Flux Desk", "flux-desk", "The house byline."),
        (amy.pk, "Amy Lark", "amy-lark", ""),
    ]
    assert [t.name for t in found.tag_list] == ["Agents", "inference", "open-weights"]
    # The same as the page would show without the rows (the fallback path).
    plain = Article.objects.get(pk=article.pk)
    assert [a.pk for a in plain.byline_authors] == [a.pk for a in found.byline_authors]
    assert [(t.pk, t.slug) for t in plain.tag_list] == [(t.pk, t.slug) for t in found.tag_list]

    # Reordering the byline reorders the rows and the card names.
    for order, author in enumerate([amy, zed, house_author]):
        ArticleAuthor.objects.filter(article=article, author=author).update(order=order)
    card = Article.objects.published().for_listing().get(pk=article.pk)
    assert card.byline_names == ["Amy Lark", "Zed Quill", "Flux Desk"]
    found = Article.objects.published().for_detail().get(pk=article.pk)
    assert [a.name for a in found.byline_authors] == card.byline_names


def test_another_models_tags_on_the_same_id_are_not_the_articles(make_article):
    from directory.models import Tool

    article = make_article(tags=["open-weights"])
    tool = Tool.objects.create(
        pk=article.pk, name="Same Id", slug="same-id", tagline="Shares the article's id.",
        website_url="https://same-id.example/", status=Tool.Status.PUBLISHED,
    )
    tool.tags.set(["image-models"])

    found = Article.objects.published().for_detail().get(pk=article.pk)
    assert [t.name for t in found.tag_list] == ["open-weights"]
    assert Article.objects.for_detail().filter(pk=article.pk).values_list("page_rows", flat=True).get()["tags"] == [
        {"id": found.tag_list[0].pk, "name": "open-weights", "slug": "open-weights"}
    ]


def test_an_article_without_byline_rows_or_tags_reads_empty_lists(make_article):
    article = make_article()
    ArticleAuthor.objects.filter(article=article).delete()
    found = Article.objects.published().for_detail().get(pk=article.pk)
    assert found.byline_authors == []
    assert found.tag_list == []
    assert Article.objects.for_listing().get(pk=article.pk).byline_names == []


def test_related_rows_rank_shared_tags_then_the_section_once_each(make_article, section):
    from articles.models import Section
    from directory.models import Tool

    other = Section.objects.create(name="Money", slug="money", order=2)
    base = make_article(slug="base", tags=["gpu", "pricing", "llama"])
    two = make_article(slug="two-shared", section=other, tags=["gpu", "pricing"])
    # Shares a tag and the section: it counts once, in the shared-tags tier.
    both = make_article(slug="both", tags=["llama"])
    newest_in_section = make_article(slug="newest-in-section")
    make_article(slug="older-in-section")
    unrelated = make_article(slug="unrelated", section=other)
    # A tool carrying base's tags with the unrelated story's id must not make that story related.
    Tool.objects.create(
        pk=unrelated.pk, name="Same Id", slug="same-id", tagline="Shares an article's id.",
        website_url="https://same-id.example/", status=Tool.Status.PUBLISHED,
    ).tags.set(["gpu", "pricing", "llama"])
    make_article(slug="draft", status=Article.Status.DRAFT, tags=["gpu", "pricing", "llama"])

    found = Article.objects.published().for_detail().get(pk=base.pk)
    expected = [two.pk, both.pk, newest_in_section.pk]
    assert [card.pk for card in found.related_stories] == expected
    assert [card.pk for card in Article.objects.related(base)] == expected
    assert [card.pk for card in Article.objects.related(base, limit=2)] == expected[:2]
    # Each stand-in carries the story's own `updated_at` (its card's key) and reads the rest on demand.
    stories = Article.objects.in_bulk(expected)
    assert [(card.updated_at, card.headline) for card in found.related_stories] == [
        (stories[pk].updated_at, stories[pk].headline) for pk in expected
    ]
