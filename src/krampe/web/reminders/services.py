"""Answers from reminders: the evening dose recorded with one tap."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from krampe.web.diary.models import Night
from krampe.web.reminders.models import DoseTaken


def dose_taken(user: Any, date: dt.date) -> bool:
    """Whether the person answered "Taken" for the dose of the night of ``date``."""
    return DoseTaken.objects.filter(user=user, date=date).exists()


def record_dose(user: Any, date: dt.date) -> None:
    """Record tonight's dose; a night already logged for that date says so too."""
    with transaction.atomic():
        DoseTaken.objects.get_or_create(user=user, date=date)
        Night.objects.filter(user=user, date=date).update(took_dose=True, updated_at=timezone.now())
