"""Checks before publishing: warnings shown in the form, never blocking; an editor's override is recorded."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from articles import services
from articles.checks import article_warnings
from articles.models import Article, Image, PublishingOverride
from tests.articles.conftest import image_bytes

pytestmark = pytest.mark.django_db

CLEAN = {
    "headline": "Spot GPUs, by the minute",
    "dek": "What renting compute by the minute costs.",
    "seo_description": "What renting compute by the minute costs three small teams.",
    "body": "Plain words.",
}


def codes(article):
    return [warning.code for warning in article_warnings(article)]


def test_a_clean_draft_has_no_warnings(make_article):
    assert codes(make_article(status=Article.Status.DRAFT, **CLEAN)) == []


def test_search_fields_missing_or_too_long(make_article):
    assert codes(make_article(**{**CLEAN, "seo_description": ""})) == ["no-description"]
    long_headline = make_article(**{**CLEAN, "headline": "An unusually long headline about renting GPUs by the minute"})
    assert codes(long_headline) == ["title-long"]
    assert "search results show about 53" in str(article_warnings(long_headline)[0])
    assert codes(make_article(**{**CLEAN, "seo_title": "Short", "headline": long_headline.headline + "!"})) == []
    assert codes(make_article(**{**CLEAN, "seo_description": "x" * 158})) == ["description-long"]


def test_missing_alt_text_on_the_hero_and_in_the_text(make_article, upload):
    article = make_article(**{**CLEAN, "hero_image": upload(), "hero_alt": " ", "body": "![](/media/chart.png)"})
    assert codes(article) == ["hero-alt", "image-alt"]


def test_insecure_and_broken_internal_links(make_article, settings):
    settings.SITE_URL = "https://flux.example"
    live = make_article(**CLEAN, slug="live-story")
    draft = make_article(**{**CLEAN, "status": Article.Status.DRAFT}, slug="draft-story")
    body = (
        f"[a](http://example.com/) [b](https://example.com/) [ok](/articles/{live.slug}/) "
        f"[draft](/articles/{draft.slug}/) [gone](/articles/no-such-story/) [nowhere](/no/such/page/) "
        f"[abs]({settings.SITE_URL}/sections/nope/) [section](/sections/ai-tools/) [media](/media/x.pdf) [anchor](#top)"
    )
    warnings = article_warnings(make_article(**{**CLEAN, "body": body}))
    assert [w.code for w in warnings] == ["http-link"] + ["broken-link"] * 4
    assert [re.search(r"Link to (\S+)", str(w)).group(1) for w in warnings[1:]] == [
        f"/articles/{draft.slug}/", "/articles/no-such-story/", "/no/such/page/", "/sections/nope/"
    ]


def test_a_placed_image_that_is_gone(make_article, writer):
    image = Image(alt_text="Chart", uploaded_by=writer)
    image.file.save("c.png", SimpleUploadedFile("c.png", image_bytes((400, 300), "PNG")), save=False)
    image.save()
    article = make_article(**{**CLEAN, "body": f"![](image:{image.pk})\n\n![](image:{image.pk + 1})"})
    assert [str(w) for w in article_warnings(article)] == [
        f"The text places image {image.pk + 1}, which is no longer in the library: it won't show."
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("She now makes $4,000 a month from it.", True),
        ("Revenue reached $12k/month by spring.", True),
        ("He earned $900 in his first week.", True),
        ("He earned $900 in his first week (self-reported).", False),
        ("The GPU costs $2 an hour to rent.", False),
        ("The plan costs $20 a month.", True),  # a price per month reads like earnings; the editor decides
        ("Prices fell by 40% in a year.", False),
    ],
)
def test_earnings_figures_must_be_labelled_self_reported(make_article, text, flagged):
    assert ("earnings-unlabelled" in codes(make_article(**{**CLEAN, "body": text}))) is flagged


def test_the_form_shows_the_warnings(client, editor, make_article):
    article = make_article(**{**CLEAN, "seo_description": "", "body": "[x](http://example.com/)"})
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'class="publishing-checks"' in html
    assert "No meta description: search engines will be shown the dek." in html
    assert "Link to an insecure page: http://example.com/" in html
    clean = make_article(**CLEAN)
    assert "No warnings." in client.get(f"/admin/articles/article/{clean.pk}/change/").content.decode()


def _post_back(client, article, **changes):
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in ("hero_image", "tags", "published_at")}
    data.update({"tags": "", "published_at_0": "", "published_at_1": "", "byline-TOTAL_FORMS": "0", "byline-INITIAL_FORMS": "0"})
    data.update(changes)
    return client.post(f"/admin/articles/article/{article.pk}/change/", data)


def test_an_editor_publishes_over_warnings_and_the_override_is_recorded(client, editor, make_article):
    draft = make_article(**{**CLEAN, "status": Article.Status.DRAFT, "body": "[x](http://example.com/)"})
    client.force_login(editor)
    response = _post_back(client, draft, status="published")
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    draft.refresh_from_db()
    assert draft.is_published  # warnings don't block
    override = PublishingOverride.objects.get(article=draft)
    assert override.user == editor and override.warnings == ["Link to an insecure page: http://example.com/ (use https:// if the site has it)."]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("published over 1 warning(s); your override is recorded" in m for m in messages)
    assert Version.objects.get_for_object(draft).first().revision.comment == (
        "Changed Status. Published over the checks' warnings: Link to an insecure page: http://example.com/ "
        "(use https:// if the site has it)."
    )
    page = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert f"by {editor.username}: Link to an insecure page" in page
    # Saving it again while live records nothing new.
    _post_back(client, draft, status="published")
    assert PublishingOverride.objects.filter(article=draft).count() == 1


def test_publishing_from_the_list_records_overrides_too(make_article, editor):
    warned = make_article(**{**CLEAN, "status": Article.Status.DRAFT, "seo_description": ""})
    clean = make_article(**{**CLEAN, "status": Article.Status.DRAFT})
    for article in (warned, clean):
        services.article_publish(article=article, user=editor)
    assert list(PublishingOverride.objects.values_list("article", flat=True)) == [warned.pk]


def test_a_writer_saving_a_draft_records_no_override(client, writer, make_article):
    draft = make_article(**{**CLEAN, "status": Article.Status.DRAFT, "seo_description": ""})
    client.force_login(writer)
    assert _post_back(client, draft, status="published").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and not PublishingOverride.objects.exists()
