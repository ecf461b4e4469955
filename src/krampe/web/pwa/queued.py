"""Nights queued on a phone while offline, sent when the network is back.

One night per date still holds: a queued night for a date that is already
logged (on another device, or here before the queue was sent) is never
written over. The answer is a conflict with the stored night, and the phone
asks the person which one to keep. Choosing the phone's entry sends it again
with ``replace`` set to the stored night's version, so a night changed once
more in the meantime is a new conflict rather than a silent loss.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from krampe.web.core.request import person
from krampe.web.diary import services
from krampe.web.diary.forms import NightForm
from krampe.web.diary.models import Night
from krampe.web.pwa.models import ReceivedEntry

MAX_ID = 64


def stored_night(night: Night) -> dict[str, Any]:
    """What the phone shows of the night already logged for that date."""
    return {
        "date": night.date.isoformat(),
        "cramps": night.cramps,
        "worst_pain": night.worst_pain,
        "awakenings": night.awakenings,
        "took_dose": night.took_dose,
        "stretched": night.stretched,
        "side_effect": night.side_effect,
        "note": night.note,
        "version": night.updated_at.isoformat(),
    }


def _problem(status: int, code: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"status": code, **extra}, status=status)


@require_POST
def queued_night(request: HttpRequest) -> JsonResponse:
    """Store one queued night: 201 saved, 200 already received, 409 conflict, 422 invalid."""
    user = person(request)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return _problem(400, "invalid", errors={"body": ["not JSON"]})
    if not isinstance(payload, dict) or not isinstance(payload.get("night"), dict):
        return _problem(400, "invalid", errors={"night": ["missing"]})
    client_id = str(payload.get("id") or "")
    if not client_id or len(client_id) > MAX_ID:
        return _problem(400, "invalid", errors={"id": [f"1 to {MAX_ID} characters"]})
    if str(payload.get("owner") or "") != str(user.pk):
        # Queued by someone else who used this phone: never store it in this account.
        return _problem(403, "not_yours")
    answers = {k: "" if v is None else str(v) for k, v in payload["night"].items()}
    form = NightForm(data=answers, window=services.night_window_for(user))
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return _problem(422, "invalid", errors=errors)
    data = form.cleaned_data
    replace = payload.get("replace")
    try:
        with transaction.atomic():
            if ReceivedEntry.objects.filter(user=user, client_id=client_id).exists():
                return JsonResponse({"status": "already", "date": data["date"].isoformat()})
            existing = (
                Night.objects.select_for_update().filter(user=user, date=data["date"]).first()
            )
            if existing is not None and replace != existing.updated_at.isoformat():
                return _problem(409, "conflict", stored=stored_night(existing))
            if existing is None and services.diary_full(user):
                return _problem(422, "invalid", errors={"date": [services.diary_full_message()]})
            values = services.night_values(user, data)
            Night.objects.update_or_create(user=user, date=data["date"], defaults=values)
            ReceivedEntry.objects.create(user=user, client_id=client_id, date=data["date"])
    except IntegrityError:
        # The same entry (or the same date) arrived twice at once: answer as for the second.
        if ReceivedEntry.objects.filter(user=user, client_id=client_id).exists():
            return JsonResponse({"status": "already", "date": data["date"].isoformat()})
        existing = Night.objects.get(user=user, date=data["date"])
        return _problem(409, "conflict", stored=stored_night(existing))
    return JsonResponse({"status": "saved", "date": data["date"].isoformat()}, status=201)
