"""Magnesium already taken and combination products (issue 12, on the catalogue of issue 13).

Sources: scf2001_magnesium and efsa2006_ul (the 250 mg upper level counts
supplements and medicines with water and fortified foods); magnesia_medic_dk and
milk_of_magnesia_smpc (magnesium laxatives and antacids with reduced kidney function).
"""

from __future__ import annotations

from typing import Any

import pytest

from krampe.domain.plan.journey import PlanInputs, plan_for
from krampe.domain.screening import parse_profile, screen

SOURCES = ["Magnesia", "Magnesia DAK", "Magnesia medic", "Emgesan", "Novaluzid", "magnesium",
           "magnesiumcitrat", "OsvaRen"]  # fmt: skip
# Emgesan is magnesium hydroxide (the Magnesia entry), though its own code is G04BX01.
ANTACIDS_LAXATIVES = {"Magnesia", "Magnesia DAK", "Magnesia medic", "Emgesan", "Novaluzid"}


def person(**kw: Any) -> dict[str, Any]:
    return {"age": 60, "sex": "female", **kw}


@pytest.mark.parametrize("name", SOURCES)
def test_each_magnesium_source_is_known_with_normal_kidneys(name: str) -> None:
    result = screen(parse_profile(person(egfr=80, medicines=[name])), "en")
    source = next(f for f in result.findings if f.code == "magnesium_source")
    assert source.triggers == (name,) and "contains magnesium" in source.title
    assert {"scf2001_magnesium", "efsa2006_ul"} <= set(source.sources)
    assert "magnesium_medicine_kidney" not in result.codes
    assert result.self_trial in ("ok_with_precautions", "see_doctor_first")


@pytest.mark.parametrize("name", SOURCES)
def test_each_magnesium_source_with_reduced_kidney_function(name: str) -> None:
    result = screen(parse_profile(person(egfr=45, medicines=[name])), "en")
    assert result.self_trial == "see_doctor_first" and "low_egfr" in result.codes
    assert ("magnesium_medicine_kidney" in result.codes) == (name in ANTACIDS_LAXATIVES)


def test_magnesia_gives_its_label_amount_and_the_plan_adds_no_supplement() -> None:
    # One Magnesia 500 mg tablet (magnesium oxide): about 301 mg, above the 250 mg level.
    result = screen(parse_profile(person(medicines=["Magnesia"])), "en")
    source = next(f for f in result.findings if f.code == "magnesium_source")
    assert "about 301.5 mg per tablet" in source.title or "about 301 mg per tablet" in source.title
    plan = plan_for(PlanInputs(parse_profile(person(medicines=["Magnesia"])), lang="en"))
    assert plan.dose is not None and plan.dose.doses == () and plan.schedule is None
    assert any(n.id == "already_at_ul" for n in plan.dose.notes)
    # no "0 mg" dose or "tablet too strong" beside it: there is simply no dose
    assert not {"default_dose", "chosen_dose", "tablet_too_strong"} & {
        n.id for n in plan.dose.notes
    }


def test_a_known_amount_below_the_level_lowers_the_planned_dose() -> None:
    from krampe.domain.plan.dose import DoseOptions, dose_plan

    dose = dose_plan(DoseOptions(already_taking=True, already_mg=100.0), None, "en")
    assert dose.daily_mg == 150.0 and dose.cap_mg == 150.0
    counted = next(n for n in dose.notes if n.id == "already_counted")
    assert "at least 100 mg" in counted.text  # one unit a day of the smallest strength


def test_takes_magnesium_without_an_amount_is_replaced_by_the_plan() -> None:
    plan = plan_for(PlanInputs(parse_profile(person(takes_magnesium=True)), lang="en"))
    assert plan.dose is not None and plan.dose.daily_mg == 200.0
    assert any(n.id == "already_replaces" for n in plan.dose.notes)
    unknown = plan_for(PlanInputs(parse_profile(person(medicines=["Novaluzid"])), lang="en"))
    assert unknown.dose is not None
    assert any(n.id in ("already_replaces", "already_counted") for n in unknown.dose.notes)


@pytest.mark.parametrize(
    ("name", "atc", "codes"),
    [
        ("Cozaar Comp", "C09DA01", ("thiazide_diuretic", "diuretics")),
        ("Atacand Plus", "C09DA06", ("thiazide_diuretic", "diuretics")),
        ("Triatec Comp", "C09BA05", ("thiazide_diuretic", "diuretics")),
        ("Centyl med kaliumklorid", "C03AB01", ("thiazide_diuretic", "diuretics")),
        ("Fosavance", "M05BB03", ("alendronate",)),
    ],
)
def test_combination_products_bring_every_component(name: str, atc: str, codes: tuple) -> None:
    result = screen(parse_profile(person(medicines=[name])), "en")
    (medicine,) = result.resolved_medicines
    assert medicine.resolved is not None and medicine.resolved.atc == atc
    assert medicine.resolved.components
    for code in codes:
        assert code in result.codes, result.codes


def test_kaliumklorid_is_potassium_chloride_not_a_thiazide() -> None:
    result = screen(parse_profile(person(medicines=["kaliumklorid"])), "en")
    assert result.resolved_medicines[0].resolved.atc == "A12BA01"  # type: ignore[union-attr]
    assert "thiazide_diuretic" not in result.codes and "diuretics" not in result.codes
