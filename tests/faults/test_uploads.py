"""Hostile uploads through the admin, as an Editor: each is refused with a form error, nothing kept."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _png(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (240, 120, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg(size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _png_claiming(width, height) -> bytes:
    """A tiny PNG whose header claims `width`×`height`: a decompression bomb's calling card."""
    data = bytearray(_png((1, 1)))
    ihdr = data[12:29]  # chunk type + 13 bytes of header
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def _zip_bomb_png() -> bytes:
    """A real, complete 8000×8000 PNG: 190 KB on disk, 192 MB once decoded (64 megapixels)."""
    row = b"\x00" + bytes(8000 * 3)
    compressor = zlib.compressobj(1)
    idat = b"".join(compressor.compress(row) for _ in range(8000)) + compressor.flush()

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", 8000, 8000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script>
<rect width="10" height="10" onload="alert(1)"/></svg>"""

def _tiff() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "TIFF")
    return buffer.getvalue()


# case: (file name, a function making the bytes, what the form must say)
HOSTILE_UPLOADS = {
    "decompression-bomb-header": ("bomb.png", lambda: _png_claiming(100_000, 100_000), "far too many pixels"),
    "decompression-bomb-zlib": ("bomb.png", _zip_bomb_png, "far too many pixels"),
    "svg-with-script": ("avatar.svg", lambda: SVG_WITH_SCRIPT, "real JPEG, PNG, WebP or GIF"),
    "svg-renamed-png": ("avatar.png", lambda: SVG_WITH_SCRIPT, "real JPEG, PNG, WebP or GIF"),
    "html-renamed-jpg": ("avatar.jpg", lambda: b"<html><script>alert(1)</script></html>", "real JPEG, PNG, WebP or GIF"),
    "png-as-html": ("avatar.html", _png, "extension “html” is not allowed"),
    "png-double-extension": ("avatar.png.php", _png, "extension “php” is not allowed"),
    "truncated-jpeg": ("avatar.jpg", lambda: _jpeg()[:6000], "real JPEG, PNG, WebP or GIF"),
    "truncated-png": ("avatar.png", lambda: _png((300, 300))[:-40], "real JPEG, PNG, WebP or GIF"),
    "empty-file": ("avatar.png", lambda: b"", "The submitted file is empty."),
    "tiff-not-allowed": ("avatar.tiff", _tiff, "TIFF images aren't accepted"),
    "pdf": ("avatar.pdf", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "real JPEG, PNG, WebP or GIF"),
}


def _change_author(client, author, upload):
    return client.post(
        f"/admin/articles/author/{author.pk}/change/",
        {"name": author.name, "slug": author.slug, "bio": author.bio, "user": "", "avatar": upload},
    )


@pytest.mark.parametrize("case", HOSTILE_UPLOADS, ids=str)
def test_hostile_avatar_is_refused_with_a_form_error(client, editor, house_author, settings, case):
    name, make, message = HOSTILE_UPLOADS[case]
    client.force_login(editor)
    response = _change_author(client, house_author, SimpleUploadedFile(name, make()))
    assert response.status_code == 200, "the form comes back, no 500 and no redirect"
    errors = response.context["adminform"].form.errors
    assert "avatar" in errors, errors
    assert message in " ".join(errors["avatar"]), errors["avatar"]
    assert b"errornote" in response.content
    house_author.refresh_from_db()
    assert not house_author.avatar
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*")), "nothing written to media"


def test_a_real_image_is_accepted(client, editor, house_author):
    client.force_login(editor)
    response = _change_author(client, house_author, SimpleUploadedFile("avatar.jpg", _jpeg((400, 400))))
    assert response.status_code == 302
    house_author.refresh_from_db()
    assert house_author.avatar.name.startswith("authors/")


def test_article_hero_refuses_a_bomb_too(client, editor, make_article):
    article = make_article()
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in ("hero_image", "tags", "authors")}
    data.update(
        {
            "published_at_0": article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": article.published_at.strftime("%H:%M:%S"),
            "tags": "",
            "hero_image": SimpleUploadedFile("hero.png", _png_claiming(60_000, 60_000)),
            "byline-TOTAL_FORMS": "0",
            "byline-INITIAL_FORMS": "0",
        }
    )
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "far too many pixels" in " ".join(response.context["adminform"].form.errors.get("hero_image", []))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: _png_claiming(7000, 6000), "7000×6000 pixels; the limit is 40 megapixels"),
        (lambda: _png() + bytes(9 * 1024 * 1024), "the limit is 8 MB"),
        (lambda: _png_claiming(9000, 9000), "far too many pixels"),  # 81 MP: Pillow's bomb warning
    ],
    ids=["too-many-pixels", "too-many-bytes", "bomb-warning-zone"],
)
def test_validate_image_names_the_limit(content, message):
    from django.core.exceptions import ValidationError

    from fluxsite.images import validate_image

    with pytest.raises(ValidationError) as refused:
        validate_image(SimpleUploadedFile("x.png", content()))
    assert message in refused.value.messages[0]
