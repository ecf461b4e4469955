"""Answers from reminders: the evening dose recorded with one tap (the nightly form
reads it back through ``krampe.web.core.queries.dose_taken``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from krampe.web.accounts.models import User
from krampe.web.core import reportcache
from krampe.web.diary.models import Night
from krampe.web.reminders.models import DoseTaken


def record_dose(user: User, date: dt.date) -> None:
    """Record tonight's dose; a night already logged for that date says so too."""
    with transaction.atomic():
        DoseTaken.objects.get_or_create(user=user, date=date)
        Night.objects.filter(user=user, date=date).update(took_dose=True, updated_at=timezone.now())
        reportcache.bump(user.pk)  # an update() sends no signal; the adherence changed
