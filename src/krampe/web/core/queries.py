"""What one journey app reads of another's data: the one place for each such query.

The apps (profiles, diet, plans, diary, learn) do not import each other; what
they share goes through here. Each function filters on the person.

- The stored profile and its screening (diet, plan, trial start, overview).
- The active trial (the newest active one) and the latest trial (the active
  one, else the newest), the same tie-break everywhere.
- The overview's facts about last night and the first-run steps done, and
  whether the evening dose was
  recorded from a reminder.
- The checks during the running trial (krampe.domain.trial.watch): the
  prompts, and whether they pause the reminders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, JSONField, OuterRef, Q, Subquery
from django.utils import formats

from krampe.domain.screening import ProfileError, ScreeningResult, parse_profile, screen
from krampe.domain.screening.profile import Profile
from krampe.domain.trial.design import DesignError
from krampe.domain.trial.watch import (
    WatchNote,
    earliest_night_read,
    reminders_paused,
    safety_prompts,
    watch_notes,
)
from krampe.domain.vocab import Lang
from krampe.web.accounts.models import User
from krampe.web.diary.models import Night, Trial
from krampe.web.diet.models import DietRecord
from krampe.web.plans.models import SupplementPlan
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
    """The active trial, else the newest one (for results and the doctor summary).

    One query: active trials sort first (``True`` above ``False``), newest first.
    """
    return Trial.objects.filter(user=user).order_by("-active", *NEWEST_FIRST).first()


def dose_taken(user: User, date: dt.date) -> bool:
    """Whether the person answered "Taken" on the evening reminder of the night of ``date``."""
    return DoseTaken.objects.filter(user=user, date=date).exists()


def reminder_devices(user: User) -> int:
    """How many of the person's phones are subscribed to push reminders."""
    return PushSubscription.objects.filter(user=user).count()


def steps_done(user: User, *, health: bool) -> dict[str, bool]:
    """The first-run steps the person has done: health check (``health``, already
    read by the caller), diet, plan and trial, in one query."""
    mine = {"user": OuterRef("pk")}
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            diet=Subquery(
                DietRecord.objects.filter(**mine).values("answers")[:1],
                output_field=JSONField(),
            ),
            plan=Exists(SupplementPlan.objects.filter(**mine)),
            trial=Exists(Trial.objects.filter(**mine)),
        )
        .values("diet", "plan", "trial")
        .first()
    ) or {"diet": None, "plan": False, "trial": False}
    diet = row["diet"]
    return {
        "health": health,
        "diet": isinstance(diet, dict) and bool(diet.get("answers")),
        "plan": bool(row["plan"]),
        "trial": bool(row["trial"]),
    }


def nights_logged(user: User, date: dt.date) -> tuple[int, bool]:
    """How many nights the person has logged, and whether ``date`` is one: one query."""
    counts = Night.objects.filter(user=user).aggregate(
        total=Count("pk"), that_night=Count("pk", filter=Q(date=date))
    )
    return counts["total"], counts["that_night"] > 0


@dataclass(frozen=True)
class TrialWatch:
    """What the checks during the running trial say today."""

    trial: Trial
    notes: tuple[WatchNote, ...]
    paused: bool  # the reminders are paused (krampe.domain.trial.watch.reminders_paused)


def trial_watch(user: User, today: dt.date, lang: Lang) -> TrialWatch | None:
    """The prompts of the person's running trial; None without one."""
    trial = active_trial(user)
    return None if trial is None else watch_of(trial, today, lang)


def watch_of(trial: Trial, today: dt.date, lang: Lang) -> TrialWatch | None:
    """:func:`trial_watch` of the running trial read already."""
    try:
        running = trial.running()
    except DesignError:
        return None
    # Imported here: the diary's services read this module for other queries.
    from krampe.web.diary.services import to_domain

    # Only the nights the checks can read: the cost follows the trial, not the diary.
    window = Night.objects.filter(
        user_id=trial.user_id,
        date__gte=earliest_night_read(running.start),
        date__lte=running.end,
    )
    prompts = safety_prompts(
        to_domain(window.order_by("date")),
        start=running.start,
        end=running.end,
        today=today,
        resumed_through=trial.reminders_resumed_through,
    )
    if not prompts:
        return TrialWatch(trial, (), False)
    red_night = next((p.night for p in prompts if p.pauses_reminders), None)
    date_text = formats.date_format(red_night, "DATE_FORMAT") if red_night else ""
    notes = watch_notes(prompts, lang, blinded=running.kind == "blinded", date_text=date_text)
    return TrialWatch(trial, tuple(notes), reminders_paused(prompts))


def trial_reminders_paused(user: User, today: dt.date) -> bool:
    """Whether the running trial's checks pause the person's reminders today."""
    return reminders_paused_by(active_trial(user), today)


def reminders_paused_by(trial: Trial | None, today: dt.date) -> bool:
    """:func:`trial_reminders_paused` of the running trial read already (None: none)."""
    watch = None if trial is None else watch_of(trial, today, "en")
    return watch is not None and watch.paused
