from django.conf import settings
from django.db import models


class HealthProfile(models.Model):
    """The screening profile, stored as the domain's Profile JSON (one schema, one place)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_profile"
    )
    data = models.JSONField(default=dict)
    # The name or initials the person wants on their doctor summary: optional, and never
    # the user name (which may be a nickname). Not part of the screening profile.
    summary_name = models.CharField(max_length=80, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)
