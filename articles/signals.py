"""Keep each article's stored search vector in step with its tags, whichever way they change."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article


# taggit's manager (`article.tags.add/set/remove/clear`) reports through m2m_changed.
@receiver(m2m_changed, sender=TaggedItem)
def refresh_after_tags_change(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Article):
        instance.update_search_vector()


# Direct TaggedItem writes (taggit's "merge tags" admin, deleting a tag) bypass the manager.
@receiver(post_save, sender=TaggedItem)
@receiver(post_delete, sender=TaggedItem)
def refresh_after_tagged_item_change(sender, instance, raw=False, **kwargs):
    if not raw and ContentType.objects.get_for_id(instance.content_type_id).model_class() is Article:
        Article.objects.filter(pk=instance.object_id).update_search_vectors()


# Renaming a tag changes the words of every article that carries it.
@receiver(post_save, sender=Tag)
def refresh_after_tag_rename(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        Article.objects.filter(tagged_items__tag=instance).update_search_vectors()


def ensure_tag_slug(sender, instance, raw=False, **kwargs):
    """Give a tag whose name has no letters or digits (“!!!”, “🔥”) a slug its URL can carry.

    taggit would store an empty slug, which no URL can reverse: every page listing the tag would fail.
    """
    if raw or instance.slug:
        return
    base = slugify(instance.name, allow_unicode=True)
    instance.slug = base or "tag-" + hashlib.sha256(instance.name.encode()).hexdigest()[:10]
