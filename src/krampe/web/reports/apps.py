from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "krampe.web.reports"
    label = "reports"
