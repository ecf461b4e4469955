"""Glue between the diary's Django models and the trial engine.

Nothing clinical or trial-related is decided here: the design, the blinding
rule, the phase a night may store and the unblinding rule come from
:mod:`krampe.domain.trial`; this module converts rows to domain objects and
back, and stores what the domain decided, every multi-row change atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from krampe.domain.trial import design as trial_design
from krampe.domain.trial.baseline import BaselineStatus, baseline_status, extend_baseline
from krampe.domain.trial.diary import CSV_HEADER, MAX_NIGHTS, UNLABELLED_PHASE
from krampe.domain.trial.diary import Night as DomainNight
from krampe.domain.trial.night_rules import NightWindow, night_window, pain_to_store
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.sealing import Allocation
from krampe.domain.vocab import PHASES, SIDE_EFFECTS, Phase, one_of
from krampe.web.accounts.models import User
from krampe.web.core import queries, reportcache
from krampe.web.diary.models import Night, SealedAllocation, Trial


def stored_phase(trial: Trial | None, date: dt.date) -> str:
    """The phase to store with a night of ``date`` (empty outside a trial or while blind).

    A trial whose stored design no longer reads labels nothing: the night is
    kept, unlabelled, rather than refused.
    """
    if trial is None:
        return ""
    try:
        return trial.running().stored_phase(date) or ""
    except trial_design.DesignError:
        return ""


def night_window_for(user: User) -> NightWindow:
    """The dates ``user`` may log a night for now: from their account's first day less
    the trial window, up to last night (tonight too from the evening), local time."""
    first_day = timezone.localtime(user.date_joined).date()
    return night_window(timezone.localtime(), first_day)


def diary_full(user: User) -> bool:
    """True when ``user``'s diary holds MAX_NIGHTS nights: no new night is added then
    (changing one already logged still works), by every way a night arrives."""
    return nights_full(Night.objects.filter(user=user).count())


def nights_full(count: int) -> bool:
    """True when a diary of ``count`` nights can take no new night (MAX_NIGHTS)."""
    return count >= MAX_NIGHTS


def diary_full_message() -> str:
    """What a person is told when a new night would go over MAX_NIGHTS."""
    return _(
        "Your diary holds %(max)s nights, the most Krampe keeps (ten years). "
        "Export it, and change an old night instead of adding one."
    ) % {"max": MAX_NIGHTS}


# The answers of a night: the diary's columns without its date and phase.
NIGHT_FIELDS = tuple(name for name in CSV_HEADER if name not in ("date", "phase"))


def night_values(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The stored fields of a night from a checked NightForm's data, with its phase."""
    return night_values_in(queries.active_trial(user), data)


def night_values_in(trial: Trial | None, data: dict[str, Any]) -> dict[str, Any]:
    """:func:`night_values` when the person's active trial (or None) is read already."""
    values = {name: data[name] for name in NIGHT_FIELDS}
    values["phase"] = stored_phase(trial, data["date"])
    return values


def to_domain(nights: Iterable[Night]) -> list[DomainNight]:
    """Rows as the engine's nights (phase as stored; apply a design to relabel)."""
    return [
        DomainNight(
            date=n.date,
            phase=_phase(n.phase),
            cramps=n.cramps,
            worst_pain=n.worst_pain,
            awakenings=n.awakenings,
            took_dose=n.took_dose,
            stretched=n.stretched,
            side_effect=one_of(SIDE_EFFECTS, n.side_effect, "side_effect")
            if n.side_effect
            else None,
            note=n.note,
        )
        for n in nights
    ]


def row_fields(night: DomainNight, phase: str) -> dict[str, Any]:
    """A logged domain night as the fields of a stored ``Night`` (``cramps`` must be set)."""
    assert night.cramps is not None, "a night not logged is not stored"
    return {
        "phase": phase,
        "cramps": night.cramps,
        "worst_pain": pain_to_store(night.cramps, night.worst_pain),
        # The model stores no "unknown" for awakenings; its default is 0.
        "awakenings": night.awakenings or 0,
        "took_dose": night.took_dose,
        "stretched": night.stretched,
        "side_effect": night.side_effect or "none",
        "note": night.note,
    }


def _phase(stored: str) -> Phase:
    # A night stored without a phase is read as baseline (UNLABELLED_PHASE).
    return one_of(PHASES, stored, "phase") if stored else UNLABELLED_PHASE


def create_trial(
    user: User, design: trial_design.Design, allocation: Allocation | None = None
) -> Trial:
    """Start a trial of ``design``; any running trial of the person ends (its nights stay).

    A blinded trial's ``allocation`` goes into its sealed record, apart from the
    design (which holds only the seal).
    """
    if (design.seal is not None) != (allocation is not None):
        raise trial_design.DesignError("a sealed design and its allocation go together")
    with transaction.atomic():
        Trial.objects.filter(user=user, active=True).update(active=False)
        trial = Trial.objects.create(user=user, design=trial_design.design_to_dict(design))
        if allocation is not None:
            SealedAllocation.objects.create(trial=trial, allocation=allocation.to_dict())
        relabel(trial)
    return trial


def relabel(trial: Trial) -> None:
    """Store the phase of every night inside the trial's dates (after start or unblinding).

    The stored phase is the export's label (see ``Night``); what it may say is
    the domain's :meth:`RunningTrial.stored_phase`.
    """
    running = trial.running()
    nights = Night.objects.filter(
        user_id=trial.user_id, date__gte=running.start, date__lte=running.end
    ).only("pk", "date", "phase")
    now = timezone.now()
    changed = []
    for night in nights:
        phase = running.stored_phase(night.date) or ""
        if night.phase != phase:
            night.phase = phase
            night.updated_at = now
            changed.append(night)
    # One statement per batch, not one per night (a trial holds months of nights).
    Night.objects.bulk_update(changed, ["phase", "updated_at"], batch_size=500)
    if changed:
        reportcache.bump(trial.user_id)  # a bulk write sends no signal


def logged_in_trial(trial: Trial) -> int:
    """How many nights the person logged inside the trial's dates."""
    running: RunningTrial = trial.running()
    # By id: ``trial.user`` would load the person again, who is already loaded.
    return Night.objects.filter(
        user_id=trial.user_id, date__gte=running.start, date__lte=running.end
    ).count()


def baseline_of(
    trial: Trial, today: dt.date, loaded: Iterable[Night] | None = None
) -> BaselineStatus | None:
    """The open-label baseline's status while the baseline runs (None otherwise).

    ``loaded``: the person's nights a page has read already, when they hold every
    night from the trial's start (then nothing is read again).
    """
    running = trial.running()
    if running.kind == "blinded" or today > running.design.periods[0].end:
        return None
    if loaded is None:
        loaded = Night.objects.filter(
            user_id=trial.user_id, date__gte=running.start, date__lt=today
        )
    return baseline_status(running.design, to_domain(loaded), today)


def lengthen_baseline(trial: Trial, today: dt.date) -> trial_design.Design:
    """Add the missing nights to a short baseline and store the design (DesignError
    when the baseline is not short or is over)."""
    status = baseline_of(trial, today)
    if status is None or status.code != "short":
        raise trial_design.DesignError("the baseline is not short; nothing to add")
    longer = extend_baseline(trial.running().design, status.extend_by, today)
    with transaction.atomic():
        trial.design = trial_design.design_to_dict(longer)
        trial.save(update_fields=["design"])
        relabel(trial)
    return longer
