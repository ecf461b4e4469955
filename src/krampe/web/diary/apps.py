from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "krampe.web.diary"
    label = "diary"
