from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "krampe.web.plans"
    label = "plans"
