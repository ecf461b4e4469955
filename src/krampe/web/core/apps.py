from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "krampe.web.core"
    label = "core"
