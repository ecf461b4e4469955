from django.conf import settings
from django.db import models


class DietRecord(models.Model):
    """Questionnaire answers or a food log, in the domain's answers JSON format."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diet_record"
    )
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
