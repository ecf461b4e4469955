"""Trial start, the nightly log, past nights, results and the unblinding step."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from krampe.domain.plan.build import allowed_trial_designs
from krampe.domain.trial import analysis as trial_analysis
from krampe.domain.trial import charts as trial_charts
from krampe.domain.trial import design as trial_design
from krampe.domain.trial.diary import MAX_NIGHTS
from krampe.domain.trial.texts import OPEN_LABEL_SOURCE, SIDE_NAMES
from krampe.domain.trial.verdict import Thresholds
from krampe.knowledge import loaders
from krampe.web.diary import services
from krampe.web.diary.forms import NightForm, TrialStartForm
from krampe.web.diary.models import SIDE_EFFECTS, Night, Trial
from krampe.web.profiles.services import screening_for
from krampe.web.reminders.services import dose_taken

RECENT_NIGHTS = 14


def _allowed_kinds(request: HttpRequest) -> tuple[list[str], str]:
    """Trials the screening allows (none after an urgent finding) and its level."""
    result = screening_for(services.person(request), services.lang())
    level = result.self_trial if result is not None else ""
    return list(allowed_trial_designs(level)), level


def trial_start(request: HttpRequest) -> HttpResponse:
    kinds, level = _allowed_kinds(request)
    current = services.active_trial(services.person(request))
    if request.method == "POST" and kinds:
        form = TrialStartForm(request.POST, kinds=kinds)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            # The seed is drawn once and stored: the allocation can always be recomputed.
            seed = secrets.randbelow(2**31) if kind == "blinded" else None
            trial = services.create_trial(
                services.person(request), kind, form.cleaned_data["start"], seed
            )
            messages.success(request, _("Your trial has started."))
            if kind == "blinded":
                return redirect("allocation_sheet", pk=trial.pk)
            return redirect("home")
    else:
        form = TrialStartForm(
            initial={"kind": kinds[0] if kinds else None, "start": timezone.localdate()},
            kinds=kinds,
        )
    return render(
        request,
        "diary/trial_start.html",
        {"form": form, "kinds": kinds, "level": level, "current": current},
    )


def allocation_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    trial = get_object_or_404(Trial, pk=pk, user=services.person(request), kind="blinded")
    rows = trial_design.allocation_sheet(services.design_of(trial))
    return render(
        request,
        "diary/allocation.html",
        {"trial": trial, "rows": rows, "content": _content_names()},
    )


def _content_names() -> dict[str, str]:
    lang = services.lang()
    return {phase: SIDE_NAMES[phase][lang] for phase in ("magnesium", "placebo")}


def _recent(user: Any, show_all: bool) -> list[Night]:
    nights = Night.objects.filter(user=user).order_by("-date")
    return list(nights if show_all else nights[:RECENT_NIGHTS])


def _save_night(request: HttpRequest, form: NightForm, night: Night | None) -> Night | None:
    """Store the form; None (with an error on the date) when that date is taken."""
    data = form.cleaned_data
    values = services.night_values(services.person(request), data)
    with transaction.atomic():
        if night is None:
            # One entry per night: saving the same night again updates it.
            saved, _created = Night.objects.update_or_create(
                user=services.person(request), date=data["date"], defaults=values
            )
            return saved
        taken = Night.objects.filter(user=services.person(request), date=data["date"]).exclude(
            pk=night.pk
        )
        if taken.exists():
            form.add_error(
                "date", _("You have already logged that night. Change it there instead.")
            )
            return None
        night.date = data["date"]
        for key, value in values.items():
            setattr(night, key, value)
        night.save()
        return night


def _night_label(date: dt.date) -> str:
    return formats.date_format(date, "DATE_FORMAT")


def _diary_full(request: HttpRequest) -> bool:
    return Night.objects.filter(user=services.person(request)).count() >= MAX_NIGHTS


def _requested_night(request: HttpRequest) -> dt.date:
    """``?date=`` (from the overview or a reminder) when it is a night that has begun."""
    try:
        asked = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return services.last_night()
    return asked if asked <= timezone.localdate() else services.last_night()


def log_night(request: HttpRequest) -> HttpResponse:
    default_date = _requested_night(request)
    if request.method == "POST":
        form = NightForm(request.POST)
        shown = request.POST.get("shown", "")
        if form.is_valid() and shown and shown != form.cleaned_data["date"].isoformat():
            # The form showed another logged night's values: never carry them to a new date.
            messages.info(request, _("Another night was chosen: fill in that night's answers."))
            return redirect(reverse("log_night") + f"?date={form.cleaned_data['date'].isoformat()}")
        if form.is_valid():
            existed = Night.objects.filter(
                user=services.person(request), date=form.cleaned_data["date"]
            ).exists()
        if form.is_valid() and not existed and _diary_full(request):
            form.add_error(
                "date",
                _(
                    "Your diary holds %(max)s nights, the most Krampe keeps (ten years). "
                    "Export it, and change an old night instead of adding one."
                )
                % {"max": MAX_NIGHTS},
            )
        if form.is_valid():
            saved = _save_night(request, form, None)
            assert saved is not None
            if existed:
                text = _("The night of %(date)s is updated.")
            else:
                text = _("The night of %(date)s is saved.")
            messages.success(request, text % {"date": _night_label(saved.date)})
            return redirect("log_night")
    else:
        already = Night.objects.filter(user=services.person(request), date=default_date).first()
        shown_date = already.date.isoformat() if already is not None else ""
        if already is not None:
            initial = NightForm.initial_from(already)
        else:
            taken = dose_taken(services.person(request), default_date)
            initial = NightForm.initial_for_new(default_date, took_dose=taken or None)
        form = NightForm(initial=initial)
    show_all = request.GET.get("all") == "1"
    context = {
        "form": form,
        "night": None,
        "nights": _recent(services.person(request), show_all),
        "show_all": show_all,
        "status": _status(services.person(request)),
        "already": Night.objects.filter(user=services.person(request), date=default_date).exists(),
        # The date whose stored values the form shows (none for a new night).
        "shown": request.POST.get("shown", "") if request.method == "POST" else shown_date,
    }
    return render(request, "diary/log_night.html", context)


def edit_night(request: HttpRequest, pk: int) -> HttpResponse:
    night = get_object_or_404(Night, pk=pk, user=services.person(request))
    if request.method == "POST":
        form = NightForm(request.POST)
        if form.is_valid() and _save_night(request, form, night) is not None:
            messages.success(
                request, _("The night of %(date)s is updated.") % {"date": _night_label(night.date)}
            )
            return redirect("log_night")
    else:
        form = NightForm(initial=NightForm.initial_from(night))
    return render(
        request,
        "diary/log_night.html",
        {"form": form, "night": night, "nights": [], "status": None},
    )


def _status(user: Any) -> services.TrialStatus | None:
    trial = services.active_trial(user)
    return services.trial_status(trial) if trial is not None else None


def _weekly_rows(nights: list[Any]) -> list[dict[str, Any]]:
    """The chart's numbers as a table: one row per week of logged nights."""
    if not nights:
        return []
    first = nights[0].date
    weeks: dict[int, list[Any]] = {}
    for night in nights:
        weeks.setdefault((night.date - first).days // 7, []).append(night)
    rows = []
    for week, group in sorted(weeks.items()):
        counts = [n.cramps for n in group if n.cramps is not None]
        names = _phase_names()
        phases = list(dict.fromkeys(names.get(n.phase, n.phase) for n in group))
        rows.append(
            {
                "start": first + dt.timedelta(days=7 * week),
                "nights": len(counts),
                "cramps": sum(counts),
                "mean": sum(counts) / len(counts) if counts else None,
                "phases": ", ".join(phases),
            }
        )
    return rows


def _phase_names() -> dict[str, str]:
    return {
        "baseline": _("baseline"),
        "magnesium": _("magnesium"),
        "placebo": _("placebo"),
        "stretching": _("stretching"),
        "run_in": _("run-in (not counted)"),
    }


def results(request: HttpRequest) -> HttpResponse:
    lang = services.lang()
    trial = services.active_trial(services.person(request)) or (
        Trial.objects.filter(user=services.person(request)).order_by("-created_at", "-pk").first()
    )
    rows = list(Night.objects.filter(user=services.person(request)).order_by("date"))
    context: dict[str, Any] = {
        "trial": trial,
        "night_count": len(rows),
        "phase_names": _phase_names(),
    }
    if trial is not None:
        context["status"] = services.trial_status(trial)
        context["trial_end"] = services.design_of(trial).end
    if trial is not None and services.is_blind(trial):
        # The result stays hidden until the last period ends; then it can be unblinded.
        return render(request, "diary/results.html", {**context, "hidden": True})
    if not rows:
        return render(request, "diary/results.html", context)

    nights = services.to_domain(rows)
    design = services.design_of(trial) if trial is not None else None
    shown = trial_design.apply_design(nights, design) if design is not None else nights
    if not shown:
        shown = nights  # nights outside the trial's dates are still the person's diary
        design = None
    # An <img> of the SVG, not inline SVG: matplotlib's SVG carries a <style> element and
    # style attributes, which the Content-Security-Policy does not allow in the page.
    context["chart_uri"] = trial_charts.svg_data_uri(trial_charts.diary_chart(shown, "svg", lang))
    context["chart_limited"] = trial_charts.chart_is_limited(
        min(n.date for n in shown), max(n.date for n in shown)
    )
    context["chart_nights"] = trial_charts.CHART_MAX_NIGHTS
    context["weeks"] = _weekly_rows(shown)
    if design is not None and trial is not None:
        result = trial_analysis.analyze_nights(
            nights, design, Thresholds(threshold=trial.threshold)
        )
        context["result"] = result
        context["summary"] = result.summary(lang)
        context["explanation"] = result.explanation(lang)
        context["next_step"] = result.next_step(lang)
        context["caveats"] = result.caveats(lang)
        context["treated_name"] = SIDE_NAMES[result.treated][lang]
        context["control_name"] = SIDE_NAMES[result.control][lang]
        context["adherence"] = [
            (context[f"{side}_name"], share)
            for side, share in (
                ("treated", result.adherence.get("treated")),
                ("control", result.adherence.get("control")),
            )
            if share is not None
        ]
        labels = dict(SIDE_EFFECTS)
        context["side_effects"] = [
            (
                labels[code],
                result.side_effects.get("treated", {}).get(code, 0.0),
                result.side_effects.get("control", {}).get(code, 0.0),
            )
            for code, _label in SIDE_EFFECTS
            if code != "none"
        ]
        sources = loaders.sources()
        ids = [OPEN_LABEL_SOURCE] if result.open_label else []
        context["sources"] = [sources[i] for i in ids if i in sources]
        if trial.kind == "blinded" and trial.unblinded_at is not None:
            context["allocation"] = [(p, _phase_names()[p.phase]) for p in design.periods]
    return render(request, "diary/results.html", context)


@require_POST
def unblind(request: HttpRequest, pk: int) -> HttpResponse:
    trial = get_object_or_404(Trial, pk=pk, user=services.person(request), kind="blinded")
    if trial.unblinded_at is None:
        if timezone.localdate() <= services.design_of(trial).end:
            messages.error(
                request, _("The trial is not over yet: unblinding waits for the last night.")
            )
            return redirect("results")
        services.unblind(trial)
        messages.success(request, _("Unblinded: here is what each period held."))
    return redirect("results")
