"""Glue between the diary's Django models and the trial engine.

Nothing clinical is decided here: the design (phases, run-ins, allocation) and
the analysis come from :mod:`krampe.domain.trial`; this module only converts
rows to domain objects and back, and keeps a blinded allocation out of sight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from krampe.domain.trial import design as trial_design
from krampe.domain.trial.diary import CSV_HEADER, UNLABELLED_PHASE
from krampe.domain.trial.diary import Night as DomainNight
from krampe.web.accounts.models import User
from krampe.web.diary.models import Night, Trial

LANGS = ("da", "en")


def lang() -> str:
    """The person's language as the domain knows it ("da" or "en")."""
    code = (translation.get_language() or "da")[:2]
    return code if code in LANGS else "da"


def person(request: HttpRequest) -> User:
    """The logged-in person (every page here requires a login)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def last_night(today: dt.date | None = None) -> dt.date:
    """The date of "last night": a night is dated by the evening it began."""
    return (today or timezone.localdate()) - dt.timedelta(days=1)


def active_trial(user: Any) -> Trial | None:
    """The person's running trial, if any (the newest active one)."""
    return Trial.objects.filter(user=user, active=True).order_by("-created_at", "-pk").first()


def design_of(trial: Trial) -> trial_design.Design:
    """The stored design, read back through the engine (which checks a blinded seed)."""
    return trial_design.design_from_dict(trial.design)


def is_blind(trial: Trial | None) -> bool:
    """True while the person must not learn which periods are magnesium."""
    return trial is not None and trial.kind == "blinded" and trial.unblinded_at is None


def stored_phase(trial: Trial | None, date: dt.date) -> str:
    """The phase to store with a night of ``date``.

    Outside a trial the phase is empty. In a blinded trial that has not been
    unblinded only run-in nights are labelled (every period starts with one, so
    that says nothing about the content); the other nights stay empty until
    the unblinding step fills them in, so nothing stored or exported can give
    the allocation away.
    """
    if trial is None:
        return ""
    phase = design_of(trial).phase_on(date)
    if phase is None:
        return ""
    if is_blind(trial) and phase != "run_in":
        return ""
    return phase


# The answers of a night: the diary's columns without its date and phase.
NIGHT_FIELDS = tuple(name for name in CSV_HEADER if name not in ("date", "phase"))


def night_values(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The stored fields of a night from a checked NightForm's data, with its phase."""
    values = {name: data[name] for name in NIGHT_FIELDS}
    values["phase"] = stored_phase(active_trial(user), data["date"])
    return values


def to_domain(nights: Iterable[Night]) -> list[DomainNight]:
    """Rows as the engine's nights (phase as stored; apply a design to relabel)."""
    return [
        DomainNight(
            date=n.date,
            phase=n.phase or UNLABELLED_PHASE,
            cramps=n.cramps,
            worst_pain=n.worst_pain,
            awakenings=n.awakenings,
            took_dose=n.took_dose,
            stretched=n.stretched,
            side_effect=n.side_effect or None,
            note=n.note,
        )
        for n in nights
    ]


def create_trial(user: Any, kind: str, start: dt.date, seed: int | None) -> Trial:
    """Start a trial; any running trial of the person ends (its nights stay)."""
    design = trial_design.build_design(kind, start, seed if kind == "blinded" else None)
    with transaction.atomic():
        Trial.objects.filter(user=user, active=True).update(active=False)
        trial = Trial.objects.create(
            user=user,
            kind=kind,
            start=start,
            seed=design.seed,
            design=trial_design.design_to_dict(design),
        )
        relabel(trial)
    return trial


def relabel(trial: Trial) -> None:
    """Store the phase of every night inside the trial's dates (after start or unblinding)."""
    design = design_of(trial)
    nights = Night.objects.filter(user=trial.user, date__gte=design.start, date__lte=design.end)
    for night in nights:
        phase = stored_phase(trial, night.date)
        if night.phase != phase:
            night.phase = phase
            night.save(update_fields=["phase", "updated_at"])


def unblind(trial: Trial) -> dict[int, str]:
    """Reveal the allocation (checked against the seed) and label the nights."""
    design = design_of(trial)
    allocation = trial_design.unblind(design)
    with transaction.atomic():
        trial.unblinded_at = timezone.now()
        trial.save(update_fields=["unblinded_at"])
        relabel(trial)
    return allocation


@dataclass(frozen=True)
class TrialStatus:
    """Where a person stands in their trial today, safe to show during blinding."""

    trial: Trial
    day: int  # 1 = the first night
    nights: int  # nights in the whole trial
    phase: str  # the current phase; empty outside the trial or while blinded
    period: int | None  # period number (shown in blinded trials)
    jar: str  # e.g. "2A" in a blinded trial
    run_in: bool
    finished: bool
    logged: int  # nights logged inside the trial's dates


def trial_status(trial: Trial, today: dt.date | None = None) -> TrialStatus:
    """The status of ``trial`` for the night that begins ``today``."""
    today = today or timezone.localdate()
    design = design_of(trial)
    total = (design.end - design.start).days + 1
    day = (today - design.start).days + 1
    period = design.period_on(today)
    run_in = bool(period and period.is_run_in(today))
    phase = "" if period is None or is_blind(trial) else period.phase
    jar = f"{period.pair}{period.jar}" if period is not None and period.jar else ""
    logged = Night.objects.filter(
        user=trial.user, date__gte=design.start, date__lte=design.end
    ).count()
    return TrialStatus(
        trial,
        day,
        total,
        phase,
        period.index if period else None,
        jar,
        run_in,
        today > design.end,
        logged,
    )
