"""The writing desk's preview: the server renders the editor's text as the published page would."""

import pytest

from articles.models import Article
from fluxsite.markdown import reading_minutes, render_markdown, word_count
from tests.conftest import admin_csrf_token

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/writing/preview/"
FRAME_URL = "/admin/writing/frame/"


def preview(client, text):
    # As admin-writing.js sends it: the text as the request body, the token in a header.
    return client.post(PREVIEW_URL, text, content_type="text/plain; charset=utf-8", HTTP_X_CSRFTOKEN=admin_csrf_token(client))


def test_preview_is_the_published_pipeline(writer_client, make_article):
    text = "## Costs\n\nTokens *add up*.\n\n>> The cheapest token is the one you never send.\n\n<script>alert(1)</script><p onclick=x>hi</p>"
    response = preview(writer_client, text)
    assert response.status_code == 200
    data = response.json()
    assert data["html"] == render_markdown(text)
    assert '<aside class="pullquote">\n<p>The cheapest token is the one you never send.</p>\n</aside>' in data["html"]
    assert "<script" not in data["html"] and "onclick" not in data["html"]
    # The same text saved as an article gives the stored HTML readers get.
    assert make_article(body=text).body_html == data["html"]
    assert data["words"] == word_count(text) and data["minutes"] == reading_minutes(text)


def test_preview_needs_the_csrf_token_and_a_staff_login(writer_client, client):
    assert writer_client.post(PREVIEW_URL, "hi", content_type="text/plain").status_code == 403  # no token
    anonymous = client.post(PREVIEW_URL, "hi", content_type="text/plain")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert writer_client.get(PREVIEW_URL).status_code == 405


def test_a_huge_body_previews_and_saves_without_error(writer_client, section, writer):
    paragraph = " ".join(f"word{i} is *here*" for i in range(80))
    text = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(420))  # about 100,000 words
    assert word_count(text) > 100_000
    data = preview(writer_client, text).json()
    assert data["words"] == word_count(text) and data["minutes"] == round(word_count(text) / 230)
    assert data["html"].count("<h2>") == 420


def test_a_body_over_the_upload_limit_gets_a_reason(writer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = preview(writer_client, "x " * 10_000)
    assert response.status_code == 413
    assert "too long to preview" in response.json()["error"]


def test_the_frame_loads_the_site_css_and_may_be_framed_by_the_admin_only(writer_client):
    response = writer_client.get(FRAME_URL)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "css/site.css" in html and 'class="article__body prose"' in html
    # Every other page still refuses to be framed.
    assert "frame-ancestors 'none'" in writer_client.get("/admin/")["Content-Security-Policy"]


def test_the_article_form_carries_the_editor_and_the_share_previews(writer_client, make_article):
    article = make_article(status=Article.Status.DRAFT)
    html = writer_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "data-markdown-editor" in html and f'data-preview-url="{PREVIEW_URL}"' in html
    assert f'src="{FRAME_URL}"' in html
    assert "vendor/easymde/easymde.min.js" in html and "js/admin-writing.js" in html
    assert "data-share-preview" in html and "data-serp-title" in html and "data-card-title" in html
    # The add form has them too: the preview works before the first save.
    add = writer_client.get("/admin/articles/article/add/").content.decode()
    assert "data-markdown-editor" in add and "data-share-preview" in add
