from django.apps import AppConfig


class DietConfig(AppConfig):
    name = "krampe.web.diet"
    label = "diet"
