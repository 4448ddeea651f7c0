"""The newsroom admin: editors publish, writers can't by any route, and bad uploads save nothing."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from articles.models import Article, Author
from articles.search import search_articles
from fluxsite.markdown import word_count

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
LIST_URL = "/admin/articles/article/"


def _change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def form_data(section, **overrides):
    data = {
        "headline": "Inference on a budget",
        "slug": "inference-on-a-budget",
        "dek": "A standfirst.",
        "section": str(section.pk),
        "kicker": "",
        "body": "## Costs\n\nWords about inference budgets.",
        "hero_alt": "",
        "hero_credit": "",
        "tags": "retrieval-augmented, gpu",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "seo_title": "",
        "seo_description": "A meta description.",
        "canonical_url": "",
        "byline-TOTAL_FORMS": "0",
        "byline-INITIAL_FORMS": "0",
        "byline-MIN_NUM_FORMS": "0",
        "byline-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _local(dt):
    local = timezone.localtime(dt)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


# --- Writers can't publish ----------------------------------------------------------------------


def test_writer_form_has_no_publishing_inputs(client, writer, section):
    client.force_login(writer)
    html = client.get(ADD_URL).content.decode()
    assert 'name="headline"' in html
    for name in ("status", "published_at_0", "is_featured"):
        assert f'name="{name}"' not in html


def test_writer_crafted_post_to_add_form_saves_a_draft(client, writer, section, house_author):
    client.force_login(writer)
    day, time = _local(timezone.now() - timedelta(hours=1))
    response = client.post(
        ADD_URL, form_data(section, status="published", published_at_0=day, published_at_1=time, is_featured="on")
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="inference-on-a-budget")
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert not article.is_featured
    assert not article.is_published
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.byline_authors == [house_author]  # no byline given: the house byline


def test_writer_crafted_post_to_change_form_keeps_the_draft(client, writer, section, make_article):
    article = make_article(status=Article.Status.DRAFT, slug="writers-draft")
    client.force_login(writer)
    day, time = _local(timezone.now() - timedelta(hours=1))
    response = client.post(
        _change_url(article),
        form_data(section, slug="writers-draft", headline="Edited by the writer", status="published", published_at_0=day, published_at_1=time, is_featured="on"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Edited by the writer"
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert not article.is_featured


@pytest.mark.parametrize("when", [-1, 1], ids=["live", "scheduled"])
def test_writer_cannot_change_a_published_or_scheduled_article(client, writer, section, make_article, when):
    article = make_article(slug="live-one", headline="Original", published_at=timezone.now() + timedelta(hours=when))
    client.force_login(writer)
    assert client.get(_change_url(article)).status_code == 200  # read-only view
    response = client.post(_change_url(article), form_data(section, slug="live-one", headline="Vandalised", status="draft"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Original"
    assert article.status == Article.Status.PUBLISHED


def test_writer_cannot_use_the_publish_actions(client, writer, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    live = make_article()
    client.force_login(writer)
    html = client.get(LIST_URL).content.decode()
    assert "publish_selected" not in html and "unpublish_selected" not in html
    for action, target in [("publish_selected", draft), ("unpublish_selected", live)]:
        response = client.post(LIST_URL, {"action": action, "_selected_action": [str(target.pk)], "index": "0"})
        assert response.status_code in (200, 302)  # the action doesn't exist for them: nothing happens
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert live.status == Article.Status.PUBLISHED


def test_writer_cannot_publish_by_reverting_to_a_published_revision(client, editor, writer, section):
    client.force_login(editor)
    day, time = _local(timezone.now() - timedelta(hours=1))
    client.post(ADD_URL, form_data(section, status="published", published_at_0=day, published_at_1=time))
    article = Article.objects.get(slug="inference-on-a-budget")
    published_version = Version.objects.get_for_object(article).get()
    client.post(LIST_URL, {"action": "unpublish_selected", "_selected_action": [str(article.pk)], "index": "0"})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    client.force_login(writer)
    url = f"/admin/articles/article/{article.pk}/history/{published_version.pk}/"
    client.post(url, form_data(section, status="published", published_at_0=day, published_at_1=time))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_publishing_service_refuses_writers(writer, make_article):
    from django.core.exceptions import PermissionDenied

    from articles import services

    article = make_article(status=Article.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, user=writer)


# --- Editors publish ----------------------------------------------------------------------------


def test_editor_publishes_through_the_form(client, editor, section):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(section, status="published", is_featured="on"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="inference-on-a-budget")
    assert article.is_published and article.is_featured
    assert client.get(article.get_absolute_url()).status_code == 200
    # The tags saved after the row are in the search vector too.
    assert [hit.url for hit in search_articles("retrieval augmented")] == [article.get_absolute_url()]


def test_a_100000_word_body_saves_through_the_form_and_publishes(client, editor, section):
    """An editor saves a book-length story from the article form; readers get the whole of it."""
    paragraph = " ".join(f"word{i} is *here*" for i in range(80))
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(420))
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(section, body=body, status="published"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="inference-on-a-budget")
    assert word_count(article.body) > 100_000
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert page.content.decode().count("<h2") >= 420
    # Saved again from its change form, unchanged, as an editor fixing a typo elsewhere would.
    response = client.post(_change_url(article), form_data(section, body=body, status="published", headline="Inference on a budget, in full"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Inference on a budget, in full" and article.body.count("## Part") == 420


def test_editor_bulk_publish_keeps_future_times_scheduled(client, editor, make_article):
    now_draft = make_article(status=Article.Status.DRAFT)
    later_draft = make_article(status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(days=2))
    client.force_login(editor)
    html = client.get(LIST_URL).content.decode()
    assert "publish_selected" in html
    response = client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [str(now_draft.pk), str(later_draft.pk)], "index": "0"}
    )
    assert "1 published, 1 scheduled." in _messages(response)
    now_draft.refresh_from_db()
    later_draft.refresh_from_db()
    assert now_draft.is_published
    assert later_draft.is_scheduled
    assert Version.objects.get_for_object(now_draft).first().revision.comment == "Published from the article list."


def test_editor_bulk_unpublish(client, editor, make_article):
    live = make_article()
    client.force_login(editor)
    response = client.post(LIST_URL, {"action": "unpublish_selected", "_selected_action": [str(live.pk)], "index": "0"})
    assert "1 unpublished." in _messages(response)
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert client.get(live.get_absolute_url()).status_code == 404


# --- Preview, view on site, history -------------------------------------------------------------


def test_staff_preview_a_draft_that_readers_cannot_see(client, editor, writer, make_article):
    draft = make_article(status=Article.Status.DRAFT, headline="Still cooking")
    preview = f"/admin/articles/article/{draft.pk}/preview/"
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(preview).status_code == 302  # anonymous → login
    for user in (editor, writer):
        client.force_login(user)
        response = client.get(preview)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Still cooking" in html and "This is a draft" in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_view_on_site_points_drafts_to_the_preview(client, editor, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    live = make_article()
    client.force_login(editor)
    assert f'href="/admin/articles/article/{draft.pk}/preview/"' in client.get(_change_url(draft)).content.decode()
    assert f'href="{live.get_absolute_url()}"' in client.get(_change_url(live)).content.decode()


def test_history_restores_an_earlier_version_with_its_tags(client, editor, section):
    client.force_login(editor)
    client.post(ADD_URL, form_data(section, headline="First headline", tags="alpha, beta"))
    article = Article.objects.get(slug="inference-on-a-budget")
    first = Version.objects.get_for_object(article).get()
    client.post(_change_url(article), form_data(section, headline="Second headline", tags="gamma"))
    article.refresh_from_db()
    assert article.headline == "Second headline"
    assert sorted(article.tags.names()) == ["gamma"]

    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    page = client.get(url).content.decode()
    assert 'value="First headline"' in page
    assert re.search(r'name="tags" value="[^"]*alpha', page)
    client.post(url, form_data(section, headline="First headline", tags="alpha, beta"))
    article.refresh_from_db()
    assert article.headline == "First headline"
    assert sorted(article.tags.names()) == ["alpha", "beta"]
    assert len(Version.objects.get_for_object(article)) == 3
    assert [hit.url for hit in search_articles("alpha")] == []  # still a draft: never in search
    assert article.search_vector and "alpha" in article.search_vector and "gamma" not in article.search_vector


# --- Time zone and warnings ---------------------------------------------------------------------


def test_times_are_shown_in_the_site_zone_with_its_name(client, editor, section, make_article):
    # Mid-afternoon on purpose: Django writes midnight and noon as words, not "12 a.m.".
    when = (timezone.localtime() + timedelta(days=3)).replace(hour=15, minute=30)
    make_article(published_at=when, headline="Coming soon")
    client.force_login(editor)
    html = client.get(LIST_URL).content.decode()
    zone_abbreviation = when.tzname()
    assert re.search(rf"\d{{4}}, \d{{1,2}}(:\d\d)? [ap]\.m\. {zone_abbreviation}", html)
    assert "Scheduled" in html
    form = client.get(ADD_URL).content.decode()
    assert "America/New_York" in form
    day, time = _local(timezone.now() + timedelta(days=1))
    response = client.post(ADD_URL, form_data(section, status="published", published_at_0=day, published_at_1=time))
    assert any("is scheduled for" in m and "(America/New_York)" in m for m in _messages(response))


def test_missing_meta_description_and_alt_text_are_warned_about(client, editor, section, upload):
    client.force_login(editor)
    data = form_data(section, seo_description="", dek="")
    data["hero_image"] = upload()
    response = client.post(ADD_URL, data)
    assert response.status_code == 302
    messages = _messages(response)
    assert any("No meta description and no dek" in m for m in messages)
    assert any("The hero image has no alt text" in m for m in messages)


# --- Uploads ------------------------------------------------------------------------------------


def _png(size, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notes.jpg", b"this is not an image at all", "image/jpeg"),
        ("script.png", b"<script>alert(1)</script>", "image/png"),
        ("bomb.png", _png((8_000, 8_000)), "image/png"),  # 64 megapixels in a few kilobytes
        ("bigger-bomb.png", _png((12_000, 12_000)), "image/png"),  # past Pillow's hard limit
        ("animated.tiff", None, "image/tiff"),
    ],
)
def test_bad_uploads_are_form_errors_and_nothing_is_saved(client, editor, section, upload, settings, name, content, content_type):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (50, 50)).save(buffer, "TIFF")
        content = buffer.getvalue()
    client.force_login(editor)
    data = form_data(section, hero_alt="Alt")
    data["hero_image"] = upload(name=name, content=content, content_type=content_type)
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "hero_image" in errors, errors
    assert not Article.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_good_upload_makes_renditions_at_once(client, editor, section, upload, settings):
    client.force_login(editor)
    data = form_data(section, hero_alt="A teal gradient")
    data["hero_image"] = upload(size=(1300, 731))
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (1300, 731)
    renditions = sorted(p.name for p in (settings.MEDIA_ROOT / "renditions").rglob("*.webp"))
    assert len(renditions) == 4


# --- List, filters, search, tag suggestions -----------------------------------------------------


def test_changelist_filters_and_search(client, editor, make_article, section):
    tamsin = Author.objects.create(name="Tamsin Vale", slug="tamsin-vale")
    gpu = make_article(headline="GPU story", tags=["gpu"], authors=[tamsin])
    draft = make_article(headline="Draft story", status=Article.Status.DRAFT)
    soon = make_article(headline="Soon story", published_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)

    def listed(query):
        response = client.get(LIST_URL + query)
        assert response.status_code == 200, query
        return {a.headline for a in response.context["cl"].result_list}

    assert listed("?state=draft") == {draft.headline}
    assert listed("?state=scheduled") == {soon.headline}
    assert listed("?state=live") == {gpu.headline}
    assert listed(f"?section__id__exact={section.pk}") == {gpu.headline, draft.headline, soon.headline}
    assert listed(f"?tags__id__exact={gpu.tags.get().pk}") == {gpu.headline}
    assert listed(f"?authors__id__exact={tamsin.pk}") == {gpu.headline}
    assert listed("?q=tamsin") == {gpu.headline}
    today = timezone.localdate(gpu.published_at)
    assert gpu.headline in listed(f"?published_at__year={today.year}&published_at__month={today.month}")
    html = client.get(ADD_URL).content.decode()
    assert "prepopulated_fields" in html or "data-prepopulated-fields" in html


def test_tag_suggestions_for_staff_only(client, editor, make_article):
    make_article(tags=["DeepSeek", "deep-learning", "gpu"])
    make_article(tags=["deep-learning"])
    response = client.get("/admin/articles/article/tag-suggestions/?q=dee")
    assert response.status_code == 302  # anonymous → login
    client.force_login(editor)
    assert client.get("/admin/articles/article/tag-suggestions/?q=dee").json() == {"tags": ["deep-learning", "DeepSeek"]}
    assert client.get("/admin/articles/article/tag-suggestions/?q=").json() == {"tags": []}
    html = client.get(ADD_URL).content.decode()
    assert 'data-tag-suggest="/admin/articles/article/tag-suggestions/"' in html
    assert 'list="id_tags-suggestions"' in html and '<datalist id="id_tags-suggestions">' in html
