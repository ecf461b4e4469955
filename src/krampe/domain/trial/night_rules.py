"""What a diary night must satisfy beyond its ranges: asked by the nightly form,
the diary import and the CSV reader alike.

- A night with cramps needs its worst pain (0–10): a count without the pain
  would be read as a painless night.
- A night's date is plausible: not before :data:`EARLIEST_NIGHT` (older dates
  are typing errors) and not after today, since a night that has not begun
  cannot be logged (a night is dated by the evening it begins). An uploaded
  diary is read with the same window (:func:`night_window`).
- No cramp, no cramp pain: a night without cramps stores no worst pain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

NightRule = Literal["pain_required", "future_night", "too_early"]
# The earliest night a diary may hold: older dates are typing errors (0001-01-01, 1926 …).
EARLIEST_NIGHT = dt.date(2000, 1, 1)


def night_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last date a night logged ``today`` may have."""
    return EARLIEST_NIGHT, today


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


def night_problems(
    *,
    date: dt.date | None,
    cramps: int | None,
    worst_pain: int | None,
    today: dt.date | None = None,
) -> list[NightProblem]:
    """The rules ``date``, ``cramps`` and ``worst_pain`` break, in field order.

    Without ``today`` a date after today is allowed (a simulated diary may lie
    ahead).
    """
    problems = []
    if date is not None and date < EARLIEST_NIGHT:
        problems.append(
            NightProblem(
                "date",
                "too_early",
                f"{date.isoformat()} is before {EARLIEST_NIGHT.isoformat()}, the earliest night",
            )
        )
    if date is not None and today is not None and date > today:
        problems.append(
            NightProblem(
                "date",
                "future_night",
                f"{date.isoformat()} is after today ({today.isoformat()}); "
                "a night can be logged once it has begun",
            )
        )
    if cramps is not None and cramps > 0 and worst_pain is None:
        problems.append(
            NightProblem(
                "worst_pain", "pain_required", "required (0–10) when cramps is more than 0"
            )
        )
    return problems
