"""One tap on the overview: "No cramps last night"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from krampe.domain.trial.night_rules import last_night
from krampe.web.core import queries
from krampe.web.core.request import person
from krampe.web.diary import services
from krampe.web.diary.forms import NightForm
from krampe.web.diary.models import Night


@require_POST
def quiet_night(request: HttpRequest) -> HttpResponse:
    """Save the night as 0 cramps and 0 awakenings; never over a night already logged.

    The dose is stored as taken only when the person said so ("Taken" on the
    evening reminder); otherwise it stays unanswered, as does stretching.
    """
    user = person(request)
    date = request.POST.get("date") or last_night(timezone.localdate()).isoformat()
    answers = NightForm.initial_for_new(None)
    answers.update(date=date, cramps=0)
    form = NightForm(
        data={k: "" if v is None else str(v) for k, v in answers.items()},
        window=services.night_window_for(user),
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("home")
    night_date = form.cleaned_data["date"]
    label = formats.date_format(night_date, "DATE_FORMAT")
    if Night.objects.filter(user=user, date=night_date).exists():
        messages.info(
            request,
            _("The night of %(date)s is logged already; nothing changed.") % {"date": label},
        )
        return redirect("home")
    if services.diary_full(user):
        messages.error(request, services.diary_full_message())
        return redirect("home")
    data = dict(form.cleaned_data)
    data["took_dose"] = True if queries.dose_taken(user, night_date) else None
    Night.objects.create(user=user, date=night_date, **services.night_values(user, data))
    messages.success(request, _("The night of %(date)s is saved: no cramps.") % {"date": label})
    return redirect("home")
