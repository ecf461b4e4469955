"""The diet estimate's profile from the screening profile, so a person answers once."""

from __future__ import annotations

from krampe.domain.diet.answers import AGE_RANGE
from krampe.domain.diet.answers import Profile as DietProfile
from krampe.domain.screening.profile import Profile


def diet_profile_from(profile: Profile) -> DietProfile | None:
    """Who the estimate is for, from the screening profile.

    None when the screening profile cannot serve: the diet's reference intakes
    start at one year, so a younger person's age must be asked for itself.
    """
    if not AGE_RANGE[0] <= profile.age <= AGE_RANGE[1]:
        return None
    return DietProfile(
        age=float(profile.age),
        sex=profile.sex,
        pregnant=profile.pregnant,
        lactating=profile.breastfeeding,
    )
