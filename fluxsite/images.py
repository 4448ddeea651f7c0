"""Images shared by every app: upload validation and responsive renditions (heroes, avatars, tool logos)."""

import functools
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from imagekit.cachefiles import ImageCacheFile
from imagekit.cachefiles.backends import CacheFileState, Simple
from imagekit.models import ImageSpecField
from PIL import Image
from pilkit.processors import ResizeToFit, Transpose

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


# --- Renditions -------------------------------------------------------------------------------
# Responsive WebP renditions made by django-imagekit when the source image is saved (the
# Optimistic strategy, see settings), so a reader's request only builds URLs: no generation, no
# file-system or storage look-ups.

RENDITION_WIDTHS = (480, 800, 1200, 1600)
FALLBACK_WIDTH = 800  # the plain `src` for browsers that ignore srcset
RENDITION_MEMO_SIZE = 20_000  # rendition names kept per process: about 650 bytes each, 13 MB at most


class StorageCheckedBackend(Simple):
    """Decide whether a rendition exists by asking the storage, not a cache that can outlive the files.

    imagekit's default backend remembers "exists" in the shared cache forever; after media is
    restored or moved, that memory would stop renditions from ever being made again. Asking
    the storage costs one look-up per rendition, and only when an image is saved.
    """

    def get_state(self, file, check_if_unknown=True):
        return CacheFileState.EXISTS if self._exists(file) else CacheFileState.DOES_NOT_EXIST

    def set_state(self, file, state):
        pass


@functools.lru_cache(maxsize=RENDITION_MEMO_SIZE)
def rendition_location(model, spec_name, source_name):
    """Where rendition `spec_name` of the image stored as `source_name` lives: (storage, file name).

    imagekit names a rendition by hashing the source's file name with the spec, a large part of an
    uncached page's CPU when done per render (docs/performance.md). Nothing else goes into the name, and a replaced
    image is stored under a new file name, so the answer can be kept per process. The URL is
    still asked of the storage on every render (object storage may sign it for a limited time).
    Only the name is needed: the page never generates (the Optimistic strategy, see settings).
    """
    spec = getattr(model, spec_name).get_spec(source=File(None, name=source_name))
    cachefile = ImageCacheFile(spec)
    return cachefile.storage, cachefile.name


@dataclass(frozen=True)
class Candidate:
    url: str
    width: int | None
    height: int | None


class ResponsiveImage:
    """What a template needs for one responsive <img>: src, srcset, width and height."""

    def __init__(self, instance, renditions):
        self.source = getattr(instance, renditions.source)
        self._instance = instance
        self._renditions = renditions

    def __bool__(self):
        return bool(self.source)

    @cached_property
    def candidates(self):
        """Renditions that differ in size, smallest first (never wider than the original)."""
        if not self.source:
            return []
        source_width, source_height = self._renditions.source_size(self._instance)
        found = []
        for width in self._renditions.widths:
            storage, name = rendition_location(type(self._instance), self._renditions.spec_name(width), self.source.name)
            url = storage.url(name)
            if not source_width or not source_height:
                found.append(Candidate(url, width, None))
                continue
            actual = min(width, source_width)  # renditions are never upscaled
            if found and found[-1].width == actual:
                break
            found.append(Candidate(url, actual, round(source_height * actual / source_width)))
        return found

    @cached_property
    def fallback(self):
        candidates = self.candidates
        return next((c for c in candidates if c.width and c.width >= FALLBACK_WIDTH), candidates[-1] if candidates else None)

    @property
    def src(self):
        return self.fallback.url if self.fallback else ""

    @property
    def srcset(self):
        return ", ".join(f"{c.url} {c.width}w" for c in self.candidates)

    @property
    def width(self):
        return self.fallback.width if self.fallback and self.fallback.height else None

    @property
    def height(self):
        return self.fallback.height if self.fallback else None

    def largest(self):
        return self.candidates[-1] if self.candidates else None


class Renditions:
    """Declare WebP renditions of a model's image field; `instance.<name>` is a ResponsiveImage.

    ``hero = Renditions("hero_image")`` adds one imagekit ImageSpecField per width
    (``hero_480``, ``hero_800``, …), generated when the image is saved. Give the source field
    ``width_field``/``height_field`` so pages know the sizes without opening the file.
    """

    def __init__(self, source, widths=RENDITION_WIDTHS, quality=80):
        self.source = source
        self.widths = tuple(sorted(widths))
        self.quality = quality

    def spec_name(self, width):
        return f"{self.name}_{width}"

    def contribute_to_class(self, cls, name):
        self.name = name
        self.model = cls
        for width in self.widths:
            ImageSpecField(
                source=self.source,
                processors=[Transpose(), ResizeToFit(width=width, upscale=False)],
                format="WEBP",
                options={"quality": self.quality, "method": 4},
            ).contribute_to_class(cls, self.spec_name(width))
        setattr(cls, name, self)

    def source_size(self, instance):
        field = instance._meta.get_field(self.source)
        width = getattr(instance, field.width_field, None) if field.width_field else None
        height = getattr(instance, field.height_field, None) if field.height_field else None
        return width, height

    def generate(self, instance):
        """Make any missing renditions of this instance's image now (bulk-created rows skip signals)."""
        for width in self.widths:
            if getattr(instance, self.source):
                getattr(instance, self.spec_name(width)).generate()

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return ResponsiveImage(instance, self)


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
