"""The whole plan: dose, daily schedule, stretching routine, trial calendar, reminders.

A screening result of ``urgent`` or ``see_doctor_first`` gives no supplement
plan at all: only the reasons and what to bring to the doctor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from krampe.domain.plan import texts
from krampe.domain.plan.calendar import TrialCalendar, trial_calendar
from krampe.domain.plan.dose import DoseAmount, DoseOptions, DosePlan, dose_plan
from krampe.domain.plan.elemental import Product, ProductError
from krampe.domain.plan.ics import STRETCH_BEFORE_BED_MIN
from krampe.domain.plan.medicines import PlanMedicine
from krampe.domain.plan.schedule import (
    DEFAULT_MIN_GAP_MIN,
    MedicineDoses,
    ScheduleResult,
    Window,
    advice,
    find_times,
    format_time,
    make_window,
)
from krampe.domain.plan.texts import Note
from krampe.domain.screening.findings import Finding
from krampe.domain.screening.policy import NO_PLAN_LEVELS, SafetyPause, blocks_plan, safety_pause
from krampe.domain.text import count_noun
from krampe.domain.trial.design import Design
from krampe.domain.vocab import SELF_TRIAL_LEVELS, Lang, SelfTrial, one_of
from krampe.knowledge import loaders
from krampe.knowledge.models import Strategy

STRETCHING_STRATEGY = "calf_stretching"
BRING_TO_DOCTOR = ("bring_medicines", "bring_diary", "bring_findings", "bring_question")


@dataclass(frozen=True)
class ScheduleView:
    """A schedule result with the mg (and tablets) of each dose.

    ``missing_times`` names medicines with a spacing rule whose dose times are
    not known: then no time is offered, since none could be checked.
    ``unchecked`` names medicines Krampe does not recognise: their rules (if
    any) are unknown, so the advice says the times were not checked against them.
    """

    result: ScheduleResult
    amounts: tuple[DoseAmount, ...]
    missing_times: tuple[str, ...]
    lang: Lang
    unchecked: tuple[str, ...] = ()

    @property
    def feasible(self) -> bool:
        """True when there are times to take, checked against every known rule."""
        return self.result.feasible and not self.missing_times

    @property
    def doses(self) -> tuple[tuple[int, DoseAmount], ...]:
        """(clock minute, amount) of each dose; empty when not :attr:`feasible`."""
        if not self.feasible:
            return ()
        return tuple(zip(self.result.times, self.amounts, strict=True))

    @property
    def advice(self) -> tuple[Note, ...]:
        """What to know about the times: kept rules, conflicts, missing times."""
        return tuple(schedule_advice(self.result, self.lang, self.missing_times, self.unchecked))

    @property
    def advice_sources(self) -> tuple[str, ...]:
        """The sources of the advice, each once, sorted."""
        return tuple(sorted({s for note in self.advice for s in note.sources}))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``krampe schedule``."""
        return schedule_dict(
            self.result, self.amounts, self.lang, self.missing_times, self.unchecked
        )


def schedule_advice(
    result: ScheduleResult,
    lang: Lang,
    missing_times: Sequence[str] = (),
    unchecked: Sequence[str] = (),
) -> list[Note]:
    """The notes that go with a schedule, in reading order."""
    notes: list[Note] = []
    if not missing_times:
        notes += advice(result, lang)  # the all-clear names only the medicines checked
    notes += [texts.note("missing_time", lang, medicine=name) for name in missing_times]
    notes += [texts.note("schedule_ok_unchecked", lang, medicine=name) for name in unchecked]
    not_checked = dict.fromkeys(m.name for m in result.medicines if m.atc and not m.checked)
    notes += [texts.note("schedule_not_checked", lang, medicine=name) for name in not_checked]
    notes += [
        texts.note(n, lang, hours=DEFAULT_MIN_GAP_MIN // 60)
        for n in result.notes
        if n != "split_gap_short"
    ]
    if "split_gap_short" in result.notes and len(result.times) == 2:
        gap = (result.times[1] - result.times[0]) % (24 * 60)
        hours = count_noun(gap / 60, "hour", lang, texts.format_mg(gap / 60, lang))
        notes.append(texts.note("split_gap_short", lang, hours=hours))
    return notes


def schedule_dict(
    result: ScheduleResult,
    amounts: Sequence[DoseAmount],
    lang: Lang,
    missing_times: Sequence[str] = (),
    unchecked: Sequence[str] = (),
) -> dict[str, Any]:
    """feasible, doses (time, mg), rules, conflicts, advice; JSON-ready."""
    rules = [
        {
            "medicine": med.name,
            "atc": med.atc,
            "before_h": rule.before_h,
            "after_h": rule.after_h,
            "rule": rule.rule_id,
            "action": rule.action,
            "times": [format_time(t) for t in med.times],
            "sources": list(rule.sources),
        }
        for med in result.medicines
        for rule in med.rules
    ]
    notes = schedule_advice(result, lang, missing_times, unchecked)
    feasible = result.feasible and not missing_times
    doses: list[dict[str, Any]] = []
    if feasible:
        for minute, amount in zip(result.times, amounts, strict=True):
            dose: dict[str, Any] = {"time": format_time(minute), "mg": _number(amount.mg)}
            if amount.tablets is not None:
                dose["tablets"] = amount.tablets
            doses.append(dose)
    return {
        "feasible": bool(feasible),
        "doses": doses,
        "rules": rules,
        "conflicts": [c.to_dict() for c in result.conflicts],
        "advice": [n.text for n in notes],
        "advice_sources": sorted({s for n in notes for s in n.sources}),
        "medicines": [
            {
                "name": m.name,
                "atc": m.atc,
                "medicine_id": m.medicine_id,
                "times": [format_time(t) for t in m.times],
            }
            for m in result.medicines
        ],
        "missing_times": list(missing_times),
    }


def _number(value: float) -> float | int:
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def place_doses(
    window: Window,
    medicines: Sequence[MedicineDoses],
    amounts: Sequence[DoseAmount],
    lang: Lang,
    *,
    preferred: int | None = None,
    unchecked: Sequence[str] = (),
) -> ScheduleView:
    """Times for the planned doses; two doses that cannot be split are merged into one."""
    ruled_without_time = tuple(m.name for m in medicines if m.rules and not m.times)
    timed = [m for m in medicines if m.times or not m.rules]
    result = find_times(window, timed, max(1, len(amounts)), preferred=preferred)
    amounts_out = tuple(amounts)
    if len(result.times) == 1 and len(amounts) == 2:
        tablets = [a.tablets for a in amounts]
        merged_tablets = None if None in tablets else sum(t or 0.0 for t in tablets)
        amounts_out = (DoseAmount(sum(a.mg for a in amounts), merged_tablets),)
    return ScheduleView(result, amounts_out, ruled_without_time, lang, tuple(unchecked))


@dataclass(frozen=True)
class PlanRequest:
    """Everything the plan is made from, already read and resolved.

    ``trial`` is the trial's design (the stored one of a running trial), or
    None for a plan without a trial calendar.
    """

    self_trial: SelfTrial
    findings: Sequence[Finding] = ()
    dose: DoseOptions = field(default_factory=DoseOptions)
    product: Product | None = None
    wake: int = 7 * 60
    bed: int = 23 * 60
    times_assumed: bool = False
    medicines: Sequence[PlanMedicine] = ()
    trial: Design | None = None
    stretching: bool = True
    lang: Lang = "da"
    screened: bool = True  # False: no (readable) screening profile yet
    product_problem: ProductError | None = None  # why the product given could not be used
    reminders_paused: bool = False  # a check during the trial paused the reminders


@dataclass(frozen=True)
class StretchingPlan:
    """The stretching routine and its evening time (minutes after midnight)."""

    strategy: Strategy
    time: int


@dataclass(frozen=True)
class Plan:
    """A supplement plan, or (``dose is None``) the reasons there is none."""

    request: PlanRequest
    dose: DosePlan | None
    schedule: ScheduleView | None
    calendar: TrialCalendar | None
    stretching: StretchingPlan | None
    reasons: tuple[Note, ...]
    bring: tuple[Note, ...]
    notes: tuple[Note, ...]

    @property
    def has_plan(self) -> bool:
        return self.dose is not None

    @property
    def pause(self) -> SafetyPause | None:
        """Why the trial and every reminder are paused now (an urgent finding), if they are."""
        return safety_pause(self.request.findings, self.request.lang)

    @property
    def reminders_stopped(self) -> bool:
        """Whether no reminder may go out now: an urgent finding pauses everything, and
        a check during the trial (``request.reminders_paused``) pauses the reminders."""
        return self.pause is not None or self.request.reminders_paused

    @property
    def pause_note(self) -> Note | None:
        """What a paused plan says about the trial and the reminders; None when not paused."""
        return None if self.pause is None else texts.note("reminders_paused", self.lang)

    @property
    def lang(self) -> Lang:
        return self.request.lang

    @property
    def medicines(self) -> tuple[PlanMedicine, ...]:
        """The person's medicines as the plan read them, recognised or not."""
        return tuple(self.request.medicines)

    @property
    def medicines_without_times(self) -> tuple[str, ...]:
        """The medicines with a spacing rule whose dose times the person has not given."""
        return tuple(m.name for m in self.medicines if m.needs_times and not m.times)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the plan."""
        req = self.request
        stretching: dict[str, Any] | None = None
        if self.stretching is not None:
            s = self.stretching.strategy
            stretching = {
                "id": s.id,
                "title": s.title.text(req.lang),
                "body": s.body.text(req.lang),
                "steps": [step.text(req.lang) for step in s.steps],
                "evidence": s.evidence,
                "time": format_time(self.stretching.time),
                "sources": list(s.sources),
            }
        return {
            "plan": self.has_plan,
            "self_trial": req.self_trial,
            "lang": req.lang,
            "reasons": [n.to_dict() for n in self.reasons],
            "bring_to_doctor": [n.to_dict() for n in self.bring],
            "wake": format_time(req.wake),
            "bed": format_time(req.bed),
            "dose": None if self.dose is None else self.dose.to_dict(),
            "schedule": None if self.schedule is None else self.schedule.to_dict(),
            "stretching": stretching,
            "calendar": None if self.calendar is None else self.calendar.to_dict(),
            "notes": [n.to_dict() for n in self.notes],
            "medicines": [m.to_dict() for m in req.medicines],
            "paused": None
            if self.pause is None
            else {
                "findings": list(self.pause.titles),
                "help": self.pause.help,
                "sources": list(self.pause.sources),
            },
        }


def make_plan(request: PlanRequest) -> Plan:
    """Build the plan for a screened person (see the module docstring)."""
    lang = request.lang
    one_of(SELF_TRIAL_LEVELS, request.self_trial, "self_trial")
    if request.self_trial in NO_PLAN_LEVELS:
        reason_id = "no_plan_urgent" if request.self_trial == "urgent" else "no_plan_see_doctor"
        reasons = [texts.note(reason_id, lang)]
        reasons += [
            Note(f.kind, f"{f.title}: {f.advice}", "evidence", tuple(f.sources))
            for f in request.findings
            if blocks_plan(f)
        ]
        bring = tuple(texts.note(b, lang) for b in BRING_TO_DOCTOR)
        return Plan(request, None, None, None, None, tuple(reasons), bring, ())

    dose = dose_plan(request.dose, request.product, lang)
    notes: list[Note] = []
    if request.times_assumed:
        notes.append(
            texts.note(
                "times_assumed", lang, wake=format_time(request.wake), bed=format_time(request.bed)
            )
        )
    window = make_window(request.wake, request.bed)
    schedule = None
    if dose.doses:
        schedule = place_doses(
            window,
            [m.doses() for m in request.medicines],
            dose.doses,
            lang,
            unchecked=[m.name for m in request.medicines if not m.recognised],
        )
    stretching = None
    if request.stretching:
        strategy = next(s for s in loaders.strategies() if s.id == STRETCHING_STRATEGY)
        stretching = StretchingPlan(strategy, (request.bed - STRETCH_BEFORE_BED_MIN) % (24 * 60))
        notes.append(texts.note("stretching_time", lang, time=format_time(stretching.time)))
    calendar = None
    if request.trial is not None:
        calendar = trial_calendar(
            request.trial, tolerance_check_days=dose.tolerance_check_days, lang=lang
        )
    return Plan(request, dose, schedule, calendar, stretching, (), (), tuple(notes))
