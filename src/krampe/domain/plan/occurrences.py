"""When each daily reminder falls due, as instants, in the person's time zone.

The reminders are the plan's own (:func:`krampe.domain.plan.reminders.daily_reminders`,
the same ones the calendar feed carries): a clock time and a first and last
date. A push needs the instant: 21:30 in Copenhagen is 20:30 UTC in winter and
19:30 UTC in summer. A clock time that does not exist on the night the clocks
go forward is sent at the same offset as before the change (02:30 becomes
03:30); a time that happens twice when they go back is sent the first time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from krampe.domain.plan.ics import DailyReminder

DIARY_KEY = "diary"
DOSE_PREFIX = "dose-"


def is_push_reminder(key: str) -> bool:
    """The reminders sent as push messages: the evening dose and the morning diary."""
    return key == DIARY_KEY or key.startswith(DOSE_PREFIX)


@dataclass(frozen=True)
class Occurrence:
    """One reminder on one local date, and the instant (UTC) it is due."""

    reminder: DailyReminder
    date: dt.date
    due: dt.datetime

    @property
    def night(self) -> dt.date:
        """The diary night it is about: tonight for a dose, last night for the diary."""
        if self.reminder.key == DIARY_KEY:
            return self.date - dt.timedelta(days=1)
        return self.date


def due_at(reminder: DailyReminder, date: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of ``reminder`` on the local ``date`` in ``zone``."""
    local = dt.datetime.combine(date, reminder.time, tzinfo=zone)
    return local.astimezone(dt.UTC)


def occurrences(
    reminders: Iterable[DailyReminder],
    zone: ZoneInfo,
    after: dt.datetime,
    until: dt.datetime,
) -> list[Occurrence]:
    """Push reminders due in ``(after, until]`` (aware datetimes), in order of time."""
    first = after.astimezone(zone).date() - dt.timedelta(days=1)
    last = until.astimezone(zone).date()
    found: list[Occurrence] = []
    for reminder in reminders:
        if not is_push_reminder(reminder.key):
            continue
        date = max(first, reminder.first)
        while date <= min(last, reminder.last):
            due = due_at(reminder, date, zone)
            if after < due <= until:
                found.append(Occurrence(reminder, date, due))
            date += dt.timedelta(days=1)
    found.sort(key=lambda o: (o.due, o.reminder.key))
    return found
