"""The plan page, the private calendar feed and the .ics download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from krampe.domain.plan.medicines import asks_times
from krampe.domain.screening.medicines import resolve_medicine
from krampe.domain.vocab import lang_or_default
from krampe.web.core import queries
from krampe.web.core.request import current_lang, person
from krampe.web.plans import services
from krampe.web.plans.forms import MedicineFormSet, PlanForm, medicine_initial
from krampe.web.plans.models import CalendarFeed

ICS_TYPE = "text/calendar; charset=utf-8"


def _feed_urls(request: HttpRequest, feed: CalendarFeed) -> tuple[str, str]:
    """The feed's address as typed (http or https) and as a webcal:// subscribe link.

    From KRAMPE_SITE_URL when it is set: behind a proxy the request's own host
    and scheme are the proxy's, not the address a calendar app can reach.
    """
    path = reverse("plan_feed", kwargs={"token": feed.token})
    url = settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)
    # webcal:// asks the phone's calendar app to subscribe instead of downloading once.
    return url, "webcal://" + url.split("://", 1)[1]


def plan(request: HttpRequest) -> HttpResponse:
    user = person(request)
    language = current_lang()
    stored = services.stored_plan(user)
    if request.method == "POST":
        form = PlanForm(request.POST, instance=stored, lang=language)
        medicines = MedicineFormSet(request.POST, prefix="med")
        if form.is_valid() and medicines.is_valid():
            rows = [
                {"name": m.cleaned_data["name"].strip(), "times": m.cleaned_data["parsed_times"]}
                for m in medicines
                if m.cleaned_data.get("name", "").strip()
            ]
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.user = user
                saved.medicine_times = rows
                saved.save()
            messages.success(request, _("Your plan is updated."))
            return redirect(reverse("plan") + "#your-plan")
    else:
        form = PlanForm(instance=stored, lang=language)
        medicines = MedicineFormSet(
            prefix="med",
            initial=medicine_initial(
                list(stored.medicine_times or []), queries.profile_medicines(user)
            ),
        )
    # Fresh from the database: an invalid form must not change the plan shown.
    view = services.build(user, language)
    medicine_rows, no_spacing, unchecked = _medicine_rows(medicines)
    feed = services.current_feed(user)
    feed_https, feed_webcal = _feed_urls(request, feed)
    context: dict[str, Any] = {
        "form": form,
        "medicines": medicines,
        "medicine_rows": medicine_rows,
        "no_spacing": no_spacing,
        "unchecked": unchecked,
        "missing_times": view.plan.medicines_without_times,
        "view": view,
        "plan": view.plan,
        "feed_https": feed_https,
        "feed_webcal": feed_webcal,
        "reminder_devices": queries.reminder_devices(user),
        # Over https, the address to copy is the https one: a webcal:// address may be
        # fetched over plain http, and the token with it.
        "feed_copy": feed_https if feed_https.startswith("https://") else feed_webcal,
    }
    return render(request, "plans/plan.html", context)


def _medicine_rows(
    medicines: forms.BaseFormSet,  # type: ignore[type-arg]
) -> tuple[list[tuple[forms.Form, bool]], list[str], list[str]]:
    """Each row with whether its times are asked, and the names whose times are not.

    Times are asked only for a medicine with a spacing rule; the others stay in the
    form as hidden fields (nothing is lost), named as needing no spacing, or as not
    recognised (no rule could be checked). A row with an error or no name is shown.
    """
    rows: list[tuple[forms.Form, bool]] = []
    no_spacing: list[str] = []
    unchecked: list[str] = []
    for mform in medicines:
        name = str(mform["name"].value() or "").strip()
        resolution = resolve_medicine(name)  # once: whether times are asked, and why not
        shown = not name or bool(mform.errors) or asks_times(name, resolution)
        rows.append((mform, shown))
        if not shown:
            (no_spacing if resolution.resolved is not None else unchecked).append(name)
    return rows, no_spacing, unchecked


@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    services.revoke_feed(person(request))
    messages.success(
        request, _("The old calendar address no longer works. Subscribe to the new one below.")
    )
    return redirect(reverse("plan") + "#calendar")


def plan_calendar_ics(request: HttpRequest) -> HttpResponse:
    body = services.ics_bytes(person(request), current_lang())
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = 'attachment; filename="krampe-plan.ics"'
    return response


@login_not_required
@never_cache
def plan_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the token is the only key; a revoked token is a 404."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).first()
    if feed is None:
        raise Http404
    user = feed.user
    language = lang_or_default(user.language)
    with translation.override(language):
        body = services.ics_bytes(user, language)
    return HttpResponse(body, content_type=ICS_TYPE)
