"""The plan journey's one entry: a person's inputs in, their plan out.

``krampe plan`` and the web plan page each read their inputs (a JSON profile
and options; the stored profile, plan form and trial) into
:class:`PlanInputs` and call :func:`plan_for`. Everything else, the screening,
the dose options, the product, the medicines and the calendar, is decided
here, so the two shells give the same plan for the same person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from krampe.domain.plan.build import Plan, PlanRequest, make_plan
from krampe.domain.plan.dose import DoseOptions
from krampe.domain.plan.elemental import Product, ProductError, make_product
from krampe.domain.plan.medicines import MedicineEntry, PlanMedicine, resolve_plan_medicines
from krampe.domain.screening.engine import screen
from krampe.domain.screening.magnesium_sources import known_daily_mg, magnesium_sources
from krampe.domain.screening.profile import Profile
from krampe.domain.trial.design import Design
from krampe.domain.vocab import Lang

DEFAULT_WAKE = 7 * 60
DEFAULT_BED = 23 * 60
# Symptoms that call for the dose in two halves, as loose stools do.
LOOSE_STOOL_SYMPTOMS = ("diarrhea",)


@dataclass(frozen=True)
class PlanPreferences:
    """What the person says about their product, and the dose they want (``dose``:
    the start, a doctor's dose, their stomach, their budget)."""

    product: str | None = None  # a form id or family ("citrate")
    elemental_mg: float | None = None  # elemental magnesium per tablet, from the label
    compound_mg: float | None = None  # the salt per tablet
    scored: bool = False
    dose: DoseOptions = field(default_factory=DoseOptions)


@dataclass(frozen=True)
class PlanInputs:
    """Everything a person gives for their plan. ``profile`` None: not screened yet."""

    profile: Profile | None
    preferences: PlanPreferences = field(default_factory=PlanPreferences)
    wake: int = DEFAULT_WAKE
    bed: int = DEFAULT_BED
    times_assumed: bool = False
    medicines: Sequence[MedicineEntry] = ()
    trial: Design | None = None  # the running trial's stored design
    lang: Lang = "da"
    reminders_paused: bool = False  # krampe.domain.trial.watch.reminders_paused


def dose_options_for(
    profile: Profile | None,
    preferences: PlanPreferences,
    medicines: Sequence[PlanMedicine] = (),
) -> DoseOptions:
    """The dose options for a person: what they said, and what their profile says.

    Loose stools, said or recorded as diarrhoea in the profile, split the dose
    in two (and steer the form away from laxative salts). Magnesium already
    taken (``takes_magnesium``, or a medicine or supplement that contains it)
    counts towards the upper level: a known amount lowers the plan's dose, an
    unknown one is replaced by it.
    """
    sources = magnesium_sources(m.resolution for m in medicines)
    loose = preferences.dose.loose_stools or (
        profile is not None and any(s in LOOSE_STOOL_SYMPTOMS for s in profile.symptoms)
    )
    return replace(
        preferences.dose,
        loose_stools=loose,
        already_taking=bool(sources) or (profile is not None and profile.takes_magnesium),
        already_mg=known_daily_mg(sources),
    )


def product_for(preferences: PlanPreferences) -> Product | None:
    """The product as the plan uses it; None while no tablet strength is given.

    Raises :class:`ProductError` (naming the field) for a product that cannot be used.
    """
    if preferences.elemental_mg is None and preferences.compound_mg is None:
        return None
    return make_product(
        preferences.product or None,
        elemental_mg=preferences.elemental_mg,
        compound_mg=preferences.compound_mg,
        scored=preferences.scored,
    )


def plan_for(inputs: PlanInputs) -> Plan:
    """The person's plan: screening, dose, times around medicines, stretching, calendar.

    Without a profile the plan is made as for ``ok`` and says it was not
    screened (``plan.request.screened``). A product that cannot be used is
    left out and named in ``plan.request.product_problem``.
    """
    lang = inputs.lang
    screening = screen(inputs.profile, lang) if inputs.profile is not None else None
    problem: ProductError | None = None
    try:
        product = product_for(inputs.preferences)
    except ProductError as exc:
        product, problem = None, exc
    medicines = resolve_plan_medicines(
        inputs.medicines,
        inputs.profile.medicines if inputs.profile is not None else (),
        lang,
    )
    return make_plan(
        PlanRequest(
            self_trial=screening.self_trial if screening is not None else "ok",
            findings=screening.findings if screening is not None else (),
            dose=dose_options_for(inputs.profile, inputs.preferences, medicines),
            product=product,
            wake=inputs.wake,
            bed=inputs.bed,
            times_assumed=inputs.times_assumed,
            medicines=medicines,
            trial=inputs.trial,
            lang=lang,
            screened=screening is not None,
            product_problem=problem,
            reminders_paused=inputs.reminders_paused,
        )
    )
