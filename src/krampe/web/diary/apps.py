from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "krampe.web.diary"
    label = "diary"

    def ready(self) -> None:
        from krampe.web.diary import versions

        versions.connect()
