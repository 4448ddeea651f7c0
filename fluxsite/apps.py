from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class FluxsiteConfig(AppConfig):
    name = "fluxsite"
    verbose_name = "Flux site"

    def ready(self):
        from fluxsite import cache

        # Any change to public content, from any process, invalidates every cached page.
        post_save.connect(cache.on_model_change, dispatch_uid="page-cache-save")
        post_delete.connect(cache.on_model_change, dispatch_uid="page-cache-delete")
        m2m_changed.connect(cache.on_m2m_change, dispatch_uid="page-cache-m2m")
        post_migrate.connect(cache.on_migrate, sender=self, dispatch_uid="page-cache-migrate")
