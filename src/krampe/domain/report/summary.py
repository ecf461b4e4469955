"""The doctor summary: one page a doctor can read in two minutes.

:func:`build_summary` is the doctor-summary journey's one entry. It takes a
person's data (the stored profile JSON, their :class:`~krampe.domain.plan.build.Plan`,
diary nights, the running trial) and returns what the page shows: profile
highlights, medicines and screening findings, the plan, the diary in numbers,
the weekly chart, the analysis and verdict, and every source cited. Each part
may be missing (no profile yet, no trial yet) and is then ``None``; the page
says so. Codes stay codes here; the page labels them in the person's language.

While a blinded trial has not been unblinded the page must not give the
allocation away: the analysis is withheld, nights are not split by phase and
the chart (whose shading would show the periods) is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from krampe.domain import formats
from krampe.domain.formats import format_date
from krampe.domain.plan.build import Plan
from krampe.domain.plan.schedule import format_time
from krampe.domain.screening import ProfileError, parse_profile, screen
from krampe.domain.screening.findings import Finding
from krampe.domain.screening.policy import SafetyPause, safety_pause
from krampe.domain.screening.profile import Profile
from krampe.domain.screening.report import trigger_label, unchecked_headline
from krampe.domain.text import count_noun
from krampe.domain.trial.analysis import AnalysisError, analyze_nights
from krampe.domain.trial.blinding import BLINDING_SOURCE, BlindingCheck, BlindingResult, bang_index
from krampe.domain.trial.design import apply_design, unblind
from krampe.domain.trial.diary import Night
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.svg_chart import diary_svg, habits_svg
from krampe.domain.trial.texts import (
    EXTENSION_TEXTS,
    OPEN_LABEL_SOURCE,
    STATUS_TEXTS,
    decimal,
    percent,
    so_far_text,
)
from krampe.domain.trial.verdict import CERTAINTY_BY_PAIRS, Thresholds, certainty_for
from krampe.domain.trial.weeks import Week, weekly
from krampe.domain.vocab import (
    LANGS,
    PHASES,
    Comparison,
    FindingKind,
    Lang,
    Phase,
    SelfTrial,
    Sex,
    TrialKind,
    Verdict,
    one_of,
)
from krampe.knowledge import loaders
from krampe.knowledge.loaders import sources_for
from krampe.knowledge.models import Source

# Findings a doctor must read in full; spacing rules whose title says it all; the rest.
SERIOUS_KINDS: frozenset[FindingKind] = frozenset({"red_flag", "consult_before_supplement"})
RULE_KINDS: frozenset[FindingKind] = frozenset({"interaction", "unknown_medicine"})


@dataclass(frozen=True)
class Highlights:
    """Profile facts a doctor looks for first."""

    age: int
    sex: Sex
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


MedicineStatus = Literal["finding", "no_rule", "not_recognised"]
# Why the latest trial cannot be used: its stored design does not read, or its seal
# does not match the allocation. The summary then compares nothing and says so.
TrialProblem = Literal["unreadable", "broken_seal"]


@dataclass(frozen=True)
class MedicineLine:
    """A medicine as typed, what it was recognised as, and what the check found.

    ``status``: "finding" when a screening finding names it (a spacing rule, a
    warning), "no_rule" when it was recognised and the knowledge base holds no
    rule for it, "not_recognised" when it could not be checked at all.
    """

    typed: str
    name: str | None  # what the knowledge base resolved it to, None when unrecognised
    atc: str | None
    status: MedicineStatus = "no_rule"


@dataclass(frozen=True)
class CitedFinding:
    """A screening finding with the numbers of its sources in the summary's list."""

    finding: Finding
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Screening:
    self_trial: SelfTrial
    findings: tuple[Finding, ...]
    medicines: tuple[MedicineLine, ...]
    serious: tuple[CitedFinding, ...] = ()  # read in full
    rules: tuple[CitedFinding, ...] = ()  # the title says it all
    other: tuple[CitedFinding, ...] = ()
    unchecked: str | None = None  # "2 of your medicines could not be checked: ..."
    pause: SafetyPause | None = None  # an urgent finding: the trial and reminders are paused


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
    advice: tuple[str, ...]  # schedule advice: what was checked, what was not, what is missing
    unchecked: tuple[str, ...] = ()  # the plan's medicines Krampe could not check


@dataclass(frozen=True)
class PhaseLine:
    """One phase of the diary: its logged nights, cramps, dose taken and side effects."""

    phase: Phase
    nights: int
    mean_cramps: float
    dose_share: float | None = None  # of the nights that answered the dose question
    side_effect_share: float = 0.0  # nights with a side effect, of the logged nights


@dataclass(frozen=True)
class DiarySummary:
    first: dt.date
    last: dt.date
    logged: int
    missing: int
    phases: tuple[PhaseLine, ...]  # empty while blinded
    weeks: tuple[Week, ...]
    side_effect_nights: int = 0  # logged nights with any side effect, all phases


@dataclass(frozen=True)
class AnalysisSummary:
    status: str  # "done", "hidden" (blinded, not unblinded) or "not_possible"
    comparison: Comparison | None = None
    verdict: Verdict | None = None
    summary: str = ""  # one plain sentence, before the numbers
    explanation: str = ""
    next_step: str = ""
    next_step_code: str = ""
    caveats: tuple[str, ...] = ()
    ratio: str = ""  # "0,62 (0,45–0,85)"
    reduction: str = ""  # "38 %"
    counted: Mapping[str, int] = field(default_factory=dict)
    end: dt.date | None = None  # for "hidden": when the last period ends
    blinding: BlindingResult | None = None  # Bang's index, after a blinded trial's check


@dataclass(frozen=True)
class DoctorSummary:
    lang: Lang
    date: dt.date
    highlights: Highlights | None
    profile_invalid: bool
    screening: Screening | None
    plan: PlanSummary | None
    trial_kind: TrialKind | None
    diary: DiarySummary | None
    chart_svg: str | None
    analysis: AnalysisSummary | None
    sources: tuple[Source, ...]
    habits_svg: str | None = None  # dose taken and side effects, week by week
    plain: str = ""  # the verdict in one plain sentence, or why there is none; shown first
    so_far: str = ""  # after a verdict while the trial still runs: that it is not over
    extension: str = ""  # pairs added to a blinded trial: planned, added, when, the rule


def _profile(data: Mapping[str, object] | None) -> tuple[Profile | None, bool]:
    if not data:
        return None, False
    try:
        return parse_profile(dict(data)), False
    except ProfileError:
        return None, True


def _highlights(p: Profile, lang: Lang) -> Highlights:
    return Highlights(
        age=p.age,
        sex=p.sex,
        pregnant_weeks=p.pregnant_weeks,
        breastfeeding=p.breastfeeding,
        egfr=p.egfr,
        kidney_disease=p.kidney_disease,
        heart_disease=p.heart_disease,
        preeclampsia=p.preeclampsia,
        conditions=tuple(trigger_label(c, lang) for c in p.conditions),
        symptoms=tuple(trigger_label(s, lang) for s in p.symptoms),
        cramps_per_week=p.cramps_per_week,
        takes_magnesium=p.takes_magnesium,
    )


def _screen(p: Profile, lang: Lang) -> Screening:
    result = screen(p, lang)
    named = {t for f in result.findings if f.kind != "unknown_medicine" for t in f.triggers}
    medicines = tuple(
        MedicineLine(
            r.query,
            None if r.resolved is None else r.resolved.name,
            None if r.resolved is None else r.resolved.atc,
            "not_recognised"
            if r.resolved is None
            else ("finding" if r.query in named else "no_rule"),
        )
        for r in result.resolved_medicines
    )
    return Screening(
        result.self_trial,
        result.findings,
        medicines,
        unchecked=unchecked_headline(result),
        pause=safety_pause(result.findings, lang),
    )


def _cite(screening: Screening, sources: Sequence[Source]) -> Screening:
    numbers = {source.id: index for index, source in enumerate(sources, start=1)}
    cited = [
        CitedFinding(f, tuple(numbers[i] for i in f.sources if i in numbers))
        for f in screening.findings
    ]
    return Screening(
        screening.self_trial,
        screening.findings,
        screening.medicines,
        serious=tuple(c for c in cited if c.finding.kind in SERIOUS_KINDS),
        rules=tuple(c for c in cited if c.finding.kind in RULE_KINDS),
        other=tuple(c for c in cited if c.finding.kind not in SERIOUS_KINDS | RULE_KINDS),
        unchecked=screening.unchecked,
        pause=screening.pause,
    )


def _form_name(form_id: str | None, lang: Lang) -> str:
    for form in loaders.forms():
        if form.id == form_id:
            return form.name.text(lang)
    return ""


def _plan(plan: Plan | None, lang: Lang) -> tuple[PlanSummary | None, set[str]]:
    if plan is None:
        return None, set()
    sources = {s for note in plan.reasons for s in note.sources}
    dose, schedule = plan.dose, plan.schedule
    doses: list[DoseLine] = []
    advice: tuple[str, ...] = ()
    if schedule is not None:
        notes = schedule.advice
        sources.update(s for note in notes for s in note.sources)
        doses = [DoseLine(format_time(t), a.mg, a.tablets) for t, a in schedule.doses]
        advice = tuple(note.text for note in notes)
    if dose is not None:
        if not doses:
            doses = [DoseLine(None, a.mg, a.tablets) for a in dose.doses]
        sources.update(s for note in dose.notes for s in note.sources)
    form = ""
    if dose is not None:
        chosen = dose.product.form if dose.product is not None else None
        form = _form_name(chosen.id if chosen is not None else dose.suggestion.form.id, lang)
    stretching = plan.stretching
    if stretching is not None:
        sources.update(stretching.strategy.sources)
    return (
        PlanSummary(
            has_plan=plan.has_plan,
            daily_mg=None if dose is None else dose.daily_mg,
            doses=tuple(doses),
            doctor_supervised=dose is not None and dose.doctor_supervised,
            form=form,
            stretching_time=None if stretching is None else format_time(stretching.time),
            reasons=tuple(note.text for note in plan.reasons),
            advice=advice,
            unchecked=tuple(m.name for m in plan.medicines if not m.checked),
        ),
        sources,
    )


def _diary(nights: Sequence[Night], hidden: bool) -> DiarySummary | None:
    logged = [n for n in nights if n.cramps is not None]
    if not logged:
        return None
    span = (logged[-1].date - logged[0].date).days + 1
    phases: list[PhaseLine] = []
    if not hidden:
        present = {n.phase for n in logged}
        for phase in (p for p in PHASES if p in present):
            inside = [n for n in logged if n.phase == phase]
            answered = [n.took_dose for n in inside if n.took_dose is not None]
            phases.append(
                PhaseLine(
                    phase,
                    len(inside),
                    sum(n.cramps or 0 for n in inside) / len(inside),
                    sum(answered) / len(answered) if answered else None,
                    sum(1 for n in inside if _side_effect(n)) / len(inside),
                )
            )
    return DiarySummary(
        logged[0].date,
        logged[-1].date,
        len(logged),
        span - len(logged),
        tuple(phases),
        weekly(logged, hide_phases=hidden),
        sum(1 for n in logged if _side_effect(n)),
    )


def _side_effect(night: Night) -> bool:
    return night.side_effect not in (None, "none")


def _analysis(
    nights: Sequence[Night],
    trial: RunningTrial | None,
    lang: Lang,
    check: BlindingCheck | None = None,
) -> tuple[AnalysisSummary | None, set[str]]:
    if trial is not None and trial.blind:
        return AnalysisSummary("hidden", end=trial.end), set()
    if not any(n.cramps is not None for n in nights):
        return None, set()
    design = trial.design if trial is not None else None
    try:
        result = analyze_nights(nights, design)
    except AnalysisError:
        return AnalysisSummary("not_possible"), set()
    ratio = reduction = ""
    if result.rate_ratio is not None:
        median, low, high = result.rate_ratio
        ratio = f"{decimal(median, lang)} ({decimal(low, lang)}–{decimal(high, lang)})"
        reduction = percent(1 - median, lang)
    sources = {OPEN_LABEL_SOURCE} if result.open_label else set()
    blinding = None
    if check is not None and design is not None and design.kind == "blinded":
        blinding = bang_index(check, unblind(design))
        sources.add(BLINDING_SOURCE)
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
            blinding=blinding,
        ),
        sources,
    )


def _plain(
    analysis: AnalysisSummary | None, trial: RunningTrial | None, today: dt.date, lang: Lang
) -> tuple[str, str]:
    """The summary's first sentence, and the "so far" note on a running trial's verdict.

    The verdict's sentence is the results page's (:meth:`TrialResult.summary`); where
    there is no verdict, :data:`~krampe.domain.trial.texts.STATUS_TEXTS` says why.
    """
    end = "" if trial is None else format_date(trial.end, "DATE_FORMAT", lang)
    if analysis is None:
        return STATUS_TEXTS["no_trial" if trial is None else "no_nights"][lang], ""
    finished = trial is None or trial.finished_on(today)
    if analysis.status == "hidden":
        code = "blinded_ended" if finished else "blinded_running"
        return STATUS_TEXTS[code][lang].format(end=end), ""
    if analysis.status != "done":
        return STATUS_TEXTS["not_possible"][lang], ""
    return analysis.summary, "" if trial is None else so_far_text(trial.end, today, lang)


# The false-positive rate the certainty schedule was chosen for (verdict.py's docstring,
# docs/trial-validation.md: at most 5 % over all looks in simulated trials).
FALSE_POSITIVE_GOAL = 0.05


def _certainty(value: float, lang: Lang) -> str:
    """97.5 % or 98 %: a tenth of a percent only where the schedule has one."""
    whole = round(1000 * value) % 10 == 0
    return formats.percent(value, 0 if whole else 1, lang)


def extension_note(trial: RunningTrial | None, lang: Lang) -> str:
    """For a blinded trial with added pairs: how many pairs were planned, which were
    added and when, and the rule for the repeated looks, set before the trial started
    (:mod:`krampe.domain.trial.extension`); "" for a trial never extended."""
    if trial is None or not trial.design.extensions:
        return ""
    design, texts = trial.design, EXTENSION_TEXTS
    when = "; ".join(
        texts["pair_added"][lang].format(
            pair=e.pair, date=format_date(e.added_on, "DATE_FORMAT", lang)
        )
        for e in design.extensions
    )
    schedule = ", ".join(  # "97.5 % after 3 pairs, 98 % after 4, 98.5 % after 5"
        texts["certainty"][lang].format(
            certainty=_certainty(certainty_for(pairs, Thresholds()), lang),
            pairs=count_noun(pairs, "pair", lang) if index == 0 else pairs,
        )
        for index, pairs in enumerate(sorted(CERTAINTY_BY_PAIRS))
    )
    return texts["note"][lang].format(
        planned=count_noun(design.planned_pairs, "pair", lang),
        added=len(design.extensions),
        when=when,
        schedule=schedule,
        false_positive=percent(FALSE_POSITIVE_GOAL, lang),
    )


def _sources(ids: Iterable[str]) -> tuple[Source, ...]:
    return sources_for(sorted(set(ids)))


def build_summary(
    *,
    lang: Lang,
    today: dt.date,
    profile: Mapping[str, object] | None = None,
    plan: Plan | None = None,
    nights: Sequence[Night] = (),
    trial: RunningTrial | None = None,
    chart: bool = True,
    blinding_check: BlindingCheck | None = None,
    trial_problem: TrialProblem | None = None,
) -> DoctorSummary:
    """Everything the doctor summary shows, from the person's data.

    ``profile`` is the stored profile JSON, ``plan`` the person's plan (None
    before they made one), ``nights`` the diary as the trial engine's nights,
    ``trial`` the running (or latest) trial, whose stored design labels the
    nights inside its dates. ``chart`` False skips drawing the SVG charts
    (:mod:`krampe.domain.trial.svg_chart`) when they are not needed.
    ``blinding_check`` is the person's guesses before a blinded trial was
    unblinded: the analysis then carries Bang's blinding index. ``trial_problem``
    says the latest trial could not be used (``trial`` is then None): nothing is
    compared, the nights are not split by phase and no chart is drawn, since
    which nights were which is not known.
    """
    lang = one_of(LANGS, lang, "lang")
    hidden = (trial is not None and trial.blind) or trial_problem is not None
    ordered = sorted(nights, key=lambda n: n.date)
    parsed, invalid = _profile(profile)
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
        # Nights inside the trial take the design's phase; nights outside keep theirs.
        relabelled = {n.date: n for n in apply_design(ordered, trial.design)}
        labelled = [relabelled.get(n.date, n) for n in ordered]
    diary = _diary(labelled, hidden)
    analysis, analysis_sources = _analysis(ordered, trial, lang, blinding_check)
    if trial_problem is not None:
        analysis, analysis_sources = AnalysisSummary("not_possible"), set()
    cited |= analysis_sources
    chart_svg = habits = None
    if chart and diary is not None and not hidden:
        chart_svg = diary_svg(labelled, lang) or None
        habits = habits_svg(labelled, lang) or None
    sources = _sources(cited)
    plain, so_far = _plain(analysis, trial, today, lang)
    if trial_problem is not None:
        plain, so_far = STATUS_TEXTS[trial_problem][lang], ""
    return DoctorSummary(
        lang=lang,
        date=today,
        highlights=highlights,
        profile_invalid=invalid,
        screening=None if screening is None else _cite(screening, sources),
        plan=plan_summary,
        trial_kind=None if trial is None else trial.kind,
        diary=diary,
        chart_svg=chart_svg,
        analysis=analysis,
        sources=sources,
        habits_svg=habits,
        plain=plain,
        so_far=so_far,
        extension=extension_note(trial, lang),
    )
