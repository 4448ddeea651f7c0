from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "wire"
    verbose_name = "Wire"

    def ready(self):
        from wire import signals  # noqa: F401 - connect the receivers
