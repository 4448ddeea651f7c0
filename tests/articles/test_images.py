"""The media library: images uploaded from the editor, placed by reference, rendered as figures."""

from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Image
from fluxsite.markdown import render_markdown
from tests.articles.conftest import image_bytes
from tests.conftest import admin_csrf_token
from tests.faults.test_uploads import HOSTILE_UPLOADS

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/articles/image/upload/"
LIBRARY_URL = "/admin/articles/image/library/"


def upload(client, file, **fields):
    data = {"file": file, "alt_text": "A rack of GPUs", "caption": "", "credit": "", **fields}
    return client.post(UPLOAD_URL, data, HTTP_X_CSRFTOKEN=admin_csrf_token(client))


@pytest.fixture
def make_image(writer):
    def make(size=(1400, 800), **fields):
        fields.setdefault("alt_text", "Bar chart of GPU prices")
        image = Image(uploaded_by=writer, **fields)
        image.file.save("chart.png", SimpleUploadedFile("chart.png", image_bytes(size, "PNG")), save=False)
        image.save()
        return image

    return make


def test_writer_uploads_an_image_and_gets_its_reference(writer_client, writer, settings):
    response = upload(writer_client, SimpleUploadedFile("gpus.jpg", image_bytes((1600, 900))), caption='The "cheap" rack', credit="Photo: Flux")
    assert response.status_code == 201, response.content
    image = Image.objects.get()
    assert response.json() == {"id": image.pk, "markdown": f'![A rack of GPUs](image:{image.pk} "The ”cheap” rack")', "thumbnail": image.thumbnail.src}
    assert (image.width, image.height, image.uploaded_by) == (1600, 900, writer)
    # Renditions were made with the upload, not left for a reader's request.
    renditions = sorted(p.name for p in Path(settings.MEDIA_ROOT, "renditions").rglob("*.webp"))
    assert len(renditions) == 5  # 480, 800, 1200, 1600 and the 240 px thumbnail


def test_alt_text_is_required(writer_client):
    response = upload(writer_client, SimpleUploadedFile("gpus.jpg", image_bytes()), alt_text="  ")
    assert response.status_code == 400
    assert response.json()["errors"]["alt_text"] == ["This field is required."]
    assert not Image.objects.exists()


@pytest.mark.parametrize("case", ["svg-with-script", "html-renamed-jpg", "pdf", "truncated-jpeg", "decompression-bomb-zlib", "empty-file"])
def test_hostile_uploads_get_a_reason_and_store_nothing(writer_client, settings, case):
    name, make, message = HOSTILE_UPLOADS[case]
    response = upload(writer_client, SimpleUploadedFile(name, make()))
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"]["file"])
    assert not Image.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_50_mb_upload_is_refused_before_it_is_read(writer_client):
    response = upload(writer_client, SimpleUploadedFile("huge.jpg", bytes(50 * 1024 * 1024)))
    assert response.status_code == 413
    assert response.json()["error"] == "This file is over 8 MB, the limit for images."


def test_upload_needs_the_add_permission_and_a_post(client, writer_client, django_user_model):
    assert writer_client.get(UPLOAD_URL).status_code == 405
    staff = django_user_model.objects.create_user("nobody", password="pw-for-tests-1", is_staff=True)
    client.force_login(staff)
    assert client.post(UPLOAD_URL, {"alt_text": "x"}).status_code == 403


def test_library_search_finds_by_words(writer_client, make_image):
    chart = make_image(alt_text="Bar chart of GPU prices", caption="Spot prices, November")
    make_image(alt_text="Portrait of a founder")
    found = writer_client.get(LIBRARY_URL, {"q": "november"}).json()["images"]
    assert [(i["id"], i["markdown"]) for i in found] == [(chart.pk, f'![Bar chart of GPU prices](image:{chart.pk} "Spot prices, November")')]
    assert len(writer_client.get(LIBRARY_URL).json()["images"]) == 2


# --- Rendering --------------------------------------------------------------------------------


def test_a_placed_image_renders_as_a_responsive_figure(make_image):
    image = make_image(caption="Library caption", credit="Chart: Flux data desk")
    html = render_markdown(f'Intro.\n\n![Prices fell](image:{image.pk} "Spot prices fell 40%")\n\nAfter.')
    figure = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//figure")[0]
    img = figure.xpath("img")[0]
    assert img.get("alt") == "Prices fell"
    assert img.get("loading") == "lazy" and img.get("decoding") == "async"
    assert img.get("srcset").count(".webp") == 4 and img.get("srcset").endswith("1400w")  # never upscaled past 1400
    assert img.get("sizes") == "(min-width: 48rem) 46rem, calc(100vw - 2rem)"
    assert (img.get("width"), img.get("height")) == ("800", "457")
    assert img.get("src").endswith(".webp")
    assert figure.xpath("string(figcaption)") == "Spot prices fell 40% Chart: Flux data desk"
    assert "<p><figure" not in html and "image:" not in html
    # Without its own alt and caption, the library's are used.
    plain = render_markdown(f"![](image:{image.pk})")
    assert 'alt="Bar chart of GPU prices"' in plain and "Library caption" in plain


def test_a_reference_to_a_missing_image_renders_nothing_broken(make_image):
    image = make_image()
    gone = image.pk
    image.delete()
    html = render_markdown(f"Before.\n\n![Gone](image:{gone} \"cap\")\n\nText with ![inline](image:{gone}) picture.\n\n![x](image:999999999)")
    assert "<img" not in html and "<figure" not in html and "image:" not in html
    assert "<p>Text with  picture.</p>" in html


def test_typed_html_cannot_smuggle_off_site_images_or_script():
    html = render_markdown('<img src="/media/a.png" srcset="https://tracker.example/p.gif 1x" loading="x" onerror="alert(1)"><script>alert(1)</script>')
    assert "tracker.example" not in html and "onerror" not in html and "<script" not in html and 'loading="x"' not in html


def test_editing_an_image_updates_articles_that_place_it(client, editor, make_image, make_article):
    image = make_image(caption="Old caption")
    article = make_article(body=f"Text.\n\n![](image:{image.pk})")
    updated_at = article.updated_at
    assert "Old caption" in article.body_html
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {"alt_text": image.alt_text, "caption": "New caption", "credit": ""},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert "New caption" in article.body_html and "Old caption" not in article.body_html
    assert article.updated_at == updated_at  # not an edit of the story


# --- Deleting ---------------------------------------------------------------------------------


def test_an_image_a_published_article_places_cannot_be_deleted(client, editor, make_image, make_article):
    image = make_image()
    article = make_article(body=f"![](image:{image.pk})", headline="Spot prices fell")
    client.force_login(editor)
    url = f"/admin/articles/image/{image.pk}/delete/"
    page = client.get(url).content.decode()
    assert "Spot prices fell (published; take the image out of its text first)" in page
    assert client.post(url, {"post": "yes"}).status_code == 200
    assert Image.objects.filter(pk=image.pk).exists()
    # The bulk action refuses too.
    client.post("/admin/articles/image/", {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()
    # Once the article no longer places it, it goes, and the article's stored page is unchanged.
    Article.objects.filter(pk=article.pk).update(body="No picture now.")
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()


def test_deleting_an_image_only_drafts_use_renders_them_without_it(client, editor, make_image, make_article):
    image = make_image()
    other = make_image(alt_text="Another chart")
    draft = make_article(body=f"Intro.\n\n![](image:{image.pk})\n\n![](image:{other.pk})", status=Article.Status.DRAFT)
    published = make_article(body=f"![](image:{image.pk}0)")  # image:<pk>0 is another number
    client.force_login(editor)
    assert client.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"}).status_code == 302
    draft.refresh_from_db()
    assert draft.body_html.count("<figure>") == 1 and "Another chart" in draft.body_html
    assert list(Article.objects.using_images([image.pk])) == [draft]
    assert published not in Article.objects.using_images([image.pk])
