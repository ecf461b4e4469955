"""Build a person's plan from what they stored: product, times, medicines, screening, trial.

Every clinical decision (dose, cap, split, spacing, no plan after a red flag)
is made by :mod:`krampe.domain.plan`; this module only gathers the inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from krampe.domain.plan.build import Plan, PlanRequest, make_plan
from krampe.domain.plan.dose import DoseOptions
from krampe.domain.plan.elemental import Product, ProductError, make_product
from krampe.domain.plan.ics import build_ics
from krampe.domain.plan.schedule import MedicineDoses, parse_time, rules_for_atc
from krampe.domain.screening import resolve_medicine
from krampe.web.diary.models import Trial
from krampe.web.plans.models import CalendarFeed, SupplementPlan
from krampe.web.profiles.services import screening_for


@dataclass(frozen=True)
class ResolvedRow:
    """A medicine the person entered, the substance it was taken as, and its times."""

    name: str
    times: tuple[str, ...]
    substance: str  # "" when the name was not recognised
    atc: str


@dataclass
class PlanView:
    """The plan and what the page needs around it."""

    plan: Plan | None
    screened: bool
    self_trial: str
    medicines: list[ResolvedRow] = field(default_factory=list)
    product_error: ProductError | None = None
    trial: Trial | None = None


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def medicine_doses(
    rows: list[dict[str, Any]], lang: str
) -> tuple[list[MedicineDoses], list[ResolvedRow]]:
    """Resolve the stored medicine rows to knowledge-base substances and their rules."""
    doses: list[MedicineDoses] = []
    shown: list[ResolvedRow] = []
    for row in rows:
        name = str(row.get("name", "")).strip()
        if not name:
            continue
        times = tuple(str(t) for t in row.get("times", []))
        minutes = tuple(sorted({parse_time(t, "times") for t in times}))
        resolution = resolve_medicine(name, lang)
        resolved = resolution.resolved
        atc = resolved.atc if resolved else ""
        doses.append(
            MedicineDoses(
                name=name,
                atc=atc,
                times=minutes,
                rules=rules_for_atc(atc),
                medicine_id=resolved.medicine_id if resolved else "",
            )
        )
        shown.append(ResolvedRow(name, times, resolved.name if resolved else "", atc))
    return doses, shown


def product_of(stored: SupplementPlan) -> Product | None:
    """The product as the plan uses it; None when no tablet strength was given.

    Raises ProductError (naming the field) for a product that cannot be used.
    """
    if stored.elemental_mg_per_tablet is None and stored.compound_mg_per_tablet is None:
        return None
    return make_product(
        stored.product or None,
        elemental_mg=stored.elemental_mg_per_tablet,
        compound_mg=stored.compound_mg_per_tablet,
        scored=stored.scored,
    )


def dose_options(stored: SupplementPlan) -> DoseOptions:
    prescribed = float(stored.daily_mg) if stored.doctor_prescribed else None
    return DoseOptions(
        start_mg=float(stored.daily_mg),
        doctor_prescribed_mg=prescribed,
        loose_stools=stored.loose_stools,
        sensitive_stomach=stored.sensitive_stomach,
        constipation=stored.constipation,
        tight_budget=stored.tight_budget,
    )


def stored_plan(user: Any) -> SupplementPlan:
    """The person's saved plan inputs (defaults when they have saved none)."""
    found = SupplementPlan.objects.filter(user=user).first()
    return found if found is not None else SupplementPlan(user=user)


def build(user: Any, lang: str, stored: SupplementPlan | None = None) -> PlanView:
    """The person's plan in ``lang``, from their stored inputs, screening and trial."""
    stored = stored or stored_plan(user)
    screening = screening_for(user, lang)
    self_trial = screening.self_trial if screening is not None else "ok"
    trial = Trial.objects.filter(user=user, active=True).order_by("-created_at", "-pk").first()
    doses, shown = medicine_doses(list(stored.medicine_times or []), lang)
    view = PlanView(None, screening is not None, self_trial, shown, None, trial)
    try:
        product = product_of(stored)
    except ProductError as exc:
        view.product_error = exc
        product = None
    request = PlanRequest(
        self_trial=self_trial,
        findings=screening.findings if screening is not None else (),
        dose=dose_options(stored),
        product=product,
        wake=_minutes(_time(stored.wake)),
        bed=_minutes(_time(stored.bed)),
        medicines=doses,
        start=trial.start if trial is not None else None,
        design=trial.kind if trial is not None else "open",
        seed=trial.seed if trial is not None else None,
        lang=lang,
    )
    view.plan = make_plan(request)
    return view


def _time(value: Any) -> dt.time:
    # A new, unsaved plan still holds the "07:00" default as text.
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))


def ics_bytes(user: Any, lang: str) -> bytes:
    """The person's reminders and milestones as an iCalendar file."""
    view = build(user, lang)
    plan = view.plan
    assert plan is not None
    return build_ics(plan.reminders(), plan.calendar, lang=lang, stamp=timezone.now())


def current_feed(user: Any) -> CalendarFeed:
    """The person's live calendar feed, created on first use."""
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return feed if feed is not None else CalendarFeed.objects.create(user=user)


def revoke_feed(user: Any) -> CalendarFeed:
    """Revoke every live feed URL of the person and issue a new one."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarFeed.objects.create(user=user)
