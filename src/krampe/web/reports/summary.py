"""The doctor summary: gather the person's rows, build the report, render HTML or PDF."""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krampe.domain.report.summary import DoctorSummary, TrialInput, build_summary
from krampe.domain.trial.charts import svg_data_uri
from krampe.web.reports import data

PHASES = {
    "baseline": _("Before (baseline)"),
    "run_in": _("Run-in (not counted)"),
    "magnesium": _("Magnesium"),
    "placebo": _("Placebo"),
    "stretching": _("Stretching"),
}
SEX = {"female": _("female"), "male": _("male")}
VERDICTS = {
    "insufficient_data": _("Too early to say"),
    "responder": _("Helps"),
    "benefit_below_threshold": _("Helps a little"),
    "improved_cause_unknown": _("Fewer cramps, cause unknown"),
    "no_meaningful_effect": _("No effect worth having"),
    "inconclusive": _("Not clear yet"),
}
DESIGNS = {
    "open": _("open-label magnesium trial"),
    "blinded": _("blinded crossover against placebo"),
    "stretching": _("stretching trial"),
}
COMPARISONS = {
    "magnesium_vs_placebo": _("magnesium compared with placebo"),
    "magnesium_vs_baseline": _("magnesium compared with the period before"),
    "stretching_vs_baseline": _("stretching compared with the period before"),
}


def _plan_dict(user: Any, lang: str) -> dict[str, Any] | None:
    """The person's saved plan as ``Plan.to_dict()``; None before they saved one."""
    from krampe.web.plans import services

    if data.supplement_plan(user) is None:
        return None  # the defaults are not a plan the person made
    plan = services.build(user, lang).plan
    return None if plan is None else plan.to_dict()


def summary_for(user: Any, lang: str, chart: bool = True) -> DoctorSummary:
    trial = data.current_trial(user)
    trial_input = None
    if trial is not None and trial.design:
        trial_input = TrialInput(
            trial.kind, trial.design, trial.unblinded_at is not None, trial.threshold
        )
    return build_summary(
        lang=lang,
        today=timezone.localdate(),
        profile=data.profile_data(user),
        plan=_plan_dict(user, lang),
        nights=data.diary_nights(user),
        trial=trial_input,
        chart=chart,
    )


def chart_data_uri(svg: str | None) -> str:
    return svg_data_uri(svg.encode("utf-8")) if svg else ""


def static_fetcher(static_url: str) -> Any:
    """A WeasyPrint URL fetcher that reads our static files from disk.

    The PDF needs the stylesheet; going through HTTP would need a running
    server (and could reach anything), so only our own static files and
    inline ``data:`` URLs (the chart) resolve; everything else is refused.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = urlsplit(url).path
            if path.startswith(static_url):
                found = finders.find(path[len(static_url) :])
                if isinstance(found, str):
                    with open(found, "rb") as handle:
                        content = handle.read()
                    mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, content, {"Content-Type": mime})
            raise ValueError(f"not fetched for a PDF: {url}")

    return StaticFetcher()
