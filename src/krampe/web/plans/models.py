import datetime as dt
import secrets

from django.conf import settings
from django.db import models

from krampe.domain.plan.dose import DEFAULT_START_MG


class SupplementPlan(models.Model):
    """What the person told us to build their plan; the plan itself is computed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplement_plan"
    )
    product = models.CharField(max_length=64, blank=True)
    elemental_mg_per_tablet = models.FloatField(null=True, blank=True)
    compound_mg_per_tablet = models.FloatField(null=True, blank=True)
    scored = models.BooleanField(default=False)
    daily_mg = models.PositiveIntegerField(default=int(DEFAULT_START_MG))
    doctor_prescribed = models.BooleanField(default=False)
    loose_stools = models.BooleanField(default=False)
    sensitive_stomach = models.BooleanField(default=False)
    constipation = models.BooleanField(default=False)
    tight_budget = models.BooleanField(default=False)
    wake = models.TimeField(default=dt.time(7, 0))
    bed = models.TimeField(default=dt.time(23, 0))
    # [{"name": "Eltroxin", "times": ["07:00"]}, ...]
    medicine_times = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private calendar feed URL; the token is the only key, and it can be revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
