"""The whole plan: dose, daily schedule, stretching routine, trial calendar, reminders.

A screening result of ``urgent`` or ``see_doctor_first`` gives no supplement
plan at all: only the reasons and what to bring to the doctor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from krampe.domain.plan import texts
from krampe.domain.plan.calendar import TrialCalendar, trial_calendar
from krampe.domain.plan.dose import DoseAmount, DoseOptions, DosePlan, dose_plan
from krampe.domain.plan.elemental import Product
from krampe.domain.plan.ics import DIARY_AFTER_WAKE_MIN, STRETCH_BEFORE_BED_MIN, DailyReminder
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
from krampe.knowledge import loaders
from krampe.knowledge.models import Strategy

NO_PLAN_LEVELS = ("urgent", "see_doctor_first")
SELF_TRIAL_LEVELS = ("ok", "ok_with_precautions", "see_doctor_first", "urgent")
TRIAL_DESIGNS = ("open", "blinded", "stretching")


def supplement_plan_allowed(self_trial: str) -> bool:
    """Whether a screening result allows a supplement plan (never when a doctor comes first)."""
    return self_trial in SELF_TRIAL_LEVELS and self_trial not in NO_PLAN_LEVELS


def allowed_trial_designs(self_trial: str) -> tuple[str, ...]:
    """The trial designs a screening result allows.

    None after an urgent finding (see a doctor now); after see_doctor_first only
    stretching, which needs no supplement; otherwise every design. An unknown
    level (no screening yet) is treated as ``ok``: the pages say to screen first.
    """
    if self_trial == "urgent":
        return ()
    if self_trial in NO_PLAN_LEVELS:
        return ("stretching",)
    return TRIAL_DESIGNS


STRETCHING_STRATEGY = "calf_stretching"
BRING_TO_DOCTOR = ("bring_medicines", "bring_diary", "bring_findings", "bring_question")


class FindingLike(Protocol):
    """What the plan reads from a screening finding."""

    @property
    def kind(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def advice(self) -> str: ...
    @property
    def sources(self) -> tuple[str, ...]: ...


def blocks_plan(finding: FindingLike) -> bool:
    """True for a finding that sends the person to a doctor before any supplement.

    Urgent findings, red flags and "talk to your doctor before supplements"
    findings, as the screening ranks them.
    """
    return finding.severity == "urgent" or finding.kind in ("red_flag", "consult_before_supplement")


@dataclass(frozen=True)
class ScheduleView:
    """A schedule result with the mg (and tablets) of each dose."""

    result: ScheduleResult
    amounts: tuple[DoseAmount, ...]
    missing_times: tuple[str, ...]
    lang: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``krampe schedule``."""
        return schedule_dict(self.result, self.amounts, self.lang, self.missing_times)


def schedule_dict(
    result: ScheduleResult,
    amounts: Sequence[DoseAmount],
    lang: str,
    missing_times: Sequence[str] = (),
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
    notes = advice(result, lang) if not missing_times else []
    notes += [texts.note("missing_time", lang, medicine=name) for name in missing_times]
    notes += [
        texts.note(n, lang, hours=DEFAULT_MIN_GAP_MIN // 60)
        for n in result.notes
        if n != "split_gap_short"
    ]
    if "split_gap_short" in result.notes and len(result.times) == 2:
        gap = (result.times[1] - result.times[0]) % (24 * 60)
        notes.append(texts.note("split_gap_short", lang, hours=texts.format_mg(gap / 60, lang)))
    doses: list[dict[str, Any]] = []
    if result.feasible and not missing_times:
        for minute, amount in zip(result.times, amounts, strict=True):
            dose: dict[str, Any] = {"time": format_time(minute), "mg": _number(amount.mg)}
            if amount.tablets is not None:
                dose["tablets"] = amount.tablets
            doses.append(dose)
    return {
        "feasible": bool(result.feasible and not missing_times),
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
    lang: str,
    *,
    preferred: int | None = None,
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
    return ScheduleView(result, amounts_out, ruled_without_time, lang)


@dataclass(frozen=True)
class PlanRequest:
    """Everything the plan is made from."""

    self_trial: str
    findings: Sequence[FindingLike] = ()
    dose: DoseOptions = field(default_factory=DoseOptions)
    product: Product | None = None
    wake: int = 7 * 60
    bed: int = 23 * 60
    times_assumed: bool = False
    medicines: Sequence[MedicineDoses] = ()
    start: dt.date | None = None
    design: str = "open"
    seed: int | None = None
    stretching: bool = True
    lang: str = "da"


@dataclass(frozen=True)
class Plan:
    """A supplement plan, or (``dose is None``) the reasons there is none."""

    request: PlanRequest
    dose: DosePlan | None
    schedule: ScheduleView | None
    calendar: TrialCalendar | None
    stretching: Strategy | None
    reasons: tuple[Note, ...]
    bring: tuple[Note, ...]
    notes: tuple[Note, ...]

    @property
    def has_plan(self) -> bool:
        return self.dose is not None

    def reminders(self) -> list[DailyReminder]:
        """Daily reminders for the iCalendar file (empty without a plan)."""
        if self.calendar is None or self.dose is None:
            return []
        lang = self.request.lang
        cal = self.calendar
        out: list[DailyReminder] = []
        wake, bed = self.request.wake, self.request.bed
        out.append(
            DailyReminder(
                "diary",
                texts.note("ics_diary", lang).text,
                _clock(wake + DIARY_AFTER_WAKE_MIN),
                cal.design.start + dt.timedelta(days=1),  # the morning after the first night
                cal.end,
            )
        )
        if self.stretching is not None:
            stretch_from = cal.intervention_start if cal.kind == "stretching" else cal.design.start
            out.append(
                DailyReminder(
                    "stretching",
                    texts.note("ics_stretch", lang).text,
                    _clock(bed - STRETCH_BEFORE_BED_MIN),
                    stretch_from,
                    cal.end - dt.timedelta(days=1),
                    description="\n".join(s.text(lang) for s in self.stretching.steps),
                )
            )
        if cal.kind != "stretching" and self.schedule is not None:
            view = self.schedule.to_dict()
            for index, dose in enumerate(view["doses"], start=1):
                count = (
                    texts.plural("tablet_word", lang, dose["tablets"])
                    if "tablets" in dose
                    else f"{texts.format_mg(dose['mg'], lang)} mg"
                )
                if cal.kind == "blinded":
                    summary = texts.note("ics_capsules", lang, count=count).text
                else:
                    summary = texts.note(
                        "ics_dose", lang, mg=texts.format_mg(dose["mg"], lang), count=count
                    ).text
                hour, minute = (int(x) for x in dose["time"].split(":"))
                out.append(
                    DailyReminder(
                        f"dose-{index}",
                        summary,
                        dt.time(hour, minute),
                        cal.intervention_start,
                        cal.end - dt.timedelta(days=1),
                    )
                )
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the plan."""
        req = self.request
        stretching: dict[str, Any] | None = None
        if self.stretching is not None:
            s = self.stretching
            stretching = {
                "id": s.id,
                "title": s.title.text(req.lang),
                "body": s.body.text(req.lang),
                "steps": [step.text(req.lang) for step in s.steps],
                "evidence": s.evidence,
                "time": format_time(req.bed - STRETCH_BEFORE_BED_MIN),
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
        }


def _clock(minute: int) -> dt.time:
    minute %= 24 * 60
    return dt.time(minute // 60, minute % 60)


def make_plan(request: PlanRequest) -> Plan:
    """Build the plan for a screened person (see the module docstring)."""
    lang = request.lang
    if request.self_trial not in SELF_TRIAL_LEVELS:
        raise ValueError(f"self_trial: {request.self_trial!r} is not one of {SELF_TRIAL_LEVELS}")
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
    schedule = place_doses(window, request.medicines, dose.doses, lang) if dose.doses else None
    stretching = None
    if request.stretching:
        stretching = next(s for s in loaders.strategies() if s.id == STRETCHING_STRATEGY)
        notes.append(
            texts.note(
                "stretching_time", lang, time=format_time(request.bed - STRETCH_BEFORE_BED_MIN)
            )
        )
    calendar = None
    if request.start is not None:
        calendar = trial_calendar(
            request.start,
            request.design,
            seed=request.seed,
            tolerance_check_days=dose.tolerance_check_days,
            lang=lang,
        )
    return Plan(request, dose, schedule, calendar, stretching, (), (), tuple(notes))
