"""Forget what is no longer needed: expired sessions and old login failures.

Run on every start of `krampe serve` and by `krampe clean` (daily, from cron).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

log = logging.getLogger("krampe.housekeeping")


@dataclass(frozen=True)
class Cleaned:
    sessions: int
    login_failures: int


def clean() -> Cleaned:
    """Delete expired sessions and login failures older than the lockout's cool-off."""
    from axes.models import AccessAttempt

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    failures, _ = AccessAttempt.objects.filter(
        attempt_time__lt=now - settings.AXES_COOLOFF_TIME
    ).delete()
    if sessions or failures:
        log.info("deleted %s expired sessions and %s old login failures", sessions, failures)
    return Cleaned(sessions, failures)
