from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "krampe.web.core"
    label = "core"

    def ready(self) -> None:
        from krampe.web.core import reportcache

        reportcache.connect()
