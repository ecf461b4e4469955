from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "krampe.web.learn"
    label = "learn"
