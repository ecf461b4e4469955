"""Suggestions: everyday portions ranked by magnesium per portion, respecting exclusions.

Hand values (foods.csv × food_portions.csv): rolled oats 1½ dl = 75 g × 138/100
= 103.5 mg; almonds 1 small handful = 30 g × 270/100 = 81 mg; cod 1 serving
= 150 g × 42/100 = 63 mg; pumpkin seeds 1 tbsp = 10 g × 592/100 = 59.2 mg.
"""

import pytest

from krampe.domain.diet import DietError, excluded_food_ids, suggestions

NUT_FOODS = {"almonds", "cashews", "hazelnuts", "walnuts", "peanuts", "peanut_butter"}
SEED_FOODS = {"pumpkin_seeds", "sunflower_seeds", "flaxseed", "chia_seeds", "sesame_seeds"}


def all_suggestions(exclusions=()):
    return suggestions(1000, exclusions, "en", limit=100)


def test_most_magnesium_per_portion_first():
    found = all_suggestions()
    mg = [s.mg_per_portion for s in found]
    assert mg == sorted(mg, reverse=True)
    by_id = {s.food_id: s for s in found}
    assert by_id["oats_rolled"].mg_per_portion == pytest.approx(103.5)
    assert by_id["almonds"].mg_per_portion == pytest.approx(81.0)
    ids = [s.food_id for s in found]
    assert ids.index("oats_rolled") < ids.index("almonds") < ids.index("cod_cooked")


def test_how_many_portions_close_the_gap():
    by_id = {s.food_id: s for s in suggestions(150, (), "en", limit=100)}
    assert by_id["almonds"].portions_to_close_gap == 2  # 150 / 81 = 1.85 → 2
    assert by_id["oats_rolled"].portions_to_close_gap == 2  # 150 / 103.5 = 1.45 → 2
    exact = {s.food_id: s for s in suggestions(81, (), "en", limit=100)}
    assert exact["almonds"].portions_to_close_gap == 1  # exactly one handful


def test_no_gap_no_suggestions():
    assert suggestions(0, (), "da") == ()


def test_limit_keeps_the_best():
    assert [s.food_id for s in suggestions(100, (), "da", limit=3)] == [
        s.food_id for s in all_suggestions()[:3]
    ]


def test_nut_allergy_removes_nuts_and_peanuts_but_keeps_seeds():
    ids = {s.food_id for s in all_suggestions(["nut_allergy"])}
    assert not ids & NUT_FOODS
    assert "pumpkin_seeds" in ids and "sunflower_seeds" in ids
    excluded = excluded_food_ids(["nut_allergy"])
    assert excluded >= NUT_FOODS
    assert not SEED_FOODS & excluded
    assert "marzipan" in excluded  # made of almonds


def test_vegan_removes_animal_foods():
    ids = {s.food_id for s in all_suggestions(["vegan"])}
    assert "cod_cooked" not in ids and "salmon_cooked" not in ids
    assert {"soy_drink", "tofu_firm", "almonds"} <= ids
    excluded = excluded_food_ids(["vegan"])
    assert {"milk_whole", "egg_boiled", "cheese_semi_hard", "chicken_breast"} <= excluded
    assert "milk_chocolate" in excluded and "dark_chocolate_70" not in excluded


def test_no_fish_removes_fish_only():
    ids = {s.food_id for s in all_suggestions(["no_fish"])}
    assert "cod_cooked" not in ids and "salmon_cooked" not in ids
    assert "almonds" in ids
    assert len(ids) == len(all_suggestions()) - 2


def test_exclusions_combine():
    ids = {s.food_id for s in all_suggestions(["nut_allergy", "vegan"])}
    assert not ids & NUT_FOODS
    assert "cod_cooked" not in ids


def test_unknown_exclusion_names_the_allowed_codes():
    with pytest.raises(DietError, match="nut_allergy, vegan, no_fish"):
        suggestions(100, ["gluten"], "da")


def test_texts_in_both_languages_and_the_water_caution():
    found = {s.food_id: s for s in suggestions(200, (), "da", limit=100)}
    almonds = found["almonds"]
    assert almonds.text() == almonds.text("da")
    assert "Mandler" in almonds.text("da") and "3 ×" in almonds.text("da")  # 200 / 81 → 3
    assert "Almonds" in almonds.text("en")
    water = found["mineral_water_high_mg"]
    assert water.note is not None and "250 mg" in water.note.en
    assert "efsa2006_ul" in water.sources
