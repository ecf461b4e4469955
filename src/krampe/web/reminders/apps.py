from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Push reminders for the evening dose and the morning diary, and their answers."""

    name = "krampe.web.reminders"
    label = "reminders"
