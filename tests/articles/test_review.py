"""Review: writers submit drafts with a note, editors send them back with one or publish them."""

import lxml.html
import pytest
from django.test import Client

from articles.models import Article, ReviewNote
from tests.articles.test_concurrency import opened_form
from tests.test_admin_round_trips import as_post

pytestmark = pytest.mark.django_db


def press(client, article, button, **changes):
    data = [(name, changes.get(name, value)) for name, value in opened_form(client, article)]
    return client.post(f"/admin/articles/article/{article.pk}/change/", as_post([*data, (button, "x")]))


def test_a_draft_goes_to_review_and_back_and_out(writer, editor, make_article):
    draft = make_article(status=Article.Status.DRAFT, headline="Spot GPUs", seo_description="Prices.")
    writers, editors = Client(), Client()
    writers.force_login(writer)
    editors.force_login(editor)
    page = writers.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert 'name="_submit_review"' in page and 'name="_send_back"' not in page

    assert press(writers, draft, "_submit_review", review_note="Ready; the figures are checked.").status_code == 302
    draft.refresh_from_db()
    assert draft.submitted_at and draft.status == Article.Status.DRAFT
    queue = editors.get("/admin/articles/article/", {"state": "review"}).content.decode()
    assert "Spot GPUs" in queue and "Awaiting review" in queue
    assert "Spot GPUs" not in editors.get("/admin/articles/article/", {"state": "scheduled"}).content.decode()

    # Sending back needs a note.
    refused = press(editors, draft, "_send_back", review_note=" ")
    assert refused.status_code == 200
    assert "Say what needs changing before sending it back." in refused.content.decode()
    assert press(editors, draft, "_send_back", review_note="Source the second chart.").status_code == 302
    draft.refresh_from_db()
    assert draft.submitted_at is None

    press(writers, draft, "_submit_review", review_note="Sourced.")
    assert press(editors, draft, "_save", status="published", review_note="Good to go.").status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.submitted_at is None
    steps = [(n.user, n.kind, n.text) for n in ReviewNote.objects.filter(article=draft)]
    assert steps == [
        (writer, "submitted", "Ready; the figures are checked."),
        (editor, "returned", "Source the second chart."),
        (writer, "submitted", "Sourced."),
        (editor, "approved", "Good to go."),
    ]
    # The notes stay with the article, on its form.
    history = lxml.html.document_fromstring(editors.get(f"/admin/articles/article/{draft.pk}/change/").content.decode())
    text = " ".join(history.xpath('string(//div[contains(@class, "field-review_history")])').split())
    assert f"{writer.username} submitted it for review: “Ready; the figures are checked.”" in text
    assert f"{editor.username} approved and published it: “Good to go.”" in text


def test_a_writer_cannot_send_back_or_publish_by_pressing_buttons(writer, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    client = Client()
    client.force_login(writer)
    press(client, draft, "_submit_review")
    assert press(client, draft, "_send_back", review_note="Nope.").status_code == 302
    draft.refresh_from_db()
    assert draft.submitted_at is not None and draft.status == Article.Status.DRAFT
    assert not ReviewNote.objects.filter(kind="returned").exists()
