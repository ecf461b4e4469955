"""The plan's daily reminders: the morning diary, the evening stretch and each dose.

They follow the plan's trial calendar (the stored design of the running
trial): no calendar, no reminders. In a blinded trial a dose reminder says
"trial capsules", never magnesium.
"""

from __future__ import annotations

import datetime as dt

from krampe.domain.plan import texts
from krampe.domain.plan.build import Plan
from krampe.domain.plan.ics import DIARY_AFTER_WAKE_MIN, DailyReminder

DAY = 24 * 60


def _clock(minute: int) -> dt.time:
    minute %= DAY
    return dt.time(minute // 60, minute % 60)


def daily_reminders(plan: Plan) -> list[DailyReminder]:
    """Daily reminders for the iCalendar file (empty without a plan or a trial)."""
    cal = plan.calendar
    if cal is None or plan.dose is None:
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
    for index, (minute, amount) in enumerate(plan.schedule.doses, start=1):
        mg = texts.format_mg(amount.mg, lang)
        count = (
            texts.plural("tablet_word", lang, amount.tablets)
            if amount.tablets is not None
            else f"{mg} mg"
        )
        if cal.kind == "blinded":
            summary = texts.note("ics_capsules", lang, count=count).text
        else:
            summary = texts.note("ics_dose", lang, mg=mg, count=count).text
        out.append(
            DailyReminder(
                f"dose-{index}",
                summary,
                _clock(minute),
                cal.intervention_start,
                cal.end - dt.timedelta(days=1),
            )
        )
    return out
