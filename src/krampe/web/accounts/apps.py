from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "krampe.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from krampe.web.accounts import security

        user_login_failed.connect(security.log_login_failed, dispatch_uid="krampe-login-failed")
        user_locked_out.connect(security.log_locked_out, dispatch_uid="krampe-locked-out")
