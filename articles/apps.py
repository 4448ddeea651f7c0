from django.apps import AppConfig
from django.db.models.signals import pre_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Magazine"

    def ready(self):
        from taggit.models import Tag

        from articles.signals import ensure_tag_slug

        pre_save.connect(ensure_tag_slug, sender=Tag, dispatch_uid="articles.ensure_tag_slug")
