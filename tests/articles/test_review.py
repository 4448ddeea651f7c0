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


def test_the_review_queue_shows_each_submissions_warnings(writer, editor, make_article):
    from articles import services

    clean = make_article(
        status=Article.Status.DRAFT, headline="Clean copy", seo_description="A description.", body="Fine words."
    )
    flawed = make_article(
        status=Article.Status.DRAFT, headline="Flawed copy", seo_description="",
        body="We earned $4,000 a month. See [the docs](http://docs.example/).",
    )
    make_article(status=Article.Status.DRAFT, headline="Not submitted", seo_description="", body="Words.")
    services.article_submit_for_review(article=flawed, user=writer)
    services.article_submit_for_review(article=clean, user=writer)
    client = Client()
    client.force_login(editor)
    page = lxml.html.document_fromstring(client.get("/admin/articles/article/", {"state": "review"}).content.decode())
    rows = {
        " ".join(row.xpath('string(.//th[contains(@class, "field-headline")])').split()): row
        for row in page.xpath('//table[@id="result_list"]/tbody/tr')
    }
    assert list(rows) == ["Flawed copy", "Clean copy"]  # oldest submission first
    flawed_cell = rows["Flawed copy"].xpath('.//td[contains(@class, "field-review_warnings")]')[0]
    assert flawed_cell.xpath("string(strong)") == "3 warnings"
    messages = [" ".join(li.text_content().split()) for li in flawed_cell.xpath(".//li")]
    assert messages == [
        "No meta description: search engines will be shown the dek.",
        "Link to an insecure page: http://docs.example/ (use https:// if the site has it).",
        "Earnings figure “earned $4,000” isn't labelled self-reported in its paragraph.",
    ]
    assert " ".join(rows["Clean copy"].xpath('string(.//td[contains(@class, "field-review_warnings")])').split()) == "No warnings"
    # The desk on the admin index counts them too.
    index = lxml.html.document_fromstring(client.get("/admin/").content.decode())
    assert "3 warnings" in " ".join(index.xpath('string(//section[h3[@id="desk-review"]])').split())
    # The ordinary list stays lean: no checks column.
    assert "field-review_warnings" not in client.get("/admin/articles/article/").content.decode()
