from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Magazine"

    def ready(self):
        from articles import wire  # noqa: F401 - connects the wire's signal receivers
