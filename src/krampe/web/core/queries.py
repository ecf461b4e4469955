"""What one journey app reads of another's data: the one place for each such query.

The apps (profiles, diet, plans, diary, learn) do not import each other; what
they share goes through here. Each function filters on the person.

- The stored profile and its screening (diet, plan, trial start, overview).
- The active trial (the newest active one) and the latest trial (the active
  one, else the newest), the same tie-break everywhere.
- The overview's facts about last night, and whether the evening dose was
  recorded from a reminder.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from krampe.domain.screening import ProfileError, ScreeningResult, parse_profile, screen
from krampe.domain.screening.profile import Profile
from krampe.domain.vocab import Lang
from krampe.web.accounts.models import User
from krampe.web.diary.models import Night, Trial
from krampe.web.profiles.models import HealthProfile
from krampe.web.reminders.models import DoseTaken, PushSubscription

NEWEST_FIRST = ("-created_at", "-pk")


def profile_data(user: User) -> dict[str, Any] | None:
    """The stored profile JSON, or None before the profile is saved."""
    row = HealthProfile.objects.filter(user=user).first()
    return dict(row.data) if row is not None and row.data else None


def profile_of(user: User) -> Profile | None:
    """The stored profile, checked; None without one or when it no longer reads."""
    data = profile_data(user)
    if data is None:
        return None
    try:
        return parse_profile(data)
    except ProfileError:
        return None


def screening_for(user: User, lang: Lang) -> ScreeningResult | None:
    """The screening of the person's stored profile; None without a usable profile."""
    profile = profile_of(user)
    return None if profile is None else screen(profile, lang)


def profile_medicines(user: User) -> list[str]:
    """The medicine names the person entered in their profile, in their order."""
    data = profile_data(user) or {}
    return [str(n) for n in data.get("medicines") or [] if str(n).strip()]


def active_trial(user: User) -> Trial | None:
    """The person's running trial, if any (the newest active one)."""
    return Trial.objects.filter(user=user, active=True).order_by(*NEWEST_FIRST).first()


def latest_trial(user: User) -> Trial | None:
    """The active trial, else the newest one (for results and the doctor summary)."""
    return active_trial(user) or Trial.objects.filter(user=user).order_by(*NEWEST_FIRST).first()


def night_logged(user: User, date: dt.date) -> bool:
    """Whether the night of ``date`` is logged."""
    return Night.objects.filter(user=user, date=date).exists()


def dose_taken(user: User, date: dt.date) -> bool:
    """Whether the person answered "Taken" on the evening reminder of the night of ``date``."""
    return DoseTaken.objects.filter(user=user, date=date).exists()


def reminder_devices(user: User) -> int:
    """How many of the person's phones are subscribed to push reminders."""
    return PushSubscription.objects.filter(user=user).count()


def night_count(user: User) -> int:
    """How many nights the person has logged."""
    return Night.objects.filter(user=user).count()
