from django.conf import settings
from django.db import models


class PushSubscription(models.Model):
    """One browser's push subscription; the person's time zone as that phone reported it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    time_zone = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)


class SentReminder(models.Model):
    """A reminder claimed for sending: one per subscription, reminder and local date.

    The row is written before the push goes out, so a restart, a second worker
    or a second app server never sends the same reminder again.
    """

    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    key = models.CharField(max_length=32)  # the plan's reminder key: "diary", "dose-1", ...
    date = models.DateField()  # the local date the reminder is for
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "key", "date"], name="one_reminder_per_day"
            ),
        ]


class DoseTaken(models.Model):
    """The person said "Taken" for the evening dose of ``date`` (the night that begins then)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="doses_taken"
    )
    date = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_dose_answer_per_night"),
        ]
