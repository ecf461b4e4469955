"""Gather one person's rows as plain data for the exports and the summary.

Every query filters on the user; nothing here reads another person's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from krampe.domain.trial.diary import Night as DiaryNight
from krampe.web.accounts.models import User
from krampe.web.diary.models import Night, Trial
from krampe.web.diary.services import to_domain
from krampe.web.plans.models import CalendarFeed, SupplementPlan
from krampe.web.reminders.models import DoseTaken, PushSubscription

EXPORT_FORMAT = "krampe-export"
EXPORT_VERSION = 1
# A feed token is a password for the person's reminders: an export file may be
# shared (with a doctor, another app), so it never carries one.
# A calendar token, and a push subscription's address and keys, are keys to live
# reminders; an export file may be shared.
# The trial fields the export names, read from the stored design's keys.
TRIAL_NAMED = {"kind": "design", "start": "start", "seed": "seed"}
SECRET_FIELDS = frozenset({"token", "endpoint", "p256dh", "auth"})


def _one(user: User, related: str) -> Any:
    try:
        return getattr(user, related)
    except ObjectDoesNotExist:
        return None


def supplement_plan(user: User) -> SupplementPlan | None:
    row: SupplementPlan | None = _one(user, "supplement_plan")
    return row


def diary_nights(user: User) -> list[DiaryNight]:
    """The person's nights as the trial engine's nights, by date."""
    return to_domain(Night.objects.filter(user=user).order_by("date"))


def iter_diary_nights(user: Any) -> Iterator[DiaryNight]:
    """The same nights one at a time, read in chunks: for streaming a long diary."""
    for row in Night.objects.filter(user=user).order_by("date").iterator(chunk_size=500):
        yield from to_domain([row])


def _row(instance: models.Model) -> dict[str, Any]:
    """Every stored field of a row except its id, its owner and secrets.

    Generic on purpose: a field added to a model later is exported without a
    change here.
    """
    out: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name == "user" or field.name in SECRET_FIELDS:
            continue
        value = field.value_from_object(instance)
        if isinstance(value, dt.datetime | dt.date | dt.time):
            value = value.isoformat()
        out[field.name] = value
    return out


def _trial_row(trial: Trial) -> dict[str, Any]:
    # Kind, start and seed live in the stored design; the export names them as before,
    # as stored, so a design that no longer reads is still exported whole. A sealed
    # blinded trial has no seed: its allocation is in the sealed record, never exported.
    design = trial.design or {}
    named = {key: design.get(source) for key, source in TRIAL_NAMED.items()}
    return {**_row(trial), **named}


def export_everything(user: User) -> dict[str, Any]:
    """All of one person's data as JSON-ready data (the "everything" export)."""
    profile = _one(user, "health_profile")
    diet = _one(user, "diet_record")
    plan = supplement_plan(user)
    feeds = CalendarFeed.objects.filter(user=user).order_by("created_at")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "user": {
            "username": user.username,
            "email": user.email,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(timespec="seconds"),
        },
        "profile": None if profile is None else _row(profile),
        "diet": None if diet is None else _row(diet),
        "plan": None if plan is None else _row(plan),
        "calendar_feeds": [{**_row(feed), "active": feed.revoked_at is None} for feed in feeds],
        "trials": [_trial_row(t) for t in Trial.objects.filter(user=user).order_by("created_at")],
        "nights": [_row(n) for n in Night.objects.filter(user=user).order_by("date")],
        "reminder_phones": [
            _row(p) for p in PushSubscription.objects.filter(user=user).order_by("created_at")
        ],
        "doses_taken": [_row(d) for d in DoseTaken.objects.filter(user=user).order_by("date")],
    }
