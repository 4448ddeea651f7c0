from django.apps import AppConfig


class FluxsiteConfig(AppConfig):
    name = "fluxsite"
    verbose_name = "Flux site"
