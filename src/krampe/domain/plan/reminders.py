"""The plan's daily reminders: the morning diary, the evening stretch and each dose.

They follow the plan's trial calendar (the stored design of the running
trial): no calendar, no reminders. In a blinded trial a dose reminder says
"trial capsules" and the jar of its period (one reminder per period), never
magnesium or tablets. A dose reminder exists only for a time checked against
every known spacing rule (no time, no reminder). Two pauses stop every
reminder: an urgent finding (the calendar then shows why, once, instead) and a
check during the trial (:func:`krampe.domain.trial.watch.reminders_paused`).
"""

from __future__ import annotations

import datetime as dt

from krampe.domain.plan import texts
from krampe.domain.plan.build import Plan
from krampe.domain.plan.ics import DIARY_AFTER_WAKE_MIN, DailyReminder, Notice, build_ics
from krampe.domain.trial.jars import capsules_per_dose, jar_labels
from krampe.domain.vocab import Lang

DAY = 24 * 60
# A blinded trial's dose reminder has one key per dose and jar: "dose-1-jar-2A"
# (a dose key, so it is pushed like any dose reminder).
JAR_MARK = "-jar-"


def is_capsule_reminder(key: str) -> bool:
    """Whether a reminder is a blinded trial's capsules (its texts never say magnesium)."""
    return key.startswith("dose-") and JAR_MARK in key


def _clock(minute: int) -> dt.time:
    minute %= DAY
    return dt.time(minute // 60, minute % 60)


def daily_reminders(plan: Plan) -> list[DailyReminder]:
    """Daily reminders for the iCalendar file (empty without a plan or a trial)."""
    cal = plan.calendar
    if cal is None or plan.dose is None or plan.reminders_stopped:
        return []
    lang = plan.lang
    out = [
        DailyReminder(
            "diary",
            texts.note("ics_diary", lang).text,
            _clock(plan.request.wake + DIARY_AFTER_WAKE_MIN),
            cal.design.start + dt.timedelta(days=1),  # the morning after the first night
            cal.end,
        )
    ]
    if plan.stretching is not None:
        stretch_from = cal.intervention_start if cal.kind == "stretching" else cal.design.start
        out.append(
            DailyReminder(
                "stretching",
                texts.note("ics_stretch", lang).text,
                _clock(plan.stretching.time),
                stretch_from,
                cal.end - dt.timedelta(days=1),
                description="\n".join(s.text(lang) for s in plan.stretching.strategy.steps),
            )
        )
    if cal.kind == "stretching" or plan.schedule is None:
        return out
    if cal.kind == "blinded":
        return out + _capsule_reminders(plan, lang)
    for index, (minute, amount) in enumerate(plan.schedule.doses, start=1):
        mg = texts.format_mg(amount.mg, lang)
        count = (
            texts.plural("tablet_word", lang, amount.tablets)
            if amount.tablets is not None
            else f"{mg} mg"
        )
        out.append(
            DailyReminder(
                f"dose-{index}",
                texts.note("ics_dose", lang, mg=mg, count=count).text,
                _clock(minute),
                cal.intervention_start,
                cal.end - dt.timedelta(days=1),
            )
        )
    return out


def reminders_ics(plan: Plan, stamp: dt.datetime) -> bytes:
    """The plan's reminders and milestones as an iCalendar file, for every shell.

    While an urgent finding pauses everything, the file holds no reminder and
    no milestone but one all-day notice on ``stamp``'s day saying why.
    """
    pause = plan.pause
    if pause is None:
        return build_ics(daily_reminders(plan), plan.calendar, lang=plan.lang, stamp=stamp)
    summary = texts.note("ics_paused", plan.lang).text
    notice = Notice(summary, " ".join([*pause.titles, pause.help]), stamp.date())
    return build_ics([], None, lang=plan.lang, stamp=stamp, notice=notice)


def capsule_count(plan: Plan, lang: Lang) -> str:
    """ "2 capsules": what one dose of a blinded trial is, in ``lang``."""
    assert plan.calendar is not None
    return texts.plural("capsule_word", lang, capsules_per_dose(plan.calendar.design))


def _capsule_reminders(plan: Plan, lang: Lang) -> list[DailyReminder]:
    """One reminder per dose and period, naming the period's jar (never its content)."""
    assert plan.calendar is not None and plan.schedule is not None
    count = capsule_count(plan, lang)
    out = []
    for label in jar_labels(plan.calendar.design):
        for index, (minute, _amount) in enumerate(plan.schedule.doses, start=1):
            out.append(
                DailyReminder(
                    f"dose-{index}{JAR_MARK}{label.code}",
                    texts.note("ics_capsules", lang, count=count, jar=label.code).text,
                    _clock(minute),
                    label.start,
                    label.end,
                )
            )
    return out


def capsule_instruction(plan: Plan, today: dt.date) -> str | None:
    """In a blinded trial, what one dose is: "2 capsules from the jar of the period you
    are in (now jar 2A)"; None in any other trial, or once the last period is over."""
    cal = plan.calendar
    if cal is None or cal.kind != "blinded":
        return None
    labels = jar_labels(cal.design)
    count = capsule_count(plan, plan.lang)
    current = next((j for j in labels if j.start <= today <= j.end), None)
    if current is not None:
        return texts.note("plan_capsules", plan.lang, count=count, jar=current.code).text
    if today < labels[0].start:
        return texts.note("plan_capsules_waiting", plan.lang, count=count, jar=labels[0].code).text
    return None
