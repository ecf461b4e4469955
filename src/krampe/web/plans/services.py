"""The person's plan from what they stored: read the inputs, call the plan journey.

Every decision (screening, dose, split, product, medicines, spacing, calendar)
is made by :func:`krampe.domain.plan.journey.plan_for`, the same function
``krampe plan`` calls; this module only reads the stored rows into its inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from krampe.domain.plan.build import Plan
from krampe.domain.plan.dose import DoseOptions
from krampe.domain.plan.journey import PlanInputs, PlanPreferences, plan_for
from krampe.domain.plan.medicines import MedicineEntry
from krampe.domain.plan.reminders import capsule_instruction, reminders_ics
from krampe.domain.plan.schedule import parse_time
from krampe.domain.vocab import Lang
from krampe.web.accounts.models import User
from krampe.web.core import queries
from krampe.web.plans.models import CalendarFeed, SupplementPlan

if TYPE_CHECKING:  # the trial row comes through web.core.queries
    from krampe.web.diary.models import Trial


@dataclass(frozen=True)
class PlanView:
    """The plan and the running trial it follows (for the page's trial section)."""

    plan: Plan
    trial: Trial | None
    # A blinded trial's dose in capsules from the period's jar (never tablets or mg).
    capsules: str | None = None

    @property
    def screened(self) -> bool:
        return self.plan.request.screened


def stored_plan(user: User) -> SupplementPlan:
    """The person's saved plan inputs (defaults when they have saved none)."""
    found = SupplementPlan.objects.filter(user=user).first()
    return found if found is not None else SupplementPlan(user=user)


def preferences_of(stored: SupplementPlan) -> PlanPreferences:
    """The plan form's answers as the plan journey reads them."""
    return PlanPreferences(
        product=stored.product or None,
        elemental_mg=stored.elemental_mg_per_tablet,
        compound_mg=stored.compound_mg_per_tablet,
        scored=stored.scored,
        dose=DoseOptions(
            start_mg=float(stored.daily_mg),
            doctor_prescribed_mg=float(stored.daily_mg) if stored.doctor_prescribed else None,
            loose_stools=stored.loose_stools,
            sensitive_stomach=stored.sensitive_stomach,
            constipation=stored.constipation,
            tight_budget=stored.tight_budget,
        ),
    )


def medicine_entries(rows: Iterable[Mapping[str, Any]]) -> list[MedicineEntry]:
    """The stored medicine rows ({"name", "times": ["HH:MM", ...]}) as plan entries."""
    return [
        MedicineEntry(
            str(row.get("name", "")),
            tuple(sorted({parse_time(str(t), "times") for t in row.get("times", [])})),
            "medicines",
        )
        for row in rows
    ]


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def plan_inputs(user: User, lang: Lang, stored: SupplementPlan, trial: Trial | None) -> PlanInputs:
    """Everything the person stored for their plan: profile, plan form, running trial."""
    return PlanInputs(
        profile=queries.profile_of(user),
        preferences=preferences_of(stored),
        wake=_minutes(stored.wake),
        bed=_minutes(stored.bed),
        medicines=medicine_entries(stored.medicine_times or []),
        trial=trial.running().design if trial is not None else None,
        lang=lang,
        reminders_paused=queries.reminders_paused_by(trial, timezone.localdate()),
    )


def build(user: User, lang: Lang) -> PlanView:
    """The person's plan in ``lang``, from their stored inputs, screening and trial."""
    trial = queries.active_trial(user)  # once: the plan, its pause and the page read it
    plan = plan_for(plan_inputs(user, lang, stored_plan(user), trial))
    capsules = capsule_instruction(plan, timezone.localdate())
    return PlanView(plan, trial, capsules)


def saved_plan(user: User, lang: Lang) -> Plan | None:
    """The plan the person made, for the doctor summary; None before they saved one
    (the defaults are not a plan the person made)."""
    if not SupplementPlan.objects.filter(user=user).exists():
        return None
    return build(user, lang).plan


def ics_bytes(user: User, lang: Lang) -> bytes:
    """The person's reminders and milestones as an iCalendar file (or why they are paused)."""
    return reminders_ics(build(user, lang).plan, timezone.now())


def current_feed(user: User) -> CalendarFeed:
    """The person's live calendar feed, created on first use."""
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return feed if feed is not None else CalendarFeed.objects.create(user=user)


def revoke_feed(user: User) -> CalendarFeed:
    """Revoke every live feed URL of the person and issue a new one."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarFeed.objects.create(user=user)
