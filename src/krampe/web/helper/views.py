"""The helper's own view: no login, the helper link's secret or short code is the key.

The page shows what each jar holds, how to fill the jars, the placebo guide and
the labels, in the helper's language (the language switch works without an
account). Every lookup is rate-limited per address; an unknown or revoked key
is a 404. Responses are never cached and send no referrer off the site, so the key does not
leak to the sites the guide's sources link to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from krampe.domain.trial.design import BrokenSealError, DesignError, design_to_dict
from krampe.domain.trial.jars import (
    CAPSULES_PARAM,
    CAPSULES_PER_DOSE_RANGE,
    check_capsules_per_dose,
)
from krampe.web.core.pdf import PdfUnavailable, render_pdf, unavailable
from krampe.web.core.request import current_lang
from krampe.web.diary import sealed
from krampe.web.diary.models import HelperLink
from krampe.web.helper.guide import HelperGuide, helper_guide
from krampe.web.helper.limits import lookup_allowed
from krampe.web.plans import services as plans

View = Callable[..., HttpResponse]


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    # Same-origin: the key never leaks to the sites the sources link to, and forms on
    # the page (language, capsules) still pass the CSRF origin check.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "helper/too_many.html", status=429))


def _link(request: HttpRequest, token: str) -> HelperLink:
    link = sealed.helper_link_for(token)
    if link is None:
        raise Http404
    return link


def _guide(link: HelperLink) -> HelperGuide:
    trial = link.trial
    lang = current_lang()
    plan = plans.build(trial.user, lang).plan
    return helper_guide(trial.user.username, sealed.revealed_design(trial), plan, lang)


def _keyed(view: Callable[[HttpRequest, HelperLink, str], HttpResponse]) -> View:
    """A helper view: rate-limited, keyed by the link, private, and honest about a broken seal."""

    @login_not_required
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        if not lookup_allowed(request):
            return _too_many(request)
        link = _link(request, token)
        try:
            return _private(view(request, link, token))
        except BrokenSealError as exc:
            context = {"error": exc, "name": link.trial.user.username}
            return _private(render(request, "helper/broken_seal.html", context, status=409))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@login_not_required
def helper_start(request: HttpRequest) -> HttpResponse:
    """Type the short code (the link's secret works too)."""
    error = ""
    if request.method == "POST":
        if not lookup_allowed(request):
            return _too_many(request)
        code = request.POST.get("code", "").strip()
        if sealed.helper_link_for(code) is not None:
            return redirect(
                "helper_page", token=sealed.normal_code(code) if len(code) < 20 else code
            )
        error = _(
            "Krampe does not know this code, or it no longer works. "
            "Check it with the person in the trial."
        )
    return _private(
        render(request, "helper/start.html", {"error": error}, status=400 if error else 200)
    )


def page(request: HttpRequest, link: HelperLink, token: str) -> HttpResponse:
    """The helper's page."""
    context: dict[str, Any] = {
        "g": _guide(link),
        "token": token,
        "seal": link.trial.running().design.seal,
        "capsule_choices": range(CAPSULES_PER_DOSE_RANGE[0], CAPSULES_PER_DOSE_RANGE[1] + 1),
    }
    return render(request, "helper/page.html", context)


def _pdf(
    request: HttpRequest, token: str, template: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    """One of the helper's PDFs, under the same workers and time budget as the summary's."""
    from weasyprint.urls import URLFetcher

    class NoFetch(URLFetcher):  # type: ignore[misc]
        """The helper's PDFs are self-contained: nothing is fetched while drawing them."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"not fetched for a PDF: {url}")

    html = render_to_string(template, context, request=request)
    try:
        pdf = render_pdf(html, request.build_absolute_uri("/"), NoFetch())
    except PdfUnavailable as exc:
        back = reverse("helper_page", kwargs={"token": token})
        return unavailable(request, exc, back, _("Back to the helper's page"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def labels_pdf(request: HttpRequest, link: HelperLink, token: str) -> HttpResponse:
    """An A4 sheet of jar labels: period, nights, jar A or B of pair N; never the content."""
    guide = _guide(link)
    return _pdf(request, token, "helper/labels_pdf.html", {"g": guide}, "krampe-jar-labels.pdf")


def sheet_pdf(request: HttpRequest, link: HelperLink, token: str) -> HttpResponse:
    """The helper's sheet: the jars with their contents, how to fill them, the guide."""
    guide = _guide(link)
    context = {"g": guide, "seal": link.trial.running().design.seal, "today": timezone.localdate()}
    return _pdf(request, token, "helper/sheet_pdf.html", context, "krampe-helper-sheet.pdf")


def capsules(request: HttpRequest, link: HelperLink, token: str) -> HttpResponse:
    """The helper sets how many capsules a dose is (the same for every jar)."""
    trial = link.trial
    try:
        value = check_capsules_per_dose(int(request.POST.get("capsules", "")))
    except (ValueError, DesignError):
        low, high = CAPSULES_PER_DOSE_RANGE
        messages.error(
            request,
            _("Choose from %(low)s to %(high)s capsules a dose.") % {"low": low, "high": high},
        )
        return redirect("helper_page", token=token)
    design = trial.running().design
    trial.design = design_to_dict(
        dataclasses.replace(design, params={**design.params, CAPSULES_PARAM: value})
    )
    trial.save(update_fields=["design"])
    messages.success(
        request,
        _("Saved: %(n)s capsules a dose. The person's plan and reminders say so too.")
        % {"n": value},
    )
    return redirect("helper_page", token=token)


helper_page = _keyed(page)
helper_labels_pdf = _keyed(labels_pdf)
helper_sheet_pdf = _keyed(sheet_pdf)
helper_capsules = require_POST(_keyed(capsules))
