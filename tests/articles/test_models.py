"""Article visibility, scheduling, derived fields and the stored search vector."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, -HOUR, True),
        (Article.Status.PUBLISHED, timedelta(0), True),
        (Article.Status.PUBLISHED, HOUR, False),
        (Article.Status.DRAFT, -HOUR, False),
        (Article.Status.DRAFT, HOUR, False),
        (Article.Status.DRAFT, None, False),
    ],
)
def test_published_combines_status_and_time(make_article, status, offset, visible):
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        published_at = None if offset is None else timezone.now() + offset
        article = make_article(status=status, published_at=published_at)
        assert (article in Article.objects.published()) is visible
        assert article.is_published is visible
        assert article.is_scheduled is (status == Article.Status.PUBLISHED and offset == HOUR)


def test_scheduled_article_appears_by_itself_when_due(client, make_article):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    with time_machine.travel(start, tick=False) as clock:
        article = make_article(headline="Due at ten", published_at=start + HOUR, tags=["scheduling"])
        assert article in Article.objects.scheduled()
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Due at ten" not in client.get("/").content.decode()

        clock.move_to(start + HOUR + timedelta(seconds=1))
        assert article not in Article.objects.scheduled()
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Due at ten" in client.get("/").content.decode()
        assert client.get("/tags/scheduling/").status_code == 200


def test_publishing_without_a_time_stamps_now(make_article):
    with time_machine.travel(datetime(2026, 1, 5, 8, tzinfo=ZoneInfo("UTC")), tick=False):
        article = make_article(status=Article.Status.DRAFT)
        article.status = Article.Status.PUBLISHED
        article.save()
        assert article.published_at == timezone.now()


def test_database_refuses_a_published_row_without_a_time(make_article):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_save_fills_slug_html_and_reading_time(make_article):
    words = " ".join(["token"] * 1150)
    article = make_article(slug="", headline="Price per Token, Explained", body=f"## Costs\n\n{words}\n\n>> Quote me.")
    assert article.slug == "price-per-token-explained"
    assert article.reading_time == 5
    assert "<h2>Costs</h2>" in article.body_html
    assert '<aside class="pullquote">\n<p>Quote me.</p>\n</aside>' in article.body_html


def test_was_updated_ignores_edits_right_after_publication(make_article):
    article = make_article()
    article.updated_at = article.published_at + timedelta(minutes=20)
    assert not article.was_updated
    article.updated_at = article.published_at + timedelta(days=2)
    assert article.was_updated
    assert article.last_modified == article.updated_at


def _matches(word):
    return set(Article.objects.filter(search_vector=word).values_list("slug", flat=True))


def test_search_vector_follows_every_way_tags_change(make_article):
    article = make_article(slug="vec", headline="Plain headline", body="Plain body.")
    article.tags.add("quantisation")
    assert _matches("quantisation") == {"vec"}
    article.tags.set(["distillation"])
    assert _matches("quantisation") == set()
    assert _matches("distillation") == {"vec"}
    tag = Tag.objects.get(name="distillation")
    tag.name = "pruning"
    tag.save()
    assert _matches("pruning") == {"vec"}
    tag.delete()
    assert _matches("pruning") == set()
    article.tags.add("sparsity")
    article.tags.clear()
    assert _matches("sparsity") == set()


def test_search_vector_follows_text_edits(make_article):
    article = make_article(slug="txt", headline="Quantum bills")
    article.headline = "Distillation bills"
    article.save()
    assert _matches("distillation") == {"txt"}
    assert _matches("quantum") == set()


def test_related_prefers_shared_tags_then_section(make_article, section):
    from articles.models import Section

    other = Section.objects.create(name="Money", slug="money", order=2)
    base = make_article(slug="base", tags=["gpu", "pricing", "llama"])
    two = make_article(slug="two-shared", section=other, tags=["gpu", "pricing"])
    one = make_article(slug="one-shared", section=other, tags=["llama"])
    same_section = make_article(slug="same-section")
    make_article(slug="unrelated", section=other)
    make_article(slug="draft", status=Article.Status.DRAFT, tags=["gpu", "pricing", "llama"])
    make_article(slug="scheduled", published_at=timezone.now() + HOUR, tags=["gpu", "pricing", "llama"])
    assert [a.pk for a in Article.objects.related(base, limit=3)] == [two.pk, one.pk, same_section.pk]


def test_published_tags_ignore_drafts_and_scheduled(make_article):
    make_article(tags=["public"])
    make_article(status=Article.Status.DRAFT, tags=["secret-draft"])
    make_article(published_at=timezone.now() + HOUR, tags=["secret-scheduled"])
    assert set(Article.objects.published_tags().values_list("name", flat=True)) == {"public"}


def test_search_vector_is_kept_by_bulk_and_queryset_writes(make_article, section):
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    Article.objects.bulk_create(
        [Article(slug="bulk", headline="Bulk headline", body="Bulk body", section=section, status=Article.Status.DRAFT)]
    )
    article = Article.objects.get(slug="bulk")
    assert _matches("bulk") == {"bulk"}
    Article.objects.filter(pk=article.pk).update(headline="Tokenomics primer")
    assert _matches("tokenomics") == {"bulk"}
    tag = Tag.objects.create(name="speculative-decoding", slug="speculative-decoding")
    TaggedItem.objects.bulk_create(
        [TaggedItem(tag=tag, content_type=ContentType.objects.get_for_model(Article), object_id=article.pk)]
    )
    assert _matches("speculative") == {"bulk"}
    TaggedItem.objects.filter(tag=tag).delete()
    assert _matches("speculative") == set()


def test_headline_outweighs_body_in_the_stored_vector(make_article):
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    make_article(slug="in-headline", headline="Quantisation explained", body="Short.")
    make_article(slug="in-body", headline="Something else", body="We tried quantisation. " * 3)
    query = SearchQuery("quantisation", config="english")
    ranked = Article.objects.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank")
    assert [a.slug for a in ranked] == ["in-headline", "in-body"]
