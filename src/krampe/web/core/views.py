from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from krampe.domain.first_run import FirstRun, first_run
from krampe.domain.plan import texts as plan_texts
from krampe.domain.plan.calendar import trial_calendar
from krampe.domain.screening import ProfileError, ScreeningResult, parse_profile, screen
from krampe.domain.screening.policy import (
    allowed_trial_designs,
    safety_pause,
    supplement_plan_allowed,
)
from krampe.domain.trial.design import DesignError
from krampe.domain.trial.night_rules import last_night
from krampe.web.core import queries
from krampe.web.core.request import current_lang, person

log = logging.getLogger("krampe.health")


@login_not_required
def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "core/welcome.html")


def _daily_hub(request: HttpRequest, screening: ScreeningResult | None) -> dict[str, Any]:
    """What the overview shows at the top: last night logged?, trial status, next step."""
    user = person(request)
    today = timezone.localdate()
    # The trial once: the status, the milestone and the checks all read it.
    trial = queries.active_trial(user)
    night_count, logged_last_night = queries.nights_logged(user, last_night(today))
    hub: dict[str, Any] = {
        "last_night": last_night(today),
        "logged_last_night": logged_last_night,
        "night_count": night_count,
        "status": None,
        "milestone": None,
        "pause": None,
        "watch": queries.watch_of(trial, today, current_lang()) if trial else None,
    }
    lang = current_lang()
    pause = safety_pause(screening.findings, lang) if screening is not None else None
    if pause is not None:
        # A red banner until the answers change; the trial and the reminders are paused.
        hub["pause"] = pause
        hub["pause_note"] = plan_texts.note("reminders_paused", lang)
        return hub
    if trial is not None:
        try:
            running = trial.running()
        except DesignError:
            return hub  # the results page explains a design that no longer reads
        hub["status"] = running.status_on(today)
        # The milestones of the stored design: the same dates as the reminders.
        calendar = trial_calendar(running.design, lang=lang)
        hub["milestone"] = next((m for m in calendar.milestones if m.date >= today), None)
    return hub


def _first_run(
    request: HttpRequest, screening: ScreeningResult | None, *, health: bool
) -> FirstRun:
    """The overview's steps: done marks from the person's data, blocks from the health check."""
    level = screening.self_trial if screening is not None else None
    return first_run(
        queries.steps_done(person(request), health=health),
        plan_allowed=supplement_plan_allowed(level),
        trial_allowed=bool(allowed_trial_designs(level)),
    )


def home(request: HttpRequest) -> HttpResponse:
    # The profile once: the red banner and the first-run path both read its screening.
    data = queries.profile_data(person(request))
    try:
        profile = parse_profile(data) if data is not None else None
    except ProfileError:
        profile = None  # a profile that no longer reads: its result page says so
    screening = screen(profile, current_lang()) if profile is not None else None
    return render(
        request,
        "core/home.html",
        {
            "hub": _daily_hub(request, screening),
            "path": _first_run(request, screening, health=data is not None),
        },
    )


def more(request: HttpRequest) -> HttpResponse:
    """Every place the bottom bar has no room for: the steps, Learn, data and account."""
    return render(request, "core/more.html")


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 otherwise.

    The cause goes to the log, never to the caller: a database error can name
    hosts and users, and this page answers anyone.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure is a failed check
        log.exception("health check failed: the database did not answer")
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
