"""Elemental magnesium per tablet, tablet counts, the upper-level cap, splitting, forms."""

from __future__ import annotations

import pytest

from krampe.domain.plan.dose import DoseOptions, PlanInputError, dose_plan, suggest_form
from krampe.domain.plan.elemental import ProductError, find_form, make_product, tablets_for

# % Mg from the table in the checked clinical facts.
FRACTIONS = {
    "oxide": 60.30,
    "citrate": 11.89,  # trimagnesium dicitrate nonahydrate, assumed for "citrate"
    "citrate_anhydrous": 16.16,
    "bisglycinate": 14.10,
    "hydroxide": 41.68,
    "malate": 15.54,
}


@pytest.mark.parametrize(("name", "percent"), FRACTIONS.items())
def test_fractions_match_the_checked_table(name: str, percent: float) -> None:
    product = make_product(name, compound_mg=1000)
    assert product.elemental_mg_per_tablet / 10 == pytest.approx(percent, abs=0.01)


def test_family_name_assumes_the_nonahydrate_and_says_so() -> None:
    form, assumed = find_form("citrate")
    assert (form.id, form.hydrate, assumed) == ("citrate_nonahydrate", "nonahydrate", True)
    plan = dose_plan(DoseOptions(), make_product("citrate", compound_mg=817.5), "en")
    computed = next(n for n in plan.notes if n.id == "elemental_computed")
    assert "nonahydrate" in computed.text and "97.2" in computed.text


def test_danish_citrate_tablet_label_amount_wins() -> None:
    # One common Danish citrate tablet gives 97.2 mg Mg: the label is taken as is.
    product = make_product("citrate", elemental_mg=97.2)
    assert product.basis == "label" and product.elemental_mg_per_tablet == 97.2
    plan = dose_plan(DoseOptions(), product, "da")
    assert plan.tablets is not None and plan.tablets.tablets == 2
    assert plan.daily_mg == pytest.approx(194.4)


def test_both_amounts_or_neither_is_an_error_naming_the_field() -> None:
    with pytest.raises(ProductError, match="elemental-mg"):
        make_product("oxide", elemental_mg=100, compound_mg=200)
    with pytest.raises(ProductError, match="product"):
        make_product("unobtainium", compound_mg=200)
    with pytest.raises(ProductError, match="compound-mg"):
        make_product("oxide", compound_mg=-5)


def test_tablets_never_round_up_above_the_cap() -> None:
    # 3 x 97.2 = 291.6 would be nearer 250 than 2 tablets, but above the cap.
    count = tablets_for(250, make_product("citrate", elemental_mg=97.2), 250)
    assert count is not None and count.tablets == 2


def test_halves_only_for_scored_tablets() -> None:
    oxide_500 = make_product("oxide", compound_mg=500)  # 301.5 mg elemental
    assert tablets_for(200, oxide_500, 250) is None
    scored = make_product("oxide", compound_mg=500, scored=True)
    count = tablets_for(200, scored, 250)
    assert count is not None and count.tablets == 0.5
    plan = dose_plan(DoseOptions(), oxide_500, "en")
    assert plan.doses == () and any(n.id == "tablet_too_strong" for n in plan.notes)


def test_default_is_200_mg_with_a_tolerance_check_after_7_days() -> None:
    plan = dose_plan(DoseOptions(), None, "en")
    assert plan.daily_mg == 200 and len(plan.doses) == 1
    assert plan.tolerance_check_days == 7
    default = next(n for n in plan.notes if n.id == "default_dose")
    assert default.status == "convention"


@pytest.mark.parametrize("asked", [251, 300, 520, 1000])
def test_no_plan_above_250_without_the_doctor_flag(asked: float) -> None:
    plan = dose_plan(DoseOptions(start_mg=asked), make_product("oxide", elemental_mg=50), "en")
    assert plan.daily_mg <= 250 and sum(d.mg for d in plan.doses) <= 250
    assert not plan.doctor_supervised
    assert any(n.id == "capped" for n in plan.notes)


def test_doctor_prescribed_dose_above_the_cap_is_marked() -> None:
    plan = dose_plan(DoseOptions(doctor_prescribed_mg=400), None, "en")
    assert plan.daily_mg == 400 and plan.doctor_supervised
    assert any(n.id == "doctor_supervised" for n in plan.notes)


def test_loose_stools_split_the_dose_into_two_that_add_up() -> None:
    plan = dose_plan(DoseOptions(loose_stools=True), make_product("citrate", elemental_mg=50), "en")
    assert [d.tablets for d in plan.doses] == [2, 2]
    assert plan.split_reason == "loose_stools"
    odd = dose_plan(
        DoseOptions(loose_stools=True), make_product("citrate", elemental_mg=66.7), "en"
    )
    assert [d.tablets for d in odd.doses] == [1, 2]


def test_more_than_tolerated_at_once_splits() -> None:
    plan = dose_plan(DoseOptions(tolerated_single_mg=150), None, "en")
    assert [d.mg for d in plan.doses] == [100, 100] and plan.split_reason == "tolerance"
    within = dose_plan(DoseOptions(tolerated_single_mg=250), None, "en")
    assert len(within.doses) == 1


@pytest.mark.parametrize(
    ("options", "family"),
    [
        (DoseOptions(sensitive_stomach=True), "bisglycinate"),
        (DoseOptions(constipation=True), "citrate"),
        (DoseOptions(tight_budget=True), "oxide"),
        (DoseOptions(), "citrate"),
    ],
)
def test_form_suggestion_follows_the_situation(options: DoseOptions, family: str) -> None:
    suggestion = suggest_form(options, "da")
    assert suggestion.form.family == family
    assert suggestion.note.sources


def test_budget_suggestion_says_oxide_is_poorly_absorbed() -> None:
    text = suggest_form(DoseOptions(tight_budget=True), "en").note.text
    assert "poorly absorbed" in text


def test_bad_option_names_the_field() -> None:
    with pytest.raises(PlanInputError, match="start_mg"):
        dose_plan(DoseOptions(start_mg=0), None, "en")
