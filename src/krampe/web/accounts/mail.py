"""Whether mail leaves this server: without KRAMPE_EMAIL_URL it is only written to the log."""

from django.conf import settings

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


def mail_is_sent() -> bool:
    return bool(settings.EMAIL_BACKEND != CONSOLE_BACKEND)
