"""Public archive, feed and sitemap: sent editions only, bounded queries."""

import pytest
from django.utils import timezone

from newsletter.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions(make_edition):
    sent = [make_edition(status=Edition.Status.SENT, sent_at=timezone.now() - timezone.timedelta(days=i)) for i in range(5)]
    draft = make_edition(subject="Secret draft")
    return sent, draft


def test_archive_lists_sent_editions_with_bounded_queries(client, editions, make_edition, django_assert_max_num_queries):
    sent, draft = editions
    with django_assert_max_num_queries(4):
        response = client.get("/newsletter/archive/")
    html = response.content.decode()
    assert all(e.subject in html for e in sent)
    assert "Secret draft" not in html
    assert html.count("<h1") == 1
    for _ in range(20):
        make_edition(status=Edition.Status.SENT)
    with django_assert_max_num_queries(4):
        client.get("/newsletter/archive/")


def test_edition_page_shows_sent_and_hides_drafts(client, editions, django_assert_max_num_queries):
    sent, draft = editions
    with django_assert_max_num_queries(3):
        response = client.get(sent[0].get_absolute_url())
    assert response.status_code == 200
    assert sent[0].subject in response.content.decode()
    assert client.get(f"/newsletter/archive/{draft.slug}/").status_code == 404


def test_landing_page_queries_are_bounded(client, editions, django_assert_max_num_queries):
    # Recent editions, the topics offered on the form and which of them are ticked by default.
    with django_assert_max_num_queries(5):
        response = client.get("/newsletter/")
    assert "Recent editions" in response.content.decode()


def test_feed_and_sitemap_list_sent_editions(client, editions):
    sent, draft = editions
    feed = client.get("/feeds/newsletter/").content.decode()
    assert sent[0].subject in feed and "Secret draft" not in feed
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-editions.xml" in index and "sitemap-newsletter.xml" in index
    sitemap = client.get("/sitemap-editions.xml").content.decode()
    assert f"/newsletter/archive/{sent[0].slug}/" in sitemap
    assert f"/newsletter/archive/{draft.slug}/" not in sitemap
    assert "/newsletter/</loc>" in client.get("/sitemap-newsletter.xml").content.decode()
