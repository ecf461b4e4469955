"""Diet: a short questionnaire wizard (one food group a screen) and the estimate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from krampe.domain.diet import DietError, diet_profile_from, estimate, parse_answers
from krampe.domain.screening.policy import supplement_plan_allowed
from krampe.knowledge import ffq, loaders
from krampe.web.accounts.models import User
from krampe.web.core import queries
from krampe.web.core.request import current_lang, person
from krampe.web.diet.forms import StartForm, StepForm
from krampe.web.diet.models import DietRecord


def _record(user: User) -> DietRecord | None:
    return DietRecord.objects.filter(user=user).first()


def _profile_from_health(user: User) -> dict[str, Any] | None:
    """The diet's profile part from the screening profile, when it can serve."""
    profile = queries.profile_of(user)
    diet_profile = diet_profile_from(profile) if profile is not None else None
    return None if diet_profile is None else diet_profile.model_dump()


def _union(groups: Iterable[tuple[str, ...]]) -> list[str]:
    """Source ids of several items, each once, in order."""
    return list(dict.fromkeys(s for group in groups for s in group))


def _plan_allowed(user: User) -> bool:
    """Whether the screening lets the person go on to a plan (never when a doctor comes first)."""
    result = queries.screening_for(user, current_lang())
    return result is not None and supplement_plan_allowed(result.self_trial)


def _store_answers(form: forms.Form, record: DietRecord | None, user: User, answers: Any) -> bool:
    """Store ``answers`` when the domain accepts them; else put its problem on the form."""
    try:
        parse_answers(answers)
    except DietError as exc:
        form.add_error(None, _("This could not be used: %(problem)s") % {"problem": exc})
        return False
    with transaction.atomic():
        if record is None:
            DietRecord.objects.update_or_create(user=user, defaults={"answers": answers})
        else:
            record.answers = answers
            record.save(update_fields=["answers", "updated_at"])
    return True


def _groups() -> tuple[ffq.Group, ...]:
    return ffq.questionnaire().groups


def start(request: HttpRequest) -> HttpResponse:
    user = person(request)
    lang = current_lang()
    from_health = _profile_from_health(user)
    record = _record(user)
    stored = record.answers if record is not None else {}
    if request.method == "POST":
        form = StartForm(request.POST, ask_profile=from_health is None, lang=lang)
        if form.is_valid():
            profile = from_health if from_health is not None else form.profile()
            answers = {
                "kind": "questionnaire",
                "profile": profile,
                "exclusions": list(form.cleaned_data["exclusions"]),
                # Answers already given are kept: starting again changes who and what not.
                "answers": stored.get("answers", {})
                if stored.get("kind") == "questionnaire"
                else {},
            }
            if _store_answers(form, None, user, answers):
                return redirect("diet_step", n=1)
    else:
        initial: dict[str, Any] = {"exclusions": stored.get("exclusions", [])}
        if stored.get("profile"):
            initial.update(stored["profile"])
            initial["age"] = int(stored["profile"]["age"])
        form = StartForm(initial=initial, ask_profile=from_health is None, lang=lang)
    context = {
        "form": form,
        "from_health": from_health,
        "has_answers": bool(stored.get("answers")),
        "steps": len(_groups()),
    }
    return render(request, "diet/start.html", context)


def step(request: HttpRequest, n: int) -> HttpResponse:
    groups = _groups()
    if not 1 <= n <= len(groups):
        raise Http404
    user = person(request)
    lang = current_lang()
    record = _record(user)
    if record is None or record.answers.get("kind") != "questionnaire":
        return redirect("diet_start")
    group = groups[n - 1]
    items = ffq.questionnaire().items_in(group.id)
    stored_answers: dict[str, Any] = record.answers.get("answers", {})
    if request.method == "POST":
        form = StepForm(request.POST, items=items, lang=lang)
        going_back = "back" in request.POST
        if going_back and not form.is_valid():
            # Back never stops on an unanswered screen; nothing half-answered is stored.
            return redirect("diet_step", n=n - 1) if n > 1 else redirect("diet_start")
        if form.is_valid():
            answers = {**record.answers, "answers": {**stored_answers, **form.answers()}}
            if _store_answers(form, record, user, answers):
                if going_back:
                    return redirect("diet_step", n=n - 1) if n > 1 else redirect("diet_start")
                return (
                    redirect("diet_step", n=n + 1) if n < len(groups) else redirect("diet_result")
                )
    else:
        form = StepForm(
            initial=StepForm.initial_from(items, stored_answers), items=items, lang=lang
        )
    context = {
        "form": form,
        "group": group,
        "n": n,
        "steps": len(groups),
        "is_last": n == len(groups),
    }
    return render(request, "diet/step.html", context)


def result(request: HttpRequest) -> HttpResponse:
    user = person(request)
    lang = current_lang()
    record = _record(user)
    if record is None or not record.answers.get("answers"):
        return redirect("diet_start")
    try:
        outcome = estimate(record.answers, lang)
    except DietError:
        # Stored answers the questionnaire no longer accepts: answer again.
        return redirect("diet_start")
    from krampe.web.diet.charts import contributors_svg

    top = outcome.contributors[:8]
    context = {
        "reference_source": loaders.sources().get(outcome.reference_source),
        "contributor_sources": _union(c.sources for c in top),
        "suggestion_sources": _union(s.sources for s in outcome.suggestions),
        "plan_allowed": _plan_allowed(user),
        "has_profile": queries.profile_data(user) is not None,
        "estimate": outcome,
        "lang": lang,
        "top": top,
        "others_mg": sum(c.mg_per_day for c in outcome.contributors[8:]),
        "chart": contributors_svg(top, lang) if top else "",
        "intake": round(outcome.intake_mg_per_day),
        "reference": round(outcome.reference_mg_per_day),
        "gap": round(outcome.gap_mg_per_day),
    }
    return render(request, "diet/result.html", context)
