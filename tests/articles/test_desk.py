"""The desk on the admin index: review queue, scheduled this week, recently published, stale drafts."""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from articles import services
from articles.models import Article

pytestmark = pytest.mark.django_db


def desk(client):
    document = lxml.html.document_fromstring(client.get("/admin/").content.decode())
    return {
        " ".join(section.xpath("string(h3)").split()): [" ".join(a.text_content().split()) for a in section.xpath(".//li/a")]
        for section in document.xpath('//div[@id="newsroom-desk"]//section')
    }


def test_the_desk_lists_what_needs_attention(client, editor, writer, make_article):
    submitted = make_article(status=Article.Status.DRAFT, headline="Waiting for a read")
    services.article_submit_for_review(article=submitted, user=writer)
    make_article(headline="Out next Tuesday", published_at=timezone.now() + timedelta(days=2))
    make_article(headline="Out next month", published_at=timezone.now() + timedelta(days=30))
    make_article(headline="Out yesterday", published_at=timezone.now() - timedelta(days=1))
    stale = make_article(status=Article.Status.DRAFT, headline="Forgotten draft")
    Article.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(days=20))
    make_article(status=Article.Status.DRAFT, headline="Fresh draft")
    client.force_login(editor)
    lists = desk(client)
    assert lists["Awaiting review"] == ["Waiting for a read"]
    assert lists["Scheduled this week"] == ["Out next Tuesday"]
    assert lists["Recently published"] == ["Out yesterday"]
    assert lists["Drafts untouched for 14 days"] == ["Forgotten draft"]
    # Writers see it too (they hold articles.view_article).
    client.force_login(writer)
    assert desk(client)["Awaiting review"] == ["Waiting for a read"]
