"""The doctor summary: one page a doctor can read in two minutes.

:func:`build_summary` takes a person's plain data (the stored profile JSON,
the plan as ``Plan.to_dict()``, diary nights, the trial design) and returns
what the page shows, in the person's language: profile highlights, medicines
and screening findings, the plan, the diary in numbers, the weekly chart, the
analysis and verdict, and every source cited. Each part may be missing (no
profile yet, no trial yet) and is then ``None``; the page says so.

While a blinded trial has not been unblinded the page must not give the
allocation away: the analysis is withheld, nights are not split by phase and
the chart (whose shading would show the periods) is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from krampe.domain.screening import ProfileError, parse_profile, screen
from krampe.domain.screening.texts import screening_texts
from krampe.domain.trial.analysis import AnalysisError, analyze_nights
from krampe.domain.trial.charts import diary_chart
from krampe.domain.trial.design import DesignError, apply_design, design_from_dict
from krampe.domain.trial.diary import Night
from krampe.domain.trial.texts import OPEN_LABEL_SOURCE, decimal, percent
from krampe.domain.trial.verdict import Thresholds
from krampe.knowledge import loaders

LANGS = ("da", "en")
WEEK = 7
# A night stored without a phase lies outside any trial (or is a blinded night):
# the diary reads it as baseline, and so does the summary outside a trial.


@dataclass(frozen=True)
class TrialInput:
    """The person's trial as stored: the design JSON and whether it is still blind."""

    kind: str
    design: Mapping[str, Any]
    unblinded: bool = False
    threshold: float = 0.5


@dataclass(frozen=True)
class Highlights:
    """Profile facts a doctor looks for first."""

    age: int
    sex: str
    pregnant_weeks: int | None
    breastfeeding: bool
    egfr: float | None
    kidney_disease: bool
    heart_disease: bool
    preeclampsia: bool
    conditions: tuple[str, ...]  # labels in the person's language
    symptoms: tuple[str, ...]
    cramps_per_week: float | None
    takes_magnesium: bool


@dataclass(frozen=True)
class MedicineLine:
    typed: str
    name: str | None  # what the knowledge base resolved it to, None when unrecognised
    atc: str | None


@dataclass(frozen=True)
class FindingLine:
    kind: str
    severity: str
    title: str
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Screening:
    self_trial: str
    self_trial_text: str
    findings: tuple[FindingLine, ...]
    medicines: tuple[MedicineLine, ...]


@dataclass(frozen=True)
class DoseLine:
    time: str | None
    mg: float
    tablets: float | None


@dataclass(frozen=True)
class PlanSummary:
    has_plan: bool
    daily_mg: float | None
    doses: tuple[DoseLine, ...]
    doctor_supervised: bool
    form: str  # the product's form, else the suggested one, in the person's language
    stretching_time: str | None
    reasons: tuple[str, ...]  # why there is no plan
    advice: tuple[str, ...]  # schedule advice (spacing from medicines)


@dataclass(frozen=True)
class PhaseLine:
    phase: str
    nights: int
    mean_cramps: float


@dataclass(frozen=True)
class WeekLine:
    start: dt.date
    phase: str  # empty while blinded or when the week spans phases
    nights: int
    mean_cramps: float | None


@dataclass(frozen=True)
class DiarySummary:
    first: dt.date
    last: dt.date
    logged: int
    missing: int
    phases: tuple[PhaseLine, ...]  # empty while blinded
    weeks: tuple[WeekLine, ...]


@dataclass(frozen=True)
class AnalysisSummary:
    status: str  # "done", "hidden" (blinded, not unblinded) or "not_possible"
    comparison: str = ""
    verdict: str = ""
    summary: str = ""  # one plain sentence, before the numbers
    explanation: str = ""
    next_step: str = ""
    next_step_code: str = ""
    caveats: tuple[str, ...] = ()
    ratio: str = ""  # "0,62 (0,45–0,85)"
    reduction: str = ""  # "38 %"
    counted: Mapping[str, int] = field(default_factory=dict)
    end: dt.date | None = None  # for "hidden": when the last period ends


@dataclass(frozen=True)
class SourceLine:
    id: str
    title: str
    publisher: str
    year: int
    url: str


@dataclass(frozen=True)
class DoctorSummary:
    lang: str
    date: dt.date
    highlights: Highlights | None
    profile_invalid: bool
    screening: Screening | None
    plan: PlanSummary | None
    trial_kind: str | None
    diary: DiarySummary | None
    chart_svg: str | None
    analysis: AnalysisSummary | None
    sources: tuple[SourceLine, ...]


def _labels(codes: Iterable[str], entries: Iterable[Any], lang: str) -> tuple[str, ...]:
    by_code = {e.code: e.label.text(lang) for e in entries}
    return tuple(by_code.get(code, code) for code in codes)


def _screening(profile: Mapping[str, Any] | None, lang: str) -> tuple[Any, bool]:
    if not profile:
        return None, False
    try:
        return parse_profile(dict(profile)), False
    except ProfileError:
        return None, True


def _highlights(p: Any, lang: str) -> Highlights:
    return Highlights(
        age=p.age,
        sex=p.sex,
        pregnant_weeks=p.pregnant_weeks,
        breastfeeding=p.breastfeeding,
        egfr=p.egfr,
        kidney_disease=p.kidney_disease,
        heart_disease=p.heart_disease,
        preeclampsia=p.preeclampsia,
        conditions=_labels(p.conditions, loaders.conditions(), lang),
        symptoms=_labels(p.symptoms, loaders.symptoms(), lang),
        cramps_per_week=p.cramps_per_week,
        takes_magnesium=p.takes_magnesium,
    )


def _screen(p: Any, lang: str) -> Screening:
    result = screen(p, lang)
    medicines = tuple(
        MedicineLine(
            r.query,
            None if r.resolved is None else r.resolved.name,
            None if r.resolved is None else r.resolved.atc,
        )
        for r in result.resolved_medicines
    )
    findings = tuple(
        FindingLine(f.kind, f.severity, f.title, f.advice, tuple(f.sources))
        for f in result.findings
    )
    label = screening_texts().self_trial.get(result.self_trial)
    text = label.text(lang) if label is not None else ""
    return Screening(result.self_trial, text, findings, medicines)


def _form_name(form_id: str, lang: str) -> str:
    for form in loaders.forms():
        if form.id == form_id:
            return form.name.text(lang)
    return ""


def _plan(plan: Mapping[str, Any] | None, lang: str) -> tuple[PlanSummary | None, set[str]]:
    if not plan:
        return None, set()
    sources: set[str] = set()
    reasons = tuple(str(r.get("text", "")) for r in plan.get("reasons", []))
    for note in plan.get("reasons", []):
        sources.update(note.get("sources", []))
    dose = plan.get("dose") or {}
    schedule = plan.get("schedule") or {}
    doses: list[DoseLine] = []
    if schedule.get("doses"):
        for d in schedule["doses"]:
            doses.append(DoseLine(d.get("time"), float(d["mg"]), d.get("tablets")))
    elif dose.get("doses"):
        for d in dose["doses"]:
            doses.append(DoseLine(None, float(d["mg"]), d.get("tablets")))
    for note in dose.get("notes", []):
        sources.update(note.get("sources", []))
    sources.update(schedule.get("advice_sources", []))
    product = dose.get("product") or {}
    suggested = dose.get("suggested_form") or {}
    form = _form_name(str(product.get("form") or suggested.get("form") or ""), lang)
    stretching = plan.get("stretching") or {}
    sources.update(stretching.get("sources", []))
    advice = tuple(str(a) for a in schedule.get("advice", []) if not schedule.get("feasible", True))
    return (
        PlanSummary(
            has_plan=bool(plan.get("plan")),
            daily_mg=None if not dose else float(dose.get("daily_mg", 0.0)),
            doses=tuple(doses),
            doctor_supervised=bool(dose.get("doctor_supervised", False)),
            form=form,
            stretching_time=stretching.get("time"),
            reasons=reasons,
            advice=advice,
        ),
        sources,
    )


def _weeks(nights: Sequence[Night], hidden: bool) -> tuple[WeekLine, ...]:
    if not nights:
        return ()
    first = nights[0].date
    groups: dict[int, list[Night]] = {}
    for night in nights:
        groups.setdefault((night.date - first).days // WEEK, []).append(night)
    out = []
    for index in sorted(groups):
        group = groups[index]
        counts = [n.cramps for n in group if n.cramps is not None]
        phases = {n.phase for n in group}
        phase = "" if hidden or len(phases) != 1 else phases.pop()
        out.append(
            WeekLine(
                first + dt.timedelta(days=WEEK * index),
                phase,
                len(counts),
                sum(counts) / len(counts) if counts else None,
            )
        )
    return tuple(out)


def _diary(nights: Sequence[Night], hidden: bool) -> DiarySummary | None:
    logged = [n for n in nights if n.cramps is not None]
    if not logged:
        return None
    span = (logged[-1].date - logged[0].date).days + 1
    phases: list[PhaseLine] = []
    if not hidden:
        order = ("baseline", "run_in", "magnesium", "placebo", "stretching")
        for phase in sorted({n.phase for n in logged}, key=order.index):
            counts = [n.cramps or 0 for n in logged if n.phase == phase]
            phases.append(PhaseLine(phase, len(counts), sum(counts) / len(counts)))
    return DiarySummary(
        logged[0].date,
        logged[-1].date,
        len(logged),
        span - len(logged),
        tuple(phases),
        _weeks(logged, hidden),
    )


def _analysis(
    nights: Sequence[Night], trial: TrialInput | None, lang: str
) -> tuple[AnalysisSummary | None, set[str]]:
    design = None
    if trial is not None:
        try:
            design = design_from_dict(trial.design)
        except DesignError:
            design = None
        if trial.kind == "blinded" and not trial.unblinded:
            end = design.end if design is not None else None
            return AnalysisSummary("hidden", end=end), set()
    if not any(n.cramps is not None for n in nights):
        return None, set()
    thresholds = Thresholds(threshold=trial.threshold) if trial is not None else Thresholds()
    try:
        result = analyze_nights(nights, design, thresholds)
    except AnalysisError:
        return AnalysisSummary("not_possible"), set()
    ratio = reduction = ""
    if result.rate_ratio is not None:
        median, low, high = result.rate_ratio
        ratio = f"{decimal(median, lang)} ({decimal(low, lang)}–{decimal(high, lang)})"
        reduction = percent(1 - median, lang)
    sources = {OPEN_LABEL_SOURCE} if result.open_label else set()
    return (
        AnalysisSummary(
            status="done",
            comparison=result.comparison,
            verdict=result.verdict,
            summary=result.summary(lang),
            explanation=result.explanation(lang),
            next_step=result.next_step(lang),
            next_step_code=result.next_step_code,
            caveats=tuple(result.caveats(lang)),
            ratio=ratio,
            reduction=reduction,
            counted=dict(result.counted),
            end=design.end if design is not None else None,
        ),
        sources,
    )


def _sources(ids: Iterable[str]) -> tuple[SourceLine, ...]:
    known = loaders.sources()
    out = []
    for source_id in sorted(set(ids)):
        source = known.get(source_id)
        if source is None:
            continue  # an id the knowledge base does not hold is not shown as a citation
        url = source.url or (f"https://doi.org/{source.doi}" if source.doi else "")
        out.append(SourceLine(source.id, source.title, source.publisher, source.year, url))
    return tuple(out)


def build_summary(
    *,
    lang: str,
    today: dt.date,
    profile: Mapping[str, Any] | None = None,
    plan: Mapping[str, Any] | None = None,
    nights: Sequence[Night] = (),
    trial: TrialInput | None = None,
    chart: bool = True,
) -> DoctorSummary:
    """Everything the doctor summary shows, from the person's plain data.

    ``profile`` is the stored profile JSON, ``plan`` a ``Plan.to_dict()``,
    ``nights`` the diary as the trial engine's nights (with a trial, the
    design labels them). ``chart``
    False skips drawing the SVG (matplotlib) when it is not needed.
    """
    if lang not in LANGS:
        raise ValueError(f"lang: {lang!r} is not supported; allowed: {', '.join(LANGS)}")
    hidden = trial is not None and trial.kind == "blinded" and not trial.unblinded
    ordered = sorted(nights, key=lambda n: n.date)
    parsed, invalid = _screening(profile, lang)
    highlights = screening = None
    cited: set[str] = set()
    if parsed is not None:
        highlights = _highlights(parsed, lang)
        screening = _screen(parsed, lang)
        for finding in screening.findings:
            cited.update(finding.sources)
    plan_summary, plan_sources = _plan(plan, lang)
    cited |= plan_sources
    labelled = ordered
    if trial is not None and not hidden:
        try:
            design = design_from_dict(trial.design)
            # Nights inside the trial take the design's phase; nights outside keep theirs.
            relabelled = {n.date: n for n in apply_design(ordered, design)}
            labelled = [relabelled.get(n.date, n) for n in ordered]
        except DesignError:
            labelled = ordered
    diary = _diary(labelled, hidden)
    analysis, analysis_sources = _analysis(ordered, trial, lang)
    cited |= analysis_sources
    chart_svg = None
    if chart and diary is not None and not hidden:
        chart_svg = diary_chart(labelled, "svg", lang).decode("utf-8")
    return DoctorSummary(
        lang=lang,
        date=today,
        highlights=highlights,
        profile_invalid=invalid,
        screening=screening,
        plan=plan_summary,
        trial_kind=None if trial is None else trial.kind,
        diary=diary,
        chart_svg=chart_svg,
        analysis=analysis,
        sources=_sources(cited),
    )
