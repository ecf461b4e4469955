"""The plan journey's one entry: dose options from what was said and what the profile says."""

from __future__ import annotations

from krampe.domain.plan.dose import DoseOptions
from krampe.domain.plan.journey import (
    PlanInputs,
    PlanPreferences,
    dose_options_for,
    plan_for,
    product_for,
)
from krampe.domain.screening import parse_profile


def test_diarrhoea_in_the_profile_splits_the_dose_as_loose_stools_do() -> None:
    profile = parse_profile({"age": 52, "sex": "female", "symptoms": ["diarrhea"]})
    assert dose_options_for(profile, PlanPreferences()).loose_stools
    assert dose_options_for(None, PlanPreferences(dose=DoseOptions(loose_stools=True))).loose_stools
    assert not dose_options_for(None, PlanPreferences()).loose_stools


def test_the_default_start_and_a_doctors_dose() -> None:
    assert dose_options_for(None, PlanPreferences()).start_mg == 200.0
    prescribed = dose_options_for(None, PlanPreferences(dose=DoseOptions(doctor_prescribed_mg=400)))
    assert prescribed.doctor_prescribed_mg == 400


def test_a_product_needs_a_strength_and_a_bad_one_is_named_not_raised() -> None:
    assert product_for(PlanPreferences(product="citrate")) is None
    plan = plan_for(PlanInputs(profile=None, preferences=PlanPreferences(compound_mg=500)))
    assert plan.has_plan and plan.dose is not None and plan.dose.product is None
    problem = plan.request.product_problem
    assert problem is not None and problem.field == "product"


def test_without_a_profile_the_plan_says_it_was_not_screened() -> None:
    plan = plan_for(PlanInputs(profile=None))
    assert not plan.request.screened and plan.request.self_trial == "ok"
    urgent = parse_profile({"age": 60, "sex": "male", "symptoms": ["leg_swelling_redness_warmth"]})
    assert not plan_for(PlanInputs(profile=urgent)).has_plan
