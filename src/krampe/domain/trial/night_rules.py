"""What a diary night must satisfy beyond its ranges: asked by the nightly form,
the quick "no cramps" button, the offline queue, the diary import and the CSV
reader alike, through :func:`night_problems`.

- A night with cramps needs its worst pain (0–10): a count without the pain
  would be read as a painless night.
- A night's date lies in the diary's window (:func:`night_window`):
  - not before the account's first day less :data:`START_DAYS_BACK` (a trial
    may begin that far back, so its baseline nights can still be logged; older
    dates are typing errors such as 1990 for 2026), and never before
    :data:`EARLIEST_NIGHT`;
  - not after today: a night is dated by the evening it begins, and one that
    has not begun cannot be logged;
  - tonight (today's date) only from :data:`EVENING_HOUR` o'clock: in the
    morning "today" is a slip for last night.
- No cramp, no cramp pain: a night without cramps stores no worst pain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

NightRule = Literal["pain_required", "future_night", "tonight_not_begun", "too_early"]
# The earliest night any diary may hold: older dates are typing errors (0001-01-01, 1926 …).
EARLIEST_NIGHT = dt.date(2000, 1, 1)
# A trial logged in Krampe starts at most two weeks back (the nights a person can still
# remember): the diary reaches as far back before the account's first day.
START_DAYS_BACK = 14
# Tonight may be logged from this hour (local time): the night has begun by then.
EVENING_HOUR = 18


@dataclass(frozen=True)
class NightWindow:
    """The dates a night may have when it is logged: ``earliest`` to ``latest``."""

    earliest: dt.date
    latest: dt.date
    today: dt.date

    @property
    def tonight_open(self) -> bool:
        """Whether tonight (today's date) may be logged yet."""
        return self.latest == self.today


def night_window(now: dt.datetime, first_day: dt.date | None = None) -> NightWindow:
    """The window of a night logged at ``now`` (local time) in a diary whose account
    began on ``first_day`` (None: no account, only :data:`EARLIEST_NIGHT` holds)."""
    today = now.date()
    earliest = EARLIEST_NIGHT
    if first_day is not None:
        earliest = max(earliest, first_day - dt.timedelta(days=START_DAYS_BACK))
    latest = today if now.hour >= EVENING_HOUR else today - dt.timedelta(days=1)
    return NightWindow(earliest=earliest, latest=latest, today=today)


def last_night(today: dt.date) -> dt.date:
    """The date of "last night" on the morning of ``today``: a night is dated by the
    evening it began."""
    return today - dt.timedelta(days=1)


@dataclass(frozen=True)
class NightProblem:
    """One broken rule: the field it is about, its code and a message in English."""

    field: str
    code: NightRule
    message: str


def pain_to_store(cramps: int, worst_pain: int | None) -> int | None:
    """The worst pain a night keeps: none without cramps (a form's leftover default
    or a file's stray value is not a pain the person lived with)."""
    return worst_pain if cramps > 0 else None


def date_problem(date: dt.date, window: NightWindow) -> NightProblem | None:
    """The rule ``date`` breaks in ``window``, if any."""
    if date < window.earliest:
        return NightProblem(
            "date",
            "too_early",
            f"{date.isoformat()} is before {window.earliest.isoformat()}, the first night "
            "this diary can hold",
        )
    if date > window.today:
        return NightProblem(
            "date",
            "future_night",
            f"{date.isoformat()} is after today ({window.today.isoformat()}); "
            "a night can be logged once it has begun",
        )
    if date > window.latest:
        return NightProblem(
            "date",
            "tonight_not_begun",
            f"{date.isoformat()} is tonight, which can be logged from {EVENING_HOUR}:00",
        )
    return None


def night_problems(
    *,
    date: dt.date | None,
    cramps: int | None,
    worst_pain: int | None,
    window: NightWindow | None = None,
) -> list[NightProblem]:
    """The rules ``date``, ``cramps`` and ``worst_pain`` break, in field order.

    Without ``window`` any date is allowed (a simulated diary may lie ahead);
    the shells pass the window of the person's diary at the time of logging.
    """
    problems = []
    if date is not None and window is not None:
        problem = date_problem(date, window)
        if problem is not None:
            problems.append(problem)
    if cramps is not None and cramps > 0 and worst_pain is None:
        problems.append(
            NightProblem(
                "worst_pain", "pain_required", "required (0–10) when cramps is more than 0"
            )
        )
    return problems
