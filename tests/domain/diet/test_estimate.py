"""The diet estimate, with worked examples computed by hand.

Values used (mg per 100 g, foods.csv): wholegrain rye bread 54; almonds 270,
hazelnuts 163, walnuts 158, peanuts 178; tap water 1.45 (14.5 mg/l);
mineral water high in magnesium 11.9 (119 mg/l), sparkling 3.78 (37.8 mg/l);
rolled oats 138; banana 27. Portions (food_portions.csv): a slice of rye
bread 50 g, a handful of nuts 30 g, a glass 250 ml, a banana 120 g.
"""

import pytest

from krampe.domain.diet import DietError, UnknownFoodError, estimate


def questionnaire(answers, *, age=45, sex="female", exclusions=(), **profile):
    return {
        "kind": "questionnaire",
        "profile": {"age": age, "sex": sex, **profile},
        "exclusions": list(exclusions),
        "answers": answers,
    }


def food_log(entries, *, period="day", age=45, sex="female", exclusions=()):
    return {
        "kind": "food_log",
        "period": period,
        "profile": {"age": age, "sex": sex},
        "exclusions": list(exclusions),
        "entries": entries,
    }


def test_two_slices_of_rye_bread_a_day():
    # 2 slices a day = 2 × 50 g × 54 mg/100 g = 54 mg; reference 300 → gap 246
    result = estimate(questionnaire({"rye_bread": {"frequency": "1_per_day", "portions": 2}}))
    assert result.intake_mg_per_day == pytest.approx(54.0)
    assert result.reference_mg_per_day == 300
    assert result.gap_mg_per_day == pytest.approx(246.0)


def test_a_handful_of_mixed_nuts_three_times_a_week():
    # mix = (270 + 163 + 158 + 178) / 4 = 192.25 mg/100 g
    # "2-4 a week" counts as 3 a week: 3/7 × 30 g × 192.25/100 = 24.718 mg a day
    result = estimate(questionnaire({"nuts": {"frequency": "2_4_per_week"}}))
    assert result.intake_mg_per_day == pytest.approx(3 / 7 * 30 * 1.9225)
    assert result.contributors[0].food_ids == ("almonds", "hazelnuts", "walnuts", "peanuts")


def test_water_counts_and_the_chosen_mineral_water_is_used():
    # tap water 6 glasses = 1.5 l × 14.5 mg/l = 21.75 mg
    # high-magnesium mineral water 0.5 l × 119 mg/l = 59.5 mg
    result = estimate(
        questionnaire(
            {
                "tap_water": {"per_day": 6},
                "mineral_water": {"litres_per_day": 0.5, "variant": "mineral_water_high_mg"},
            }
        )
    )
    assert result.intake_mg_per_day == pytest.approx(21.75 + 59.5)
    by_id = {c.id: c for c in result.contributors}
    assert by_id["mineral_water"].food_ids == ("mineral_water_high_mg",)
    # the same amount of sparkling water: 0.5 l × 37.8 mg/l = 18.9 mg
    sparkling = estimate(
        questionnaire({"mineral_water": {"per_day": 2, "variant": "mineral_water_sparkling"}})
    )
    assert sparkling.intake_mg_per_day == pytest.approx(18.9)


def test_a_full_worked_day_with_contributors_sorted_and_shares():
    # rye 54 + nuts 24.718 + tap 21.75 + mineral 59.5 = 159.968 mg
    result = estimate(
        questionnaire(
            {
                "rye_bread": {"frequency": "1_per_day", "portions": 2},
                "nuts": {"frequency": "2_4_per_week"},
                "tap_water": {"per_day": 6},
                "mineral_water": {"litres_per_day": 0.5, "variant": "mineral_water_high_mg"},
                "fish_meal": {"frequency": "never"},
            }
        )
    )
    total = 54 + 3 / 7 * 30 * 1.9225 + 21.75 + 59.5
    assert result.intake_mg_per_day == pytest.approx(total)
    assert [c.id for c in result.contributors] == [
        "mineral_water",
        "rye_bread",
        "nuts",
        "tap_water",
    ]
    assert result.contributors[0].share == pytest.approx(59.5 / total)
    assert sum(c.share for c in result.contributors) == pytest.approx(1.0)
    assert "fish_meal" not in {c.id for c in result.contributors}  # never gives nothing


@pytest.mark.parametrize(
    ("profile", "expected", "intake_id"),
    [
        ({"age": 45, "sex": "female"}, 300, "nnr2023_women_18plus"),
        ({"age": 45, "sex": "male"}, 350, "nnr2023_men_18plus"),
        ({"age": 15, "sex": "female"}, 250, "nnr2023_girls_11_17"),
        ({"age": 30, "sex": "female", "pregnant": True}, 300, "nnr2023_pregnant_18plus"),
        ({"age": 30, "sex": "female", "lactating": True}, 300, "nnr2023_lactating_18plus"),
    ],
)
def test_reference_intake_is_nnr_2023_for_the_person(profile, expected, intake_id):
    answers = {"kind": "questionnaire", "profile": profile, "answers": {}}
    result = estimate(answers)
    assert result.reference_mg_per_day == expected
    assert result.reference.id == intake_id
    assert result.reference_source == "nnr2023"
    assert result.gap_mg_per_day == expected  # nothing eaten: the whole reference is missing


def test_no_gap_when_intake_exceeds_the_reference():
    # 1.5 l high-magnesium water = 178.5 mg, + 3 × 1½ dl oats? no: 3 portions of 1 dl oats
    # a day = 3 × 50 g × 138/100 = 207 mg; total 385.5 > 300
    result = estimate(
        questionnaire(
            {
                "mineral_water": {"litres_per_day": 1.5, "variant": "mineral_water_high_mg"},
                "oats": {"frequency": "3_plus_per_day"},
            }
        )
    )
    assert result.intake_mg_per_day == pytest.approx(178.5 + 207)
    assert result.gap_mg_per_day == 0
    assert result.suggestions == ()


def test_food_log_per_week_is_divided_by_seven():
    # 700 g rye bread a week = 100 g a day × 54/100 = 54 mg a day
    weekly = estimate(food_log([{"food": "rugbrød", "grams": 700}], period="week"))
    daily = estimate(food_log([{"food": "rugbrød", "grams": 100}], period="day"))
    assert weekly.intake_mg_per_day == pytest.approx(54.0)
    assert daily.intake_mg_per_day == pytest.approx(54.0)


def test_food_log_portions_typos_and_the_same_food_twice():
    # "mandler" 1 håndfuld = 30 g × 270/100 = 81 mg; "banan" usual portion 120 g × 27/100
    # = 32.4 mg, logged twice → 64.8 mg
    result = estimate(
        food_log(
            [
                {"food": "mandler", "portions": 1, "portion": "håndfuld"},
                {"food": "banan", "portions": 1},
                {"food": "Banana", "portions": 1},
            ]
        )
    )
    assert result.intake_mg_per_day == pytest.approx(81 + 64.8)
    by_id = {c.id: c for c in result.contributors}
    assert by_id["banana"].mg_per_day == pytest.approx(64.8)
    assert [m.food_id for m in result.matches] == ["almonds", "banana", "banana"]
    # without Danish letters: "rugbrod" is rugbrød
    assert estimate(food_log([{"food": "rugbrod", "grams": 50}])).intake_mg_per_day == (
        pytest.approx(27.0)
    )


def test_unknown_food_lists_the_closest_matches():
    with pytest.raises(UnknownFoodError) as caught:
        estimate(food_log([{"food": "rugbrød", "grams": 50}, {"food": "kanelsnurre", "grams": 80}]))
    assert caught.value.field == "entries[1].food"
    assert "kanelsnurre" in str(caught.value)
    assert any("danish_pastry" in m for m in caught.value.matches)


def test_a_fuzzy_name_that_fits_two_foods_is_refused_not_guessed():
    # "mandelmælk" is as close to milk as to almonds
    with pytest.raises(UnknownFoodError) as caught:
        estimate(food_log([{"food": "mandelmælk", "grams": 250}]))
    assert any("almonds" in m for m in caught.value.matches)
    assert any("milk_whole" in m for m in caught.value.matches)


@pytest.mark.parametrize(
    ("answers", "field", "allowed"),
    [
        (questionnaire({"rye": {"frequency": "1_per_day"}}), "answers", "rye_bread"),
        (questionnaire({"rye_bread": {"frequency": "daily"}}), "frequency", "2_4_per_week"),
        (questionnaire({"rye_bread": {"often": 1}}), "answers.rye_bread.often", "frequency"),
        (questionnaire({}, exclusions=["nuts"]), "exclusions[0]", "nut_allergy"),
        (questionnaire({}, foo=1), "profile.foo", "age"),
        (questionnaire({}, sex="other"), "profile.sex", "female"),
        (questionnaire({}, age=-3), "profile.age", "1"),
        (questionnaire({"tap_water": {"per_day": 2, "variant": "x"}}), "variant", "none"),
        (
            questionnaire({"mineral_water": {"per_day": 2, "variant": "cola"}}),
            "variant",
            "mineral_water_high_mg",
        ),
        (
            questionnaire({"rye_bread": {"frequency": "1_per_day", "per_day": 2}}),
            "rye_bread",
            "one",
        ),
        (questionnaire({"rye_bread": {"litres_per_day": 1}}), "litres_per_day", "per day"),
        (food_log([{"food": "banan", "grams": 10, "portions": 1}]), "entries[0]", "exactly one"),
        (food_log([{"food": "banan", "portions": 1, "portion": "spsk"}]), "portion", "stk"),
        (food_log([]), "entries", "at least 1"),
        ({"kind": "diary"}, "kind", "food_log"),
    ],
)
def test_bad_answers_name_the_field_and_what_is_allowed(answers, field, allowed):
    with pytest.raises(DietError) as caught:
        estimate(answers)
    assert field in str(caught.value)
    assert allowed in str(caught.value)


def test_a_man_cannot_be_pregnant():
    with pytest.raises(DietError, match="pregnant"):
        estimate(questionnaire({}, sex="male", pregnant=True))


def test_every_estimate_says_it_is_an_estimate_and_that_blood_tests_are_poor():
    result = estimate(questionnaire({}))
    by_code = {n.code: n for n in result.notes}
    assert "estimate" in by_code["estimate"].text.en.lower()
    assert "skøn" in by_code["estimate"].text.da
    assert "blood test" in by_code["blood_test"].text.en
    assert "blodprøve" in by_code["blood_test"].text.da
    assert all(n.sources for n in result.notes)


def test_json_dict_has_the_contract_keys_in_the_chosen_language():
    result = estimate(questionnaire({"rye_bread": {"frequency": "1_per_day", "portions": 2}}))
    data = result.to_dict("en")
    for key in (
        "intake_mg_per_day",
        "reference_mg_per_day",
        "reference_source",
        "gap_mg_per_day",
        "contributors",
        "suggestions",
    ):
        assert key in data
    assert data["contributors"][0]["name"] == "Rye bread"
    assert result.to_dict("da")["contributors"][0]["name"] == "Rugbrød"


def test_a_total_over_three_times_the_reference_is_flagged_and_explained():
    from krampe.domain.diet.estimate import implausible_total

    assert implausible_total(901, 300, 3) and not implausible_total(900, 300, 3)
    # 6 handfuls of nuts 3 times a day: 18 × 30 g × about 190 mg/100 g, far over 3 × 300 mg
    nuts = questionnaire({"nuts": {"frequency": "3_plus_per_day", "portions": 6}})
    flagged = estimate(nuts)
    assert flagged.implausible and flagged.intake_mg_per_day > 900
    assert flagged.notes[0].code == "implausible" and flagged.to_dict()["implausible"] is True
    usual = estimate(questionnaire({"rye_bread": {"frequency": "1_per_day", "portions": 2}}))
    assert not usual.implausible
    assert "implausible" not in {n.code for n in usual.notes}
