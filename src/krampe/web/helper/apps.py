from django.apps import AppConfig


class HelperConfig(AppConfig):
    name = "krampe.web.helper"
    label = "helper"
    default_auto_field = "django.db.models.BigAutoField"
