from django.apps import AppConfig


class PwaConfig(AppConfig):
    """The installable web app: manifest, icons, service worker, offline queue."""

    name = "krampe.web.pwa"
    label = "pwa"
