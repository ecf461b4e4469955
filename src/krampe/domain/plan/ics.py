"""Reminders as an iCalendar file: doses, stretching, the morning diary, milestones.

Daily reminders are recurring events (RRULE FREQ=DAILY with UNTIL) in
floating local time, so a phone shows them at the same clock time wherever
it is. Milestones are all-day events. Every event has a VALARM and a UID
derived from what it is and when it starts, so a re-import of the same plan
updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event, vRecur

from krampe.domain.formats import format_date
from krampe.domain.plan import texts
from krampe.domain.plan.calendar import TrialCalendar

PRODID = "-//Krampe//Krampe plan//EN"
UID_DOMAIN = "krampe.plan"
DIARY_AFTER_WAKE_MIN = 15
STRETCH_BEFORE_BED_MIN = 30


@dataclass(frozen=True)
class DailyReminder:
    """A reminder every day at ``time`` from ``first`` to ``last`` (inclusive)."""

    key: str
    summary: str
    time: dt.time
    first: dt.date
    last: dt.date
    description: str = ""
    minutes: int = 5


@dataclass(frozen=True)
class Notice:
    """An all-day event that says why there are no reminders (a paused trial)."""

    summary: str
    description: str
    date: dt.date


def _uid(key: str, date: dt.date) -> str:
    return f"krampe-{key}-{date:%Y%m%d}@{UID_DOMAIN}"


def _alarm(summary: str, trigger: dt.timedelta = dt.timedelta(0)) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", trigger)
    return alarm


def build_ics(
    reminders: Sequence[DailyReminder],
    calendar: TrialCalendar | None,
    *,
    lang: str,
    stamp: dt.datetime,
    notice: Notice | None = None,
) -> bytes:
    """The iCalendar file as bytes. ``stamp`` (UTC) becomes every DTSTAMP."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = texts.note("ics_calendar_name", lang).text
    cal.add("x-wr-calname", name)
    stamp_utc = stamp.astimezone(dt.UTC)
    for reminder in reminders:
        event = Event()
        start = dt.datetime.combine(reminder.first, reminder.time)
        event.add("uid", _uid(reminder.key, reminder.first))
        event.add("dtstamp", stamp_utc)
        event.add("summary", reminder.summary)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=reminder.minutes))
        # UNTIL in floating time must be floating too (RFC 5545, 3.3.10).
        until = dt.datetime.combine(reminder.last, reminder.time)
        event.add("rrule", vRecur({"FREQ": "DAILY", "UNTIL": until}))
        span = texts.note(
            "ics_every_day",
            lang,
            first=format_date(reminder.first, "SHORT_DATE_FORMAT", lang),
            last=format_date(reminder.last, "SHORT_DATE_FORMAT", lang),
        ).text
        event.add("description", "\n".join(filter(None, (reminder.description, span))))
        event.add_component(_alarm(reminder.summary))
        cal.add_component(event)
    if calendar is not None:
        for milestone in calendar.milestones:
            event = Event()
            event.add("uid", _uid(milestone.key, milestone.date))
            event.add("dtstamp", stamp_utc)
            event.add("summary", milestone.title)
            event.add("dtstart", milestone.date)
            event.add("dtend", milestone.date + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            # All-day: remind at 09:00 on the day (the event starts at midnight).
            event.add_component(_alarm(milestone.title, dt.timedelta(hours=9)))
            cal.add_component(event)
    if notice is not None:
        event = Event()
        event.add("uid", _uid("notice", notice.date))
        event.add("dtstamp", stamp_utc)
        event.add("summary", notice.summary)
        event.add("description", notice.description)
        event.add("dtstart", notice.date)
        event.add("dtend", notice.date + dt.timedelta(days=1))
        event.add_component(_alarm(notice.summary))
        cal.add_component(event)
    return bytes(cal.to_ical())
