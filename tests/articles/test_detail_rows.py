"""The article page's one query: byline and tags read as rows, in the order readers see them."""

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
    assert Article.objects.for_detail().filter(pk=article.pk).values_list("tag_rows", flat=True).get() == [
        {"id": found.tag_list[0].pk, "name": "open-weights", "slug": "open-weights"}
    ]


def test_an_article_without_byline_rows_or_tags_reads_empty_lists(make_article):
    article = make_article()
    ArticleAuthor.objects.filter(article=article).delete()
    found = Article.objects.published().for_detail().get(pk=article.pk)
    assert found.byline_authors == []
    assert found.tag_list == []
    assert Article.objects.for_listing().get(pk=article.pk).byline_names == []
