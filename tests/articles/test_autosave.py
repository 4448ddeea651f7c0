"""Autosave: an unsaved copy of what a writer types, offered back later; never a revision or a save."""

import json

import pytest
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Autosave
from tests.articles.test_concurrency import opened_form, post
from tests.conftest import admin_csrf_token

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/autosave/"


def store(client, **fields):
    return client.post(URL, json.dumps(fields), content_type="application/json", HTTP_X_CSRFTOKEN=admin_csrf_token(client))


def test_typing_keeps_a_copy_that_is_offered_back(writer_client, writer, make_article):
    article = make_article(status=Article.Status.DRAFT, body="Saved words.")
    response = store(writer_client, article=article.pk, headline=article.headline, dek="", body="Typed words, never saved.")
    assert response.status_code == 200 and len(response.json()["saved_at"]) == 5  # "10:42"
    assert store(writer_client, article=article.pk, headline="H", dek="", body="Typed more.").status_code == 200
    assert Autosave.objects.count() == 1  # one copy per person and article, replaced
    offered = writer_client.get(URL, {"article": article.pk}).json()["autosave"]
    assert offered["body"] == "Typed more." and offered["headline"] == "H"
    article.refresh_from_db()
    assert article.body == "Saved words."  # not a save
    assert not Version.objects.get_for_object(article).exists()  # nor a revision


def test_a_new_article_has_its_own_copy(writer_client, writer):
    assert store(writer_client, article=None, headline="Draft", dek="", body="Fresh text.").status_code == 200
    assert writer_client.get(URL, {"article": ""}).json()["autosave"]["body"] == "Fresh text."
    assert Autosave.objects.get().article is None


def test_saving_the_article_clears_the_copy_and_an_older_copy_is_not_offered(writer, make_article):
    article = make_article(status=Article.Status.DRAFT)
    client = Client()
    client.force_login(writer)
    client.post(URL, json.dumps({"article": article.pk, "body": "Typed."}), content_type="application/json")
    assert Autosave.objects.exists()
    assert post(client, article, opened_form(client, article)).status_code == 302
    assert not Autosave.objects.exists()
    # A copy older than the article's last save is stale: not offered, and dropped.
    client.post(URL, json.dumps({"article": article.pk, "body": "Typed."}), content_type="application/json")
    Article.objects.get(pk=article.pk).save()
    assert client.get(URL, {"article": article.pk}).json() == {"autosave": None}
    assert not Autosave.objects.exists()


def test_discard_and_bad_input(writer_client, writer, make_article, editor):
    article = make_article(status=Article.Status.DRAFT)
    store(writer_client, article=article.pk, body="x")
    response = writer_client.post(URL + "discard/", {"article": article.pk}, HTTP_X_CSRFTOKEN=admin_csrf_token(writer_client))
    assert response.status_code == 200 and not Autosave.objects.exists()
    bad = writer_client.post(URL, "not json", content_type="application/json", HTTP_X_CSRFTOKEN=admin_csrf_token(writer_client))
    assert bad.status_code == 400 and bad.json()["error"] == "Send the fields as JSON."
    assert store(writer_client, article=999999, body="x").status_code == 404
    # A writer can't keep copies of a published article they may not change.
    published = make_article()
    assert store(writer_client, article=published.pk, body="x").status_code == 403
    assert writer_client.post(URL, json.dumps({"body": "x"}), content_type="application/json").status_code == 403  # no token


def test_presence_names_who_else_has_the_article_open(writer, editor, make_article, time_machine):
    article = make_article(status=Article.Status.DRAFT)
    time_machine.move_to(timezone.now(), tick=False)
    url = f"/admin/articles/article/{article.pk}/presence/"
    first, second = Client(), Client()
    first.force_login(writer)
    second.force_login(editor)
    assert first.post(url).json() == {"others": []}
    assert second.post(url).json() == {"others": [writer.username]}
    assert first.post(url).json() == {"others": [editor.username]}
    time_machine.shift(61)  # the editor's tab stopped calling in a minute ago
    assert first.post(url).json() == {"others": []}
    assert first.get(url).status_code == 405
