"""Daily reminders as instants in a time zone: the clock time holds, once a day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from krampe.domain.plan.ics import DailyReminder
from krampe.domain.plan.occurrences import occurrences

CPH = ZoneInfo("Europe/Copenhagen")


def _reminder(key: str, time: dt.time, first: dt.date, last: dt.date) -> DailyReminder:
    return DailyReminder(key, "x", time, first, last)


@settings(max_examples=60)
@given(
    time=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    first=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 1)),
    days=st.integers(1, 40),
)
def test_every_date_once_at_its_clock_time(time, first, days):
    last = first + dt.timedelta(days=days - 1)
    reminder = _reminder("dose-1", time, first, last)
    after = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(0), tzinfo=CPH)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(23, 59), tzinfo=CPH)
    found = occurrences([reminder], CPH, after, until)
    assert [o.date for o in found] == [first + dt.timedelta(days=i) for i in range(days)]
    for o in found:
        local = o.due.astimezone(CPH)
        if local.time() != time:
            # Only a clock time that does not exist (the night the clocks go forward) moves.
            wall = dt.datetime.combine(o.date, time, tzinfo=CPH)
            assert wall.astimezone(dt.UTC).astimezone(CPH).time() != time


def test_only_the_dose_and_the_diary_are_pushed_and_nothing_outside_the_window():
    day = dt.date(2027, 3, 28)
    reminders = [
        _reminder("diary", dt.time(7, 15), day, day),
        _reminder("stretching", dt.time(22, 30), day, day),
        _reminder("dose-1", dt.time(21, 30), day, day),
    ]
    after = dt.datetime(2027, 3, 28, 7, 0, tzinfo=CPH)
    found = occurrences(reminders, CPH, after, after + dt.timedelta(hours=15))
    assert [(o.reminder.key, o.night) for o in found] == [
        ("diary", dt.date(2027, 3, 27)),
        ("dose-1", dt.date(2027, 3, 28)),
    ]
    # 21:30 on the first day of summer time is 19:30 UTC.
    assert found[1].due == dt.datetime(2027, 3, 28, 19, 30, tzinfo=dt.UTC)
    assert occurrences(reminders, CPH, found[1].due, found[1].due + dt.timedelta(minutes=1)) == []
