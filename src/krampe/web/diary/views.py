"""Trial start, the nightly log, past nights, results and the unblinding step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from krampe.domain.labels import label
from krampe.domain.screening.policy import allowed_trial_designs
from krampe.domain.trial import analysis as trial_analysis
from krampe.domain.trial import design as trial_design
from krampe.domain.trial import svg_chart
from krampe.domain.trial.blinding import (
    BLINDING_SOURCE,
    bang_index,
    blinding_check,
    blinding_check_from_dict,
)
from krampe.domain.trial.design import DEFAULT_RUN_IN
from krampe.domain.trial.extension import ExtensionError, latest_extension_start
from krampe.domain.trial.jars import jar_labels
from krampe.domain.trial.night_rules import last_night
from krampe.domain.trial.running import (
    RunningTrial,
    TrialStartError,
    UnblindingError,
    start_trial,
)
from krampe.domain.trial.texts import OPEN_LABEL_SOURCE, SIDE_NAMES, so_far_text
from krampe.domain.trial.weeks import weekly
from krampe.domain.vocab import SIDE_EFFECTS, Lang
from krampe.web.accounts.models import User
from krampe.web.core import queries
from krampe.web.core.reportcache import bump, cached
from krampe.web.core.request import current_lang, person
from krampe.web.diary import sealed, services
from krampe.web.diary.forms import BlindingCheckForm, NightForm, TrialStartForm
from krampe.web.diary.models import Night, Trial

RECENT_NIGHTS = 14

# Why a pair cannot be added, for the person (the codes of krampe.domain.trial.extension).
EXTENSION_MESSAGES = {
    "not_finished": gettext_lazy("Pairs can be added only after the last night of the trial."),
    "unblinded": gettext_lazy(
        "The trial is unblinded: you now know what each jar held, so a pair added now "
        "would not be blind."
    ),
    "at_maximum": gettext_lazy("The trial already has as many pairs as Krampe allows."),
    "not_inconclusive": gettext_lazy(
        "Your pairs so far give a clear answer, so no pair is added: unblind the trial to see it."
    ),
    "too_few_nights": gettext_lazy(
        "Too few nights were logged in your pairs for Krampe to decide on another pair, so "
        "no pair is added: unblind the trial to see what your nights show."
    ),
    "": gettext_lazy("A pair cannot be added to this trial."),
}


# The session key that carries a new helper link's keys to the one page that shows them.
HELPER_KEYS_ONCE = "krampe.helper_keys_once"


def trial_start(request: HttpRequest) -> HttpResponse:
    user = person(request)
    screening = queries.screening_for(user, current_lang())
    level = screening.self_trial if screening is not None else None
    kinds = allowed_trial_designs(level)
    current = queries.active_trial(user)
    if request.method == "POST" and kinds:
        form = TrialStartForm(request.POST, kinds=kinds)
        if form.is_valid():
            kind = form.trial_kind()
            try:
                new = start_trial(
                    kind,
                    form.cleaned_data["start"],
                    timezone.localdate(),
                    run_in_nights=form.cleaned_data["run_in"],
                )
            except TrialStartError:  # the day changed between the form and now
                form.add_error("start", _("Choose the first night again."))
            else:
                # A blinded trial is sealed: its allocation goes into the sealed
                # record, and the helper gets a link of their own.
                trial = services.create_trial(user, new.design, new.allocation)
                messages.success(request, _("Your trial has started."))
                if kind == "blinded":
                    _pass_on(request, trial)
                    return redirect("helper_link", pk=trial.pk)
                return redirect("home")
    else:
        asked = request.GET.get("kind")  # "Start a blinded trial" on the results page
        chosen = asked if asked in kinds else (kinds[0] if kinds else None)
        form = TrialStartForm(
            initial={"kind": chosen, "start": timezone.localdate(), "run_in": DEFAULT_RUN_IN},
            kinds=kinds,
        )
    return render(
        request,
        "diary/trial_start.html",
        {"form": form, "kinds": kinds, "level": level or "", "current": current},
    )


def _pass_on(request: HttpRequest, trial: Trial) -> None:
    """Make a new helper link and keep its keys for the one page view that shows them."""
    keys = sealed.issue_helper_link(trial)
    once = {"trial": trial.pk, "secret": keys.secret, "code": keys.code}
    request.session[HELPER_KEYS_ONCE] = once


def _blinded_trial(request: HttpRequest, pk: int) -> Trial:
    trial = get_object_or_404(Trial, pk=pk, user=person(request))
    if trial.kind != "blinded":
        raise Http404
    return trial


def helper_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's page for their helper's link: shown once after it is made,
    then only when it was made; a new link or none (revoked) by POST."""
    trial = _blinded_trial(request, pk)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            sealed.revoke_helper_links(trial)
            messages.success(request, _("The helper link no longer works."))
        else:
            _pass_on(request, trial)
            messages.success(request, _("A new helper link is made; the old one no longer works."))
        return redirect("helper_link", pk=trial.pk)
    once = request.session.pop(HELPER_KEYS_ONCE, None)
    keys = once if once and once.get("trial") == trial.pk else None
    running = trial.running()
    context: dict[str, Any] = {
        "trial": trial,
        "keys": keys,
        "live": sealed.live_helper_link(trial),
        "seal": running.design.seal,
        "labels": jar_labels(running.design),
        "helper_start": request.build_absolute_uri(reverse("helper_start")),
    }
    if keys is not None:
        context["link"] = request.build_absolute_uri(reverse("helper_page", args=[keys["secret"]]))
    response = render(request, "diary/helper_link.html", context)
    response["Cache-Control"] = "no-store"  # the keys are shown once, never kept by a cache
    return response


def _recent(user: User, show_all: bool) -> list[Night]:
    nights = Night.objects.filter(user=user).order_by("-date")
    return list(nights if show_all else nights[:RECENT_NIGHTS])


# What an upsert of a night writes when the night was logged before.
_UPDATED_FIELDS = (*services.NIGHT_FIELDS, "phase", "updated_at")


def _store_night(user: User, trial: Trial | None, form: NightForm) -> Night:
    """Store the night of the form's date; saving the same night again updates it.

    One statement (INSERT … ON CONFLICT (user, date) DO UPDATE), so two saves
    of the same night at once cannot both insert; the night and the diary's new
    version commit together, in one transaction (one commit, so one wait for the
    disk, where there were two), so no crash can keep the night and lose the bump.
    """
    date = form.cleaned_data["date"]
    night = Night(user=user, date=date, **services.night_values_in(trial, form.cleaned_data))
    # No savepoint: nothing inside is retried on its own, the save fails as one.
    with transaction.atomic(savepoint=False):
        Night.objects.bulk_create(
            [night],
            update_conflicts=True,
            unique_fields=["user", "date"],
            update_fields=_UPDATED_FIELDS,
        )
        # After the night, never before (see krampe.web.core.reportcache); a bulk
        # write sends no signal.
        bump(user.pk)
    return night


def _change_night(request: HttpRequest, form: NightForm, night: Night) -> Night | None:
    """Change a stored night (its date too); None (with an error on the date) when taken."""
    user = person(request)
    values = services.night_values(user, form.cleaned_data)
    with transaction.atomic():
        date = form.cleaned_data["date"]
        if Night.objects.filter(user=user, date=date).exclude(pk=night.pk).exists():
            form.add_error(
                "date", _("You have already logged that night. Change it there instead.")
            )
            return None
        night.date = date
        for key, value in values.items():
            setattr(night, key, value)
        night.save()
        return night


def _night_label(night: Night) -> str:
    return formats.date_format(night.date, "DATE_FORMAT")


def _logged_and_count(user: User, date: dt.date | None) -> tuple[bool, int]:
    """Whether ``date`` is logged, and how many nights the diary holds: one query."""
    if date is None:
        return False, 0
    row = Night.objects.filter(user=user).aggregate(
        this=Count("pk", filter=Q(date=date)), total=Count("pk")
    )
    return row["this"] > 0, row["total"]


def _in_blinded(trial: Trial | None) -> bool:
    return trial is not None and trial.kind == "blinded"


def _requested_night(request: HttpRequest, user: User) -> dt.date:
    """``?date=`` (from the overview or a reminder) when it is a night that may be logged
    now; otherwise last night."""
    window = services.night_window_for(user)
    try:
        asked = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return last_night(window.today)
    return asked if window.earliest <= asked <= window.latest else last_night(window.today)


def log_night(request: HttpRequest) -> HttpResponse:
    user = person(request)
    window = services.night_window_for(user)
    default_date = _requested_night(request, user)
    today = window.today
    trial = queries.active_trial(user)
    blinded = _in_blinded(trial)
    if request.method == "POST":
        form = NightForm(request.POST, window=window, blinded=blinded)
        shown = request.POST.get("shown", "")
        chosen = form.cleaned_data["date"] if form.is_valid() else None
        existed, total = _logged_and_count(user, chosen)
        if chosen is not None and shown != chosen.isoformat() and (shown or existed):
            # The form showed another night: never carry its values to this date, and
            # never write over a logged night from a form that did not show it.
            if existed:
                text = _("The night of %(date)s is already logged: here it is, to change.")
            else:
                text = _("Another night was chosen: fill in that night's answers.")
            messages.info(request, text % {"date": formats.date_format(chosen, "DATE_FORMAT")})
            return redirect(reverse("log_night") + f"?date={chosen.isoformat()}")
        if chosen is not None and not existed and services.nights_full(total):
            form.add_error("date", services.diary_full_message())
        if form.is_valid():
            saved = _store_night(user, trial, form)
            if existed:
                text = _("The night of %(date)s is updated.")
            else:
                text = _("The night of %(date)s is saved.")
            messages.success(request, text % {"date": _night_label(saved)})
            return redirect("log_night")
    show_all = request.GET.get("all") == "1"
    nights = _recent(user, show_all)
    already = _logged_on(user, default_date, nights, complete=show_all)
    shown_date = ""  # the date whose stored values a new form shows
    if request.method != "POST":
        if already is not None:
            shown_date = already.date.isoformat()
            form = NightForm(
                initial=NightForm.initial_from(already),
                window=window,
                stored_date=already.date,
                blinded=blinded,
            )
        else:
            taken = queries.dose_taken(user, default_date)
            initial = NightForm.initial_for_new(default_date, took_dose=taken or None)
            form = NightForm(initial=initial, window=window, blinded=blinded)
    context = {
        "form": form,
        "night": None,
        "nights": nights,
        "show_all": show_all,
        "status": trial.running().status_on(today) if trial else None,
        "already": already is not None,
        "watch": queries.watch_of(trial, today, current_lang()) if trial else None,
        **_baseline(trial, today, nights if _all_since(nights, trial, show_all) else None),
        # The date whose stored values the form shows (none for a new night).
        "shown": request.POST.get("shown", "") if request.method == "POST" else shown_date,
        # The date the page was opened for: another date opens that night (diary.js).
        "page_date": default_date.isoformat(),
    }
    return render(request, "diary/log_night.html", context)


def _logged_on(user: User, date: dt.date, newest: list[Night], complete: bool) -> Night | None:
    """The night of ``date``, found in the newest nights the page lists when it can be.

    The list answers when it holds the date, holds every night, or reaches back
    past the date; only an older date (a reminder's link to a night long ago)
    costs a query of its own.
    """
    found = next((n for n in newest if n.date == date), None)
    if found is not None or complete or len(newest) < RECENT_NIGHTS:
        return found
    if newest and newest[-1].date < date:
        return None
    return Night.objects.filter(user=user, date=date).first()


def edit_night(request: HttpRequest, pk: int) -> HttpResponse:
    user = person(request)
    night = get_object_or_404(Night, pk=pk, user=user)
    blinded = _in_blinded(queries.active_trial(user))
    window = services.night_window_for(user)
    if request.method == "POST":
        form = NightForm(request.POST, window=window, stored_date=night.date, blinded=blinded)
        if form.is_valid() and _change_night(request, form, night) is not None:
            messages.success(
                request, _("The night of %(date)s is updated.") % {"date": _night_label(night)}
            )
            return redirect("log_night")
    else:
        form = NightForm(
            initial=NightForm.initial_from(night),
            window=window,
            stored_date=night.date,
            blinded=blinded,
        )
    return render(
        request,
        "diary/log_night.html",
        {"form": form, "night": night, "nights": [], "status": None},
    )


def _analysis_context(trial: Trial, nights: list[Any], lang: Lang) -> dict[str, Any]:
    """The verdict, adherence and side effects of the trial's comparison."""
    running = trial.running()
    result = trial_analysis.analyze_nights(nights, running.design)
    treated, control = SIDE_NAMES[result.treated][lang], SIDE_NAMES[result.control][lang]
    context: dict[str, Any] = {
        "result": result,
        "summary": result.summary(lang),
        "so_far": so_far_text(running.design.end, timezone.localdate(), lang),
        "explanation": result.explanation(lang),
        "next_step": result.next_step(lang),
        "caveats": result.caveats(lang),
        "treated_name": treated,
        "control_name": control,
        "adherence": [
            (name, share)
            for name, share in (
                (treated, result.adherence.get("treated")),
                (control, result.adherence.get("control")),
            )
            if share is not None
        ],
        "side_effects": [
            (
                label("side_effect", code, lang),
                result.side_effects.get("treated", {}).get(code, 0.0),
                result.side_effects.get("control", {}).get(code, 0.0),
            )
            for code in SIDE_EFFECTS
            if code != "none"
        ],
        "source_ids": [OPEN_LABEL_SOURCE] if result.open_label else [],
        "next_action": _next_action(result.next_step_code),
    }
    context.update(_revealed(trial, running))
    return context


def _all_since(nights: list[Night], trial: Trial | None, show_all: bool) -> bool:
    """True when the newest nights the log page read hold every night since the trial
    began (all of the diary, or reaching back to its start)."""
    if show_all or len(nights) < RECENT_NIGHTS:
        return True
    return trial is not None and bool(nights) and nights[-1].date <= trial.start


def _next_action(code: str) -> tuple[str, str] | None:
    """The button a next step offers: (address, label), or None for advice only."""
    if code == "start_blinded_trial":
        return reverse("trial_start") + "?kind=blinded", _("Start a blinded trial")
    if code == "start_new_trial":
        return reverse("trial_start"), _("Start a new trial")
    return None


def _baseline(
    trial: Trial | None, today: dt.date, loaded: list[Night] | None = None
) -> dict[str, Any]:
    """The open-label baseline's warning while nights can still be added to it
    (``loaded``: nights already read, when they hold all since the trial's start)."""
    try:
        status = services.baseline_of(trial, today, loaded) if trial is not None else None
    except trial_design.DesignError:  # an unreadable design: the page says so elsewhere
        return {}
    if status is None or status.code != "short":
        return {}
    second = trial.running().design.periods[1].phase if trial is not None else None
    return {"baseline": status, "baseline_trial": trial, "baseline_next": second}


def _revealed(trial: Trial, running: RunningTrial) -> dict[str, Any]:
    """After unblinding: what each period held, the seal check and Bang's index."""
    if running.kind != "blinded" or running.blind:
        return {}
    context: dict[str, Any] = {"allocation": running.design.periods, "seal": running.design.seal}
    blinding = _blinding(trial, running.design)
    if blinding is not None:
        context["blinding"] = blinding
        context["blinding_arms"] = [blinding.magnesium, blinding.placebo]
        context["blinding_source"] = [BLINDING_SOURCE]
    return context


def _blinding(trial: Trial, design: trial_design.Design) -> Any:
    """Bang's index of the person's guesses, once the allocation is revealed."""
    if not trial.blinding_check:
        return None
    check = blinding_check_from_dict(trial.blinding_check)
    return bang_index(check, trial_design.unblind(design))


def results(request: HttpRequest) -> HttpResponse:
    user = person(request)
    today = timezone.localdate()
    trial = queries.latest_trial(user)
    context: dict[str, Any] = {"trial": trial}
    running = None
    if trial is not None:
        try:
            running = trial.running()
        except trial_design.BrokenSealError as exc:
            # The stored seal no longer matches itself: tampered, and said so.
            context["broken_seal"] = exc
        except trial_design.DesignError:
            # A stored design that no longer reads: say so, show the diary as logged.
            context["unreadable_trial"] = True
    if running is not None and trial is not None:
        context["status"] = running.status_on(today)
        context["trial_end"] = running.end
        if running.blind:
            # Decided on every request, before the cache is asked: while the trial is
            # blind nothing of its result is stored or shown, and the sealed design is
            # never analysed. The one analysis is the extension rule's blind look, which
            # gives the page only whether a pair may be added.
            context["logged"] = services.logged_in_trial(trial)
            context["can_unblind"] = running.can_unblind(today)
            context["seal"] = running.design.seal
            if context["can_unblind"]:
                context["check_form"] = BlindingCheckForm(labels=jar_labels(running.design))
                diary = services.to_domain(Night.objects.filter(user=user).order_by("date"))
                try:
                    look = sealed.extension_look(trial, diary, today)
                except trial_design.BrokenSealError as exc:
                    context["broken_seal"] = exc
                else:
                    context["extension"] = look if look.allowed else None
                    context["extension_latest"] = latest_extension_start(today)
            return render(request, "diary/results.html", {**context, "hidden": True})
    # The baseline's warning follows the calendar and is never part of the cached body.
    context.update(_baseline(trial, today))
    lang = current_lang()
    # A trial that no longer reads gets a body read now: one kept from before the
    # change would show a comparison and a seal check under the warning.
    trusted = "broken_seal" not in context and "unreadable_trial" not in context
    body = cached(
        user.pk,
        "results",
        lang,
        lambda: _results_body(user, lang).encode("utf-8"),
        reuse=trusted,
    )
    context["body"] = mark_safe(body.decode("utf-8"))
    return render(request, "diary/results.html", context)


def _results_body(user: User, lang: Lang) -> str:
    """The results below the title: the chart, the weekly table, the verdict.

    Reads the trial again rather than taking the caller's: what is cached is
    what was read after the diary's version (see krampe.web.core.reportcache). A
    trial that is blind by now (started since the caller looked) gives nothing.
    """
    trial = queries.latest_trial(user)
    running = None
    if trial is not None:
        try:
            running = trial.running()
        except trial_design.DesignError:  # the page says so, outside this part
            running = None
    if running is not None and running.blind:
        return ""
    rows = list(Night.objects.filter(user=user).order_by("date"))
    context: dict[str, Any] = {"trial": trial, "night_count": len(rows)}
    if not rows:
        if running is not None and trial is not None:
            context.update(_revealed(trial, running))
        return render_to_string("diary/_results_body.html", context)

    nights = services.to_domain(rows)
    shown = trial_design.apply_design(nights, running.design) if running else nights
    if not shown:
        shown = nights  # nights outside the trial's dates are still the person's diary
        running = None
    # The charts are SVG drawn by the domain (presentation attributes only), shown as an
    # <img> so the page stays free of inline SVG; a pure function of the nights.
    context["chart_uri"] = svg_chart.svg_uri(svg_chart.diary_svg(shown, lang))
    context["habits_uri"] = svg_chart.svg_uri(svg_chart.habits_svg(shown, lang))
    context["phase_summary"] = svg_chart.phase_summary_text(shown, lang)
    context["chart_limited"] = svg_chart.is_limited(shown)
    context["chart_nights"] = svg_chart.SVG_MAX_NIGHTS
    context["weeks"] = weekly(shown)
    if running is not None and trial is not None:
        context.update(_analysis_context(trial, nights, lang))
    return render_to_string("diary/_results_body.html", context)


@require_POST
def unblind(request: HttpRequest, pk: int) -> HttpResponse:
    """The blinding check and the unblinding: the guesses are stored with the revealed
    allocation, which is checked against the commitment made at the start."""
    trial = _blinded_trial(request, pk)
    running = trial.running()
    if not running.blind:
        return redirect("results")
    today = timezone.localdate()
    if not running.can_unblind(today):
        messages.error(
            request, _("The trial is not over yet: unblinding waits for the last night.")
        )
        return redirect("results")
    form = BlindingCheckForm(request.POST, labels=jar_labels(running.design))
    if not form.is_valid():
        messages.error(request, _("Answer the blinding check for every period first."))
        return redirect("results")
    check = blinding_check(
        form.guesses(), form.cleaned_data["certainty"], len(running.design.periods), today
    )
    try:
        sealed.unblind(trial, today, check)
    except UnblindingError:
        messages.error(
            request, _("The trial is not over yet: unblinding waits for the last night.")
        )
        return redirect("results")
    except trial_design.BrokenSealError as exc:
        context = {"trial": trial, "error": exc, "seal": running.design.seal}
        return render(request, "diary/broken_seal.html", context, status=409)
    messages.success(request, _("Unblinded: here is what each period held."))
    return redirect("results")


@require_POST
def extend_trial(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a pair of periods to a finished, still blind trial when the rule allows it."""
    trial = _blinded_trial(request, pk)
    today = timezone.localdate()
    nights = services.to_domain(Night.objects.filter(user=trial.user).order_by("date"))
    try:
        first = dt.date.fromisoformat(request.POST["start"]) if request.POST.get("start") else None
    except ValueError:
        first = dt.date.min  # refused below, with the allowed dates
    try:
        longer = sealed.extend(trial, nights, today, first)
    except ExtensionError as exc:
        messages.error(request, str(EXTENSION_MESSAGES.get(exc.reason, EXTENSION_MESSAGES[""])))
        return redirect("results")
    except trial_design.BrokenSealError as exc:
        context = {"trial": trial, "error": exc, "seal": trial.running().design.seal}
        return render(request, "diary/broken_seal.html", context, status=409)
    except trial_design.DesignError:  # the domain's start window: tonight up to the latest
        messages.error(
            request,
            _("Choose a first night for the new pair from tonight to %(latest)s.")
            % {"latest": formats.date_format(latest_extension_start(today), "DATE_FORMAT")},
        )
        return redirect("results")
    jar_a, jar_b = longer.periods[-2:]
    messages.success(
        request,
        _(
            "Pair %(pair)s is added: jar %(pair)sA from %(start)s, jar %(pair)sB until "
            "%(end)s. Ask your helper to fill the two jars; their page shows what goes in "
            "them. Unblinding waits for the last night."
        )
        % {
            "pair": jar_a.pair,
            "start": formats.date_format(jar_a.start, "DATE_FORMAT"),
            "end": formats.date_format(jar_b.end, "DATE_FORMAT"),
        },
    )
    return redirect("results")


@require_POST
def extend_baseline(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the missing nights to an open-label baseline that is falling short."""
    trial = get_object_or_404(Trial, pk=pk, user=person(request))
    today = timezone.localdate()
    try:
        longer = services.lengthen_baseline(trial, today)
    except trial_design.DesignError:
        messages.error(
            request, _("The baseline cannot be lengthened now: it is not short, or it is over.")
        )
        return redirect("results")
    messages.success(
        request,
        _("The baseline now lasts until %(end)s; the next phase starts the night after.")
        % {"end": formats.date_format(longer.periods[0].end, "DATE_FORMAT")},
    )
    return redirect(_safe_next(request, "results"))


def _safe_next(request: HttpRequest, default: str) -> str:
    """``next`` from the form when it is a page of this site, else ``default``."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@require_POST
def resume_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    """The person has read the red-flag prompts: reminders resume from the latest night."""
    trial = get_object_or_404(Trial, pk=pk, user=person(request))
    latest = Night.objects.filter(user=trial.user).order_by("-date").first()
    trial.reminders_resumed_through = latest.date if latest is not None else None
    trial.save(update_fields=["reminders_resumed_through"])
    messages.success(request, _("The pause from your diary's warning is lifted."))
    return redirect(_safe_next(request, "home"))
