"""Signal receivers of the magazine (search vectors are kept current by database triggers)."""

import hashlib

from django.utils.text import slugify


def ensure_tag_slug(sender, instance, raw=False, **kwargs):
    """Give a tag whose name has no letters or digits (“!!!”, “🔥”) a slug its URL can carry.

    taggit would store an empty slug, which no URL can reverse: every page listing the tag would fail.
    """
    if raw or instance.slug:
        return
    base = slugify(instance.name, allow_unicode=True)
    instance.slug = base or "tag-" + hashlib.sha256(instance.name.encode()).hexdigest()[:10]
