"""The person's stored profile as other apps need it: its screening and its medicines."""

from __future__ import annotations

from typing import Any

from krampe.domain.screening import ProfileError, ScreeningResult, parse_profile, screen
from krampe.web.profiles.models import HealthProfile


def screening_for(user: Any, lang: str) -> ScreeningResult | None:
    """The screening of the person's stored profile; None without a usable profile."""
    profile = HealthProfile.objects.filter(user=user).first()
    if profile is None or not profile.data:
        return None
    try:
        return screen(parse_profile(profile.data), lang)
    except ProfileError:
        return None


def profile_medicines(user: Any) -> list[str]:
    """The medicine names the person entered in their profile, in their order."""
    profile = HealthProfile.objects.filter(user=user).first()
    if profile is None or not isinstance(profile.data, dict):
        return []
    names = profile.data.get("medicines") or []
    return [str(n) for n in names if str(n).strip()]
