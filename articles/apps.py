from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Magazine"

    def ready(self):
        from articles import signals  # noqa: F401 - connects the receivers
        from articles.models import Article
        from fluxsite.cache import register_schedule

        # Cached pages expire when the next scheduled article is due.
        register_schedule(lambda: Article.objects.next_due_at())
        from articles import wire  # noqa: F401 - connects the wire's signal receivers
