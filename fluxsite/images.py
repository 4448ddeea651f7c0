"""Upload validation shared by every image field (hero images, avatars, tool logos)."""

import warnings

from django.core.exceptions import ValidationError
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
            file.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(file) as image:
                    image_format = image.format
                    width, height = image.size
                    image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError("This image has far too many pixels to be processed safely.", code="bomb") from None
        except Exception:  # noqa: BLE001 - Pillow raises many types for a broken or foreign file
            raise ValidationError(
                "Upload a real JPEG, PNG, WebP or GIF image; this file isn't one (or is damaged).",
                code="invalid_image",
            ) from None
        finally:
            file.seek(position)
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(
                "%(format)s images aren't accepted; use JPEG, PNG, WebP or GIF.",
                params={"format": image_format},
                code="format",
            )
        if width * height > self.max_pixels:
            raise ValidationError(
                "This image is %(w)s×%(h)s pixels; the limit is %(mp)s megapixels.",
                params={"w": width, "h": height, "mp": self.max_pixels // 1_000_000},
                code="too_many_pixels",
            )

    def __eq__(self, other):
        return (
            isinstance(other, ImageUploadValidator)
            and self.max_bytes == other.max_bytes
            and self.max_pixels == other.max_pixels
        )


validate_image = ImageUploadValidator()
