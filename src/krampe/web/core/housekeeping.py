"""Forget what is no longer needed: expired sessions, old login failures, cached reports.

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
    cached_reports: int = 0


def clean() -> Cleaned:
    """Delete expired sessions, login failures older than the lockout's cool-off, and
    every cached report part.

    Cached parts are computed again on the next view: at the start of a new
    release they may read differently, and a day's parts are no use the next day.
    """
    from axes.models import AccessAttempt

    from krampe.web.core import reportcache

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    failures, _ = AccessAttempt.objects.filter(
        attempt_time__lt=now - settings.AXES_COOLOFF_TIME
    ).delete()
    reports = reportcache.forget_all()
    if sessions or failures:
        log.info("deleted %s expired sessions and %s old login failures", sessions, failures)
    return Cleaned(sessions, failures, reports)
