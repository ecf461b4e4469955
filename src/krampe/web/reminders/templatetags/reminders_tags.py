"""The plan page's opt-in for push reminders (the plan view itself stays as it is)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from krampe.domain.plan.occurrences import DIARY_KEY, is_push_reminder
from krampe.domain.plan.reminders import daily_reminders
from krampe.domain.plan.schedule import format_time
from krampe.web.reminders import vapid

register = template.Library()


@register.inclusion_tag("reminders/_optin.html", takes_context=True)
def reminders_optin(context: template.Context, plan: Any, devices: int = 0) -> dict[str, Any]:
    """What the opt-in says: the reminders' times from the plan, how many of the person's
    phones are subscribed (``devices``, loaded by the view), and the keys to subscribe."""
    request = context.get("request")
    today = timezone.localdate()
    planned = daily_reminders(plan) if plan is not None else []
    # Only what is still to come: a finished trial has nothing left to remind of.
    reminders = [r for r in planned if is_push_reminder(r.key) and r.last >= today]
    doses = [format_time(r.time.hour * 60 + r.time.minute) for r in reminders if r.key != DIARY_KEY]
    diary = [format_time(r.time.hour * 60 + r.time.minute) for r in reminders if r.key == DIARY_KEY]
    return {
        "request": request,
        "available": bool(reminders),
        "dose_times": doses,
        "diary_time": diary[0] if diary else "",
        "first": min((r.first for r in reminders), default=None),
        "last": max((r.last for r in reminders), default=None),
        "devices": devices,
        "public_key": vapid.application_server_key() if reminders else "",
        "subscribe_url": reverse("reminders_subscribe"),
        "unsubscribe_url": reverse("reminders_unsubscribe"),
    }
