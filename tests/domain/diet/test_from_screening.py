"""Who the diet estimate is for, taken from the screening profile."""

from __future__ import annotations

from krampe.domain.diet import diet_profile_from
from krampe.domain.screening import parse_profile


def test_the_screening_profile_gives_age_sex_pregnancy_and_breastfeeding() -> None:
    profile = parse_profile(
        {"age": 34, "sex": "female", "pregnant_weeks": 20, "breastfeeding": False}
    )
    diet = diet_profile_from(profile)
    assert diet is not None
    assert (diet.age, diet.sex, diet.pregnant, diet.lactating) == (34.0, "female", True, False)


def test_under_one_year_the_diet_asks_for_itself() -> None:
    assert diet_profile_from(parse_profile({"age": 0, "sex": "male"})) is None
