"""Two people editing one article: the later save, based on an older version, is refused with a reason."""

import lxml.html
import pytest
from django.test import Client

from articles.models import Article
from tests.test_admin_round_trips import as_post, browser_form_data

pytestmark = pytest.mark.django_db


def opened_form(client, article):
    """The change form as a browser would post it back, as drawn now."""
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    return browser_form_data(response.content.decode(), "article_form")


def post(client, article, data, **changes):
    data = [(name, changes.get(name, value)) for name, value in data]
    return client.post(f"/admin/articles/article/{article.pk}/change/", as_post([*data, ("_save", "Save")]))


def test_the_second_save_from_an_older_form_is_refused(editor, writer, make_article):
    article = make_article(status=Article.Status.DRAFT, headline="Spot GPUs", body="First words.")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(writer)
    form_one = opened_form(first, article)
    form_two = opened_form(second, article)

    assert post(first, article, form_one, headline="Spot GPUs, by the minute").status_code == 302
    refused = post(second, article, form_two, body="Second words, typed meanwhile.")
    assert refused.status_code == 200
    document = lxml.html.document_fromstring(refused.content)
    note = " ".join(document.xpath('string(//*[contains(@class, "errorlist") and contains(@class, "nonfield")])').split())
    assert note.startswith(f"Not saved: {editor.username} saved this article at ")
    assert "The stored article differs from yours in: Headline, Body." in note
    # Their text is kept in the form, and the first editor's change is kept in the database.
    assert "Second words, typed meanwhile." in document.xpath('string(//textarea[@name="body"])')
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Spot GPUs, by the minute", "First words.")

    # Reloaded, the second person's form carries the new version and saves.
    assert post(second, article, opened_form(second, article), body="Second words, typed meanwhile.").status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Spot GPUs, by the minute", "Second words, typed meanwhile.")


def test_a_save_after_a_list_action_is_refused_too(editor, make_article):
    article = make_article(status=Article.Status.DRAFT)
    client = Client()
    client.force_login(editor)
    form = opened_form(client, article)
    client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [article.pk], "index": "0"})
    response = post(client, article, form, status="draft")
    assert response.status_code == 200 and b"Not saved:" in response.content
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
