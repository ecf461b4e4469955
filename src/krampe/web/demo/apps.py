from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo account (``krampe demo``): a person with eight weeks of simulated data."""

    name = "krampe.web.demo"
    label = "demo"
