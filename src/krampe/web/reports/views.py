"""Your data (export, import, delete) and the doctor summary."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from krampe.domain.report.fhir import fhir_bundle_chunks, magnesium_statement
from krampe.domain.trial import svg_chart
from krampe.domain.trial.design import BrokenSealError, DesignError
from krampe.domain.trial.diary import MAX_NIGHTS, DiaryError, diary_csv_lines
from krampe.domain.vocab import Lang
from krampe.web.accounts.models import User
from krampe.web.core import queries, ratelimit
from krampe.web.core.pdf import PdfUnavailable, render_pdf, unavailable
from krampe.web.core.reportcache import cached
from krampe.web.core.request import current_lang, person
from krampe.web.diary.models import Night
from krampe.web.reports import data
from krampe.web.reports.deletion import delete_person
from krampe.web.reports.doctor_summary import (
    chart_data_uri,
    save_summary_name,
    static_fetcher,
    summary_for,
    summary_name,
)
from krampe.web.reports.forms import DeleteAccountForm, DiaryImportForm, SummaryNameForm
from krampe.web.reports.importing import (
    ImportProblem,
    TooManyNights,
    explain,
    import_diary,
)
from krampe.web.reports.paper import source_columns

# A streamed download goes out in blocks of about this size: one write to the socket
# each, not one for every line or FHIR entry (a year of nights is thousands of them),
# while memory stays bounded by the block, whatever the diary's length.
STREAM_BLOCK_BYTES = 64 * 1024


def in_blocks(chunks: Iterable[str], size: int = STREAM_BLOCK_BYTES) -> Iterator[bytes]:
    """``chunks`` as UTF-8, joined into blocks of at least ``size`` bytes (the last less)."""
    block: list[bytes] = []
    length = 0
    for chunk in chunks:
        data = chunk.encode("utf-8")
        block.append(data)
        length += len(data)
        if length >= size:
            yield b"".join(block)
            block, length = [], 0
    if block:
        yield b"".join(block)


def _download(content: str | Iterator[str], filename: str, content_type: str) -> HttpResponseBase:
    response: HttpResponseBase
    if isinstance(content, str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(in_blocks(content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # health data: never kept by a shared cache
    return response


def _stamp() -> str:
    return timezone.localdate().isoformat()


def _blinded_trial_running(request: HttpRequest) -> bool:
    """Whether the export may give a running blinded trial's allocation away.

    A stored design that no longer reads cannot say, so the page warns then too.
    """
    trial = queries.latest_trial(person(request))
    if trial is None:
        return False
    try:
        return trial.running().blind
    except DesignError:
        return True


def _broken_seal(user: User) -> BrokenSealError | None:
    """The broken seal of the person's latest trial, if it has one.

    A seal breaks by a change to the stored trial that no save through the app
    makes, so the diary's version does not move: the summary is then read now,
    never taken from the cache, and says so above it.
    """
    trial = queries.latest_trial(user)
    if trial is None:
        return None
    try:
        trial.running()
    except BrokenSealError as exc:
        return exc
    except DesignError:
        return None  # the summary shows the diary without a comparison
    return None


def your_data(request: HttpRequest) -> HttpResponse:
    return _your_data_page(request, DiaryImportForm())


def _your_data_page(
    request: HttpRequest,
    form: DiaryImportForm,
    problems: list[ImportProblem] | None = None,
    status: int = 200,
    problem_total: int = 0,
) -> HttpResponse:
    context = {
        "form": form,
        "problems": problems or [],
        "problem_total": problem_total or len(problems or []),
        "nights": Night.objects.filter(user=person(request)).count(),
        "blinded": _blinded_trial_running(request),
    }
    return render(request, "reports/your_data.html", context, status=status)


def export_diary_csv(request: HttpRequest) -> HttpResponseBase:
    # Nights stored without a phase are written as baseline (UNLABELLED_PHASE);
    # the trial engine relabels them from the design (in the JSON export).
    # Streamed row by row: the diary is never held in memory twice.
    lines = diary_csv_lines(data.iter_diary_nights(person(request)))
    return _download(lines, f"krampe-diary-{_stamp()}.csv", "text/csv; charset=utf-8")


def export_json(request: HttpRequest) -> HttpResponseBase:
    text = json.dumps(data.export_everything(person(request)), ensure_ascii=False, indent=2)
    return _download(text, f"krampe-{_stamp()}.json", "application/json; charset=utf-8")


@ratelimit.limited(ratelimit.FHIR)
def export_fhir(request: HttpRequest) -> HttpResponseBase:
    # Streamed entry by entry from nights read 500 at a time: memory stays the
    # same for two years as for two weeks. The resources are not validated per
    # request; tests/domain/report/test_fhir.py checks their shape.
    user = person(request)
    profile = queries.profile_data(user) or {}
    plan = data.supplement_plan(user)
    chunks = fhir_bundle_chunks(
        f"user:{user.pk}:{user.date_joined.isoformat()}",
        sex=profile.get("sex"),
        nights=data.iter_diary_nights(user),
        medicines=[str(m) for m in profile.get("medicines", [])],
        magnesium=magnesium_statement(
            planned_mg=None if plan is None else float(plan.daily_mg),
            product="" if plan is None else plan.product,
            trial_running=queries.active_trial(user) is not None,
            takes_magnesium=bool(profile.get("takes_magnesium")),
        ),
        lang=current_lang(),
    )
    filename = f"krampe-fhir-{_stamp()}.json"
    return _download(chunks, filename, "application/fhir+json; charset=utf-8")


@require_POST
@ratelimit.limited(ratelimit.IMPORT)
def import_diary_view(request: HttpRequest) -> HttpResponse:
    form = DiaryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _your_data_page(request, form, status=400)
    text = form.cleaned_data["diary"]
    try:
        result = import_diary(person(request), text)
    except DiaryError as exc:
        return _your_data_page(request, form, explain(exc.issues, person(request)), 400, exc.total)
    except TooManyNights as exc:
        form.add_error(
            "diary",
            _(
                "With this file your diary would have %(total)s nights; Krampe keeps at most "
                "%(max)s (ten years). Nothing was imported."
            )
            % {"total": exc.total, "max": MAX_NIGHTS},
        )
        return _your_data_page(request, form, status=400)
    messages.success(
        request,
        _("Imported: %(created)s new nights, %(updated)s updated, %(skipped)s not logged.")
        % {"created": result.created, "updated": result.updated, "skipped": result.skipped},
    )
    if form.encoding != "utf-8":
        messages.warning(
            request,
            _(
                "The file was not saved as UTF-8, so Krampe read it as %(encoding)s (an "
                "encoding Excel can save in). Check that letters such as æ, ø and å in your "
                "notes look right."
            )
            % {"encoding": form.encoding},
        )
    return redirect("your_data")


def delete_account(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, request=request)
        if form.is_valid():
            delete_person(request, person(request))
            messages.success(request, _("Your account and all its data have been deleted."))
            return redirect("welcome")
    else:
        form = DeleteAccountForm(request=request)
    return render(request, "reports/delete_account.html", {"form": form})


def _summary_context(user: User, lang: Lang, pdf: bool = False) -> dict[str, object]:
    summary = summary_for(user, lang)
    return {
        "s": summary,
        # The name the person chose (HealthProfile, whose saves give a new version).
        "name": summary_name(user),
        "chart_uri": chart_data_uri(summary.chart_svg),
        "habits_uri": chart_data_uri(summary.habits_svg),
        "chart_limited": summary.diary is not None
        and (summary.diary.last - summary.diary.first).days + 1 > svg_chart.SVG_MAX_NIGHTS,
        "chart_nights": svg_chart.SVG_MAX_NIGHTS,
        "pdf": pdf,
        "source_columns": source_columns(summary.sources, lang) if pdf else None,
    }


def _summary_body(user: User, lang: Lang, pdf: bool = False) -> str:
    """The summary itself (the page's and the PDF's), read and computed now."""
    return render_to_string("reports/_summary_body.html", _summary_context(user, lang, pdf))


def doctor_summary(request: HttpRequest) -> HttpResponse:
    # Whatever the trial's state: a blinded trial's summary says the result is hidden
    # (the summary never reads an allocation before unblinding), and unblinding is a
    # change that gives the diary a new version.
    user, lang = person(request), current_lang()
    status, name = 200, summary_name(user)
    if request.method == "POST":
        form = SummaryNameForm(request.POST)
        if form.is_valid():
            save_summary_name(user, form.cleaned_data["name"])
            messages.success(request, _("The name on your summary is saved."))
            return redirect("doctor_summary")
        status = 400
    else:
        form = SummaryNameForm(initial={"name": name})
    broken = _broken_seal(user)
    body = cached(
        user.pk,
        "summary",
        lang,
        lambda: _summary_body(user, lang).encode("utf-8"),
        reuse=broken is None,
    )
    # The name form holds a CSRF token: it is the page's, outside the cached summary.
    context = {
        "body": mark_safe(body.decode("utf-8")),
        "name_form": form,
        "name": name,
        "broken_seal": broken,
    }
    return render(request, "reports/doctor_summary.html", context, status=status)


def doctor_summary_pdf(request: HttpRequest) -> HttpResponseBase:
    user, lang = person(request), current_lang()
    broken = _broken_seal(user)

    def compute() -> bytes:
        # The limit protects the render: a download of a rendered PDF is not counted.
        ratelimit.PDF.check(request)
        body = mark_safe(_summary_body(user, lang, pdf=True))
        # The PDF's own page and print stylesheet, not the site's screen stylesheet.
        context = {"body": body, "broken_seal": broken}
        html = render_to_string("reports/doctor_summary_pdf.html", context)
        return render_pdf(
            html, request.build_absolute_uri("/"), static_fetcher(settings.STATIC_URL)
        )

    try:
        # Rendered once per diary version and day; every later download is the same bytes.
        pdf = cached(user.pk, "summary-pdf", lang, compute, reuse=broken is None)
    except ratelimit.RateLimited as exc:
        return ratelimit.refused(request, exc.wait)
    except PdfUnavailable as exc:
        return unavailable(
            request, exc, reverse("doctor_summary"), _("Read the summary on screen meanwhile")
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="krampe-summary-{_stamp()}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
