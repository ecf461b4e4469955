from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "krampe.web.accounts"
    label = "accounts"
