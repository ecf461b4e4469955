"""The doctor summary: gather the person's data, call the domain's summary, render HTML or PDF."""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.utils import timezone

from krampe.domain.report.summary import DoctorSummary, TrialProblem, build_summary
from krampe.domain.trial.blinding import BlindingCheck, BlindingCheckError, blinding_check_from_dict
from krampe.domain.trial.design import BrokenSealError, DesignError
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.svg_chart import svg_uri
from krampe.domain.vocab import Lang
from krampe.web.accounts.models import User
from krampe.web.core import queries
from krampe.web.plans.services import saved_plan
from krampe.web.profiles.models import HealthProfile
from krampe.web.reports import data


def _running(user: User) -> tuple[RunningTrial | None, TrialProblem | None]:
    """The latest trial, or why it cannot be used: then the summary compares nothing."""
    trial = queries.latest_trial(user)
    if trial is None:
        return None, None
    try:
        return trial.running(), None
    except BrokenSealError:
        return None, "broken_seal"
    except DesignError:
        return None, "unreadable"


def _blinding_check(user: User) -> BlindingCheck | None:
    trial = queries.latest_trial(user)
    if trial is None or not trial.blinding_check:
        return None
    try:
        trial.running()  # guesses about a trial whose design no longer reads say nothing
        return blinding_check_from_dict(trial.blinding_check)
    except (BlindingCheckError, DesignError):
        return None


def summary_for(user: User, lang: Lang, chart: bool = True) -> DoctorSummary:
    """The person's doctor summary in ``lang``."""
    trial, problem = _running(user)
    return build_summary(
        lang=lang,
        today=timezone.localdate(),
        profile=queries.profile_data(user),
        plan=saved_plan(user, lang),
        nights=data.diary_nights(user),
        trial=trial,
        trial_problem=problem,
        chart=chart,
        blinding_check=_blinding_check(user),
    )


def chart_data_uri(svg: str | None) -> str:
    return svg_uri(svg or "")


def summary_name(user: User) -> str:
    """The name or initials the person put on their summary ("" for none)."""
    profile = HealthProfile.objects.filter(user=user).only("summary_name").first()
    return "" if profile is None else profile.summary_name


def save_summary_name(user: User, name: str) -> None:
    """Keep ``name`` for the summary (the profile row is made when there is none)."""
    HealthProfile.objects.update_or_create(user=user, defaults={"summary_name": name.strip()})


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
