"""Fixtures for the magazine tests: real image files and articles with heroes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(size=(1000, 560), image_format="JPEG", colour=(20, 120, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format)
    return buffer.getvalue()


@pytest.fixture
def upload():
    """Make an uploaded image file (a real JPEG unless told otherwise)."""

    def make(name="hero.jpg", size=(1000, 560), image_format="JPEG", content=None, content_type="image/jpeg"):
        data = content if content is not None else image_bytes(size, image_format)
        return SimpleUploadedFile(name, data, content_type=content_type)

    return make


@pytest.fixture
def make_hero_article(make_article, upload):
    """Create a published article with a hero image (renditions are made on save)."""

    def make(size=(1000, 560), **fields):
        fields.setdefault("hero_alt", "Teal gradient")
        fields.setdefault("hero_image", upload(size=size))
        return make_article(**fields)

    return make
