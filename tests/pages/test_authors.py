"""The author index: everyone with a published story, with how many."""

from datetime import timedelta

import lxml.html

from articles.models import Article, Author


def _entries(client):
    response = client.get("/authors/")
    assert response.status_code == 200
    document = lxml.html.document_fromstring(response.content)
    return {
        item.xpath(".//h2//a")[0].text_content(): (item.xpath(".//h2//a/@href")[0], item.xpath(".//p[@class='meta']")[0].text_content())
        for item in document.xpath("//li[contains(@class, 'author-index__item')]")
    }


def test_lists_authors_with_their_published_story_counts(client, make_article, now):
    ada = Author.objects.create(name="Ada Quill", slug="ada-quill", bio="Writes about chips.")
    ben = Author.objects.create(name="Ben Ink", slug="ben-ink")
    make_article(authors=[ada])
    make_article(authors=[ada, ben])
    make_article(authors=[ben], status=Article.Status.DRAFT, published_at=None)
    make_article(authors=[ben], published_at=now + timedelta(days=1))  # scheduled
    only_drafts = Author.objects.create(name="Cleo Draft", slug="cleo-draft")
    make_article(authors=[only_drafts], status=Article.Status.DRAFT, published_at=None)

    entries = _entries(client)
    assert entries["Ada Quill"] == ("/authors/ada-quill/", "2 stories")
    assert entries["Ben Ink"] == ("/authors/ben-ink/", "1 story")
    assert "Cleo Draft" not in entries
    assert list(entries) == sorted(entries)


def test_every_listed_author_page_opens(client, make_article):
    make_article()
    entries = _entries(client)
    assert entries
    for href, _count in entries.values():
        assert client.get(href).status_code == 200
