"""Subscribing a phone to reminders, and the "Taken" answer from a notification."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from krampe.web.accounts.models import User
from krampe.web.core.request import person
from krampe.web.reminders import scheduler, services
from krampe.web.reminders.models import PushSubscription

MAX_KEY = 200


def _json(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _error(field: str, message: str) -> JsonResponse:
    return JsonResponse({"status": "invalid", "errors": {field: [message]}}, status=422)


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return str(settings.TIME_ZONE)
    return name


@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    """Store this browser's subscription (the same endpoint again updates it)."""
    data = _json(request)
    endpoint = str(data.get("endpoint") or "")
    raw_keys = data.get("keys")
    keys: dict[str, Any] = raw_keys if isinstance(raw_keys, dict) else {}
    if not endpoint.startswith(("https://", "http://")) or len(endpoint) > 2000:
        return _error("endpoint", "an http(s) URL of at most 2000 characters")
    p256dh, auth = str(keys.get("p256dh") or ""), str(keys.get("auth") or "")
    if not p256dh or not auth or len(p256dh) > MAX_KEY or len(auth) > MAX_KEY:
        return _error("keys", "p256dh and auth, each at most 200 characters")
    PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": person(request),
            "p256dh": p256dh,
            "auth": auth,
            "time_zone": _zone(str(data.get("time_zone") or "")),
        },
    )
    return JsonResponse({"status": "subscribed"}, status=201)


@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    endpoint = str(_json(request).get("endpoint") or "")
    PushSubscription.objects.filter(user=person(request), endpoint=endpoint).delete()
    return JsonResponse({"status": "unsubscribed"})


@login_not_required
@csrf_exempt  # the signed token is the key, as a notification's button has no page or form
@require_POST
def taken(request: HttpRequest) -> JsonResponse:
    """The "Taken" button: record the dose of the night the reminder was for."""
    token = str(_json(request).get("token") or "")
    try:
        user_pk, night = scheduler.read_taken_token(token)
    except signing.BadSignature:
        return _error("token", "not a valid or current reminder")
    user = User.objects.filter(pk=user_pk).first()
    if user is None:
        return _error("token", "not a valid or current reminder")
    services.record_dose(user, night)
    return JsonResponse({"status": "recorded", "night": night.isoformat()})
