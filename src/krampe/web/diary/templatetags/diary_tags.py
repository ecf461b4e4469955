"""The overview's daily hub: last night logged?, trial status, next milestone."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from krampe.domain.plan.calendar import trial_calendar
from krampe.web.diary import services
from krampe.web.diary.models import Night

register = template.Library()


@register.simple_tag(takes_context=True)
def daily_hub(context: template.Context) -> dict[str, Any]:
    """What the overview shows at the top; empty values for a person without data."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    today = timezone.localdate()
    trial = services.active_trial(user)
    hub: dict[str, Any] = {
        "last_night": services.last_night(),
        "logged_last_night": Night.objects.filter(user=user, date=services.last_night()).exists(),
        "night_count": Night.objects.filter(user=user).count(),
        "status": None,
        "milestone": None,
    }
    if trial is not None:
        hub["status"] = services.trial_status(trial, today)
        calendar = trial_calendar(trial.start, trial.kind, seed=trial.seed, lang=services.lang())
        hub["milestone"] = next((m for m in calendar.milestones if m.date >= today), None)
    return hub
