"""Onboarding: the profile form and the screening result."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from krampe.domain.screening import Finding, ProfileError, ScreeningResult, parse_profile, screen
from krampe.domain.screening.lookup import MedicineLookup, lookup_medicine
from krampe.domain.screening.policy import safety_pause, supplement_plan_allowed
from krampe.domain.screening.profile import MAX_NAME_LENGTH
from krampe.domain.screening.report import findings_by_kind, trigger_label, unchecked_headline
from krampe.domain.vocab import Lang
from krampe.web.accounts.models import User
from krampe.web.core.request import current_lang, person
from krampe.web.profiles.forms import (
    BOOLEAN_FIELDS,
    ProfileForm,
    field_problem,
    medicine_names,
    problem_field,
)
from krampe.web.profiles.models import HealthProfile

MAX_QUERY_INDEX = 200


@dataclass
class MedicineRow:
    index: int
    value: str
    lookup: MedicineLookup | None = None
    error: str = ""


def _rows(names: list[str], lang: Lang, errors: dict[int, str] | None = None) -> list[MedicineRow]:
    """One row per typed name plus an empty one to add the next medicine."""
    errors = errors or {}
    rows = [
        MedicineRow(
            i, name, lookup_medicine(name, lang) if name.strip() else None, errors.get(i, "")
        )
        for i, name in enumerate(names)
    ]
    rows.append(MedicineRow(len(rows), ""))
    return rows


def _stored(user: User) -> HealthProfile | None:
    return HealthProfile.objects.filter(user=user).first()


def _apply_problems(
    form: ProfileForm, problems: tuple[str, ...], names: list[str]
) -> dict[int, str]:
    """Put each of the domain's problems next to its field; return per-medicine-row errors."""
    row_errors: dict[int, str] = {}
    for problem in problems:
        field, index = problem_field(problem)
        if field == "medicines" and index is not None and index < len(names):
            row_errors[index] = field_problem("medicine") or problem
        elif field in form.fields and (message := field_problem(field)):
            form.add_error(field, message)
        elif field == "medicines":
            form.add_error(None, field_problem("medicines") or problem)
        else:
            form.add_error(None, _("This could not be used: %(problem)s") % {"problem": problem})
    return row_errors


def profile(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    stored = _stored(person(request))
    if request.method != "POST":
        data = stored.data if stored is not None else {}
        initial = {k: v for k, v in data.items() if k != "medicines"}
        form = ProfileForm(initial=initial, lang=lang)
        names = list(data.get("medicines") or [])
        return _render_profile(request, form, _rows(names, lang), stored is not None)

    form = ProfileForm(request.POST, lang=lang)
    typed = request.POST.getlist("medicines")
    names = medicine_names(typed)
    if "add_medicine" in request.POST:
        # The plain-form way to get one more medicine line: nothing is saved yet.
        form.errors.clear()
        return _render_profile(request, form, _rows(names, lang), stored is not None)
    row_errors: dict[int, str] = {}
    if form.is_valid():
        try:
            checked = parse_profile(form.profile_data(names))
        except ProfileError as exc:
            row_errors = _apply_problems(form, exc.problems, names)
        else:
            with transaction.atomic():
                HealthProfile.objects.update_or_create(
                    user=person(request), defaults={"data": checked.model_dump(mode="json")}
                )
            return redirect("screening")
    return _render_profile(request, form, _rows(names, lang, row_errors), stored is not None)


def _render_profile(
    request: HttpRequest, form: ProfileForm, rows: list[MedicineRow], has_profile: bool
) -> HttpResponse:
    context = {
        "form": form,
        "rows": rows,
        "has_profile": has_profile,
        "about": [form[name] for name in ("age", "sex", "pregnant_weeks", "breastfeeding")],
        "body": [form[name] for name in ("egfr", *BOOLEAN_FIELDS[1:])],
        "cramps": [form["cramps_per_week"], form["takes_magnesium"]],
    }
    return render(request, "profiles/profile.html", context, status=200)


def medicine_lookup(request: HttpRequest) -> HttpResponse:
    """What a typed medicine name is recognised as, and suggestions (HTMX fragment).

    The medicine input sends itself (``medicines``); an empty or too long
    name gets no answer yet.
    """
    query = request.GET.get("medicines", "").strip()
    if not query or len(query) > MAX_NAME_LENGTH:
        return HttpResponse("")
    result = lookup_medicine(query, current_lang())
    return render(request, "profiles/_medicine_lookup.html", {"result": result})


def medicine_row(request: HttpRequest) -> HttpResponse:
    """One more empty medicine line (HTMX): numbered after the lines the page sends along."""
    try:
        raw = request.GET.get("index", len(request.GET.getlist("medicines")))
        index = min(max(int(raw), 0), MAX_QUERY_INDEX)
    except ValueError:
        index = 0
    return render(request, "profiles/_medicine_row.html", {"row": MedicineRow(index, "")})


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    triggers: list[str]


def screening(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    stored = _stored(person(request))
    if stored is None or not stored.data:
        return redirect("profile")
    try:
        result: ScreeningResult = screen(parse_profile(stored.data), lang)
    except ProfileError:
        # The knowledge base changed under a stored profile: ask again, keep nothing half-read.
        messages.warning(request, _("Please check your profile again."))
        return redirect("profile")

    def view(f: Finding) -> FindingView:
        return FindingView(f, [trigger_label(t, lang) for t in f.triggers])

    groups = [(kind, [view(f) for f in group]) for kind, group in findings_by_kind(result.findings)]
    red_flags = groups[0][1] if groups and groups[0][0] == "red_flag" else []
    context = {
        "result": result,
        "level": result.self_trial,
        "plan_allowed": supplement_plan_allowed(result.self_trial),
        "red_flags": red_flags,
        "groups": groups[1:] if red_flags else groups,
        "medicines": result.resolved_medicines,
        "unchecked": unchecked_headline(result),
        "pause": safety_pause(result.findings, lang),
    }
    return render(request, "profiles/screening.html", context)
