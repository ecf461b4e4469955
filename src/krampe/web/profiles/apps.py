from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "krampe.web.profiles"
    label = "profiles"
