from django.apps import AppConfig
from django.db.models.signals import pre_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Magazine"

    def ready(self):
        from taggit.models import Tag

        from articles.models import Article
        from articles.signals import ensure_tag_slug
        from fluxsite.cache import register_schedule

        # Cached pages expire when the next scheduled article is due.
        register_schedule(lambda: Article.objects.next_due_at())
        pre_save.connect(ensure_tag_slug, sender=Tag, dispatch_uid="articles.ensure_tag_slug")
