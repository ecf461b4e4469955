import json
import logging
from collections.abc import Iterator

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from krampe.domain.report.fhir import MagnesiumStatement, fhir_bundle
from krampe.domain.trial.charts import CHART_MAX_NIGHTS, chart_is_limited
from krampe.domain.trial.diary import MAX_NIGHTS, DiaryError, diary_csv_lines
from krampe.web.accounts.models import User
from krampe.web.core import ratelimit
from krampe.web.reports import data
from krampe.web.reports.deletion import delete_person
from krampe.web.reports.forms import DeleteAccountForm, DiaryImportForm
from krampe.web.reports.importing import (
    ImportProblem,
    TooManyNights,
    explain,
    import_diary,
)
from krampe.web.reports.pdf import PdfUnavailable, render_pdf
from krampe.web.reports.summary import (
    COMPARISONS,
    DESIGNS,
    PHASES,
    SEX,
    VERDICTS,
    chart_data_uri,
    static_fetcher,
    summary_for,
)

log = logging.getLogger("krampe.reports")


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware guarantees a logged-in user on every view here.
    assert isinstance(request.user, User)
    return request.user


def _lang() -> str:
    return (translation.get_language() or "da")[:2]


def _download(content: str | Iterator[str], filename: str, content_type: str) -> HttpResponseBase:
    response: HttpResponseBase
    if isinstance(content, str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # health data: never kept by a shared cache
    return response


def _stamp() -> str:
    return timezone.localdate().isoformat()


def _blinded_trial_running(request: HttpRequest) -> bool:
    trial = data.current_trial(_user(request))
    return bool(trial and trial.kind == "blinded" and trial.unblinded_at is None)


def your_data(request: HttpRequest) -> HttpResponse:
    return _your_data_page(request, DiaryImportForm())


def _your_data_page(
    request: HttpRequest,
    form: DiaryImportForm,
    problems: list[ImportProblem] | None = None,
    status: int = 200,
    problem_total: int = 0,
) -> HttpResponse:
    from krampe.web.diary.models import Night

    context = {
        "form": form,
        "problems": problems or [],
        "problem_total": problem_total or len(problems or []),
        "nights": Night.objects.filter(user=_user(request)).count(),
        "blinded": _blinded_trial_running(request),
    }
    return render(request, "reports/your_data.html", context, status=status)


def export_diary_csv(request: HttpRequest) -> HttpResponseBase:
    # Nights stored without a phase are written as baseline (UNLABELLED_PHASE);
    # the trial engine relabels them from the design (in the JSON export).
    # Streamed row by row: the diary is never held in memory twice.
    lines = diary_csv_lines(data.iter_diary_nights(_user(request)))
    return _download(lines, f"krampe-diary-{_stamp()}.csv", "text/csv; charset=utf-8")


def export_json(request: HttpRequest) -> HttpResponseBase:
    text = json.dumps(data.export_everything(_user(request)), ensure_ascii=False, indent=2)
    return _download(text, f"krampe-{_stamp()}.json", "application/json; charset=utf-8")


@ratelimit.limited(ratelimit.FHIR)
def export_fhir(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    profile = data.profile_data(user) or {}
    plan = data.supplement_plan(user)
    magnesium = None
    if plan is not None:
        trial = data.current_trial(user)
        status = "active" if trial is not None and trial.active else "intended"
        magnesium = MagnesiumStatement(status, float(plan.daily_mg), plan.product)
    elif profile.get("takes_magnesium"):
        magnesium = MagnesiumStatement("active", None)
    bundle = fhir_bundle(
        f"user:{user.pk}:{user.date_joined.isoformat()}",
        sex=profile.get("sex"),
        nights=data.diary_nights(user),
        medicines=[str(m) for m in profile.get("medicines", [])],
        magnesium=magnesium,
        lang=_lang(),
    )
    text = json.dumps(bundle, ensure_ascii=False, indent=2)
    return _download(text, f"krampe-fhir-{_stamp()}.json", "application/fhir+json; charset=utf-8")


@require_POST
@ratelimit.limited(ratelimit.IMPORT)
def import_diary_view(request: HttpRequest) -> HttpResponse:
    form = DiaryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _your_data_page(request, form, status=400)
    text = form.cleaned_data["diary"]
    try:
        result = import_diary(_user(request), text)
    except DiaryError as exc:
        return _your_data_page(request, form, explain(exc.issues), 400, exc.total)
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
    return redirect("your_data")


def delete_account(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, request=request)
        if form.is_valid():
            delete_person(request, _user(request))
            messages.success(request, _("Your account and all its data have been deleted."))
            return redirect("welcome")
    else:
        form = DeleteAccountForm(request=request)
    return render(request, "reports/delete_account.html", {"form": form})


def _summary_context(request: HttpRequest, pdf: bool = False) -> dict[str, object]:
    summary = summary_for(_user(request), _lang())
    numbers = {source.id: index for index, source in enumerate(summary.sources, start=1)}
    findings = [
        (f, [numbers[i] for i in f.sources if i in numbers])
        for f in (summary.screening.findings if summary.screening else ())
    ]
    return {
        "serious": [x for x in findings if x[0].kind in SERIOUS_KINDS],
        "rules": [x for x in findings if x[0].kind in RULE_KINDS],
        "other": [x for x in findings if x[0].kind not in SERIOUS_KINDS | RULE_KINDS],
        "s": summary,
        "chart_uri": chart_data_uri(summary.chart_svg),
        "chart_limited": summary.diary is not None
        and chart_is_limited(summary.diary.first, summary.diary.last),
        "chart_nights": CHART_MAX_NIGHTS,
        "phases": PHASES,
        "sex_label": SEX.get(summary.highlights.sex, "") if summary.highlights else "",
        "verdict": VERDICTS.get(summary.analysis.verdict, "") if summary.analysis else "",
        "design": DESIGNS.get(summary.trial_kind or "", ""),
        "comparison": COMPARISONS.get(summary.analysis.comparison, "") if summary.analysis else "",
        "pdf": pdf,
    }


# Findings a doctor must read in full; spacing rules whose title says it all; the rest.
SERIOUS_KINDS = frozenset({"red_flag", "consult_before_supplement"})
RULE_KINDS = frozenset({"interaction", "unknown_medicine"})


def doctor_summary(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/doctor_summary.html", _summary_context(request))


@ratelimit.limited(ratelimit.PDF)
def doctor_summary_pdf(request: HttpRequest) -> HttpResponse:
    html = render_to_string(
        "reports/doctor_summary.html", _summary_context(request, pdf=True), request=request
    )
    base = request.build_absolute_uri("/")
    try:
        pdf = render_pdf(html, base, static_fetcher(settings.STATIC_URL))
    except PdfUnavailable as exc:
        log.warning("no PDF for user %s: %s", _user(request).pk, exc)
        response = render(request, "reports/pdf_unavailable.html", status=503)
        response["Retry-After"] = "60"
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="krampe-summary-{_stamp()}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
