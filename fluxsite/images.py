"""Upload validation shared by every image field (hero images, avatars, tool logos)."""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from PIL import Image

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}

# Pillow warns above MAX_IMAGE_PIXELS and raises at twice that; we reject at the warning.
Image.MAX_IMAGE_PIXELS = 50_000_000


@deconstructible
class ImageUploadValidator:
    """Reject files that aren't real raster images, or are too large in bytes or pixels."""

    def __init__(self, max_bytes=8 * 1024 * 1024, max_pixels=40_000_000):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def __call__(self, file):
        if file.size > self.max_bytes:
            raise ValidationError(
                "This image is %(size)s MB; the limit is %(limit)s MB.",
                params={"size": round(file.size / 1_048_576, 1), "limit": self.max_bytes // 1_048_576},
                code="too_big",
            )
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            self._inspect(file)
        finally:
            file.seek(position)

    def _inspect(self, file):
        """Read the header, check format and pixel count, and only then decode the pixels."""
        try:
            file.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(file) as image:
                    width, height = image.size
                    if image.format not in ALLOWED_FORMATS:  # before any decoding of formats we don't take
                        raise ValidationError(
                            "%(format)s images aren't accepted; use JPEG, PNG, WebP or GIF.",
                            params={"format": image.format},
                            code="format",
                        )
                    if width * height > self.max_pixels:
                        raise ValidationError(
                            "This image is %(w)s×%(h)s pixels; the limit is %(mp)s megapixels.",
                            params={"w": width, "h": height, "mp": self.max_pixels // 1_000_000},
                            code="too_many_pixels",
                        )
                    image.verify()
                # verify() checks structure only (for JPEG, barely): decode the pixels too, so a
                # truncated or corrupt file is refused here rather than breaking renditions later.
                # JPEG decodes at 1/8 scale (draft), which still reads the whole stream.
                file.seek(0)
                with Image.open(file) as image:
                    if image.format == "JPEG":
                        image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                    image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError("This image has far too many pixels to be processed safely.", code="bomb") from None
        except Exception:  # noqa: BLE001 - Pillow raises many types for a broken or foreign file
            raise ValidationError(
                "Upload a real JPEG, PNG, WebP or GIF image; this file isn't one (or is damaged).",
                code="invalid_image",
            ) from None

    def __eq__(self, other):
        return (
            isinstance(other, ImageUploadValidator)
            and self.max_bytes == other.max_bytes
            and self.max_pixels == other.max_pixels
        )


validate_image = ImageUploadValidator()


class ImageFormField(forms.ImageField):
    """Form field that runs validate_image before Django's own Pillow check.

    Django's check answers every refusal with one generic message; ours tells the editor why
    (too many pixels, wrong format, damaged) before the file is decoded any further.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # empty file, missing name: Django's own messages
        if upload is not None:
            validate_image(upload)
        return super().to_python(data)


class ImageField(models.ImageField):
    """models.ImageField whose forms (the admin's too) explain refusals with validate_image.

    Migrations see a plain models.ImageField: nothing in the database differs.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
