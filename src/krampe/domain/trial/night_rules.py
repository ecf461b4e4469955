"""What a diary night must satisfy beyond its ranges: asked by the nightly form,
the diary import and the CSV reader alike.

- A night with cramps needs its worst pain (0–10): a count without the pain
  would be read as a painless night.
- A night that has not begun cannot be logged: its date is at most today
  (a night is dated by the evening it begins).
- No cramp, no cramp pain: a night without cramps stores no worst pain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

NightRule = Literal["pain_required", "future_night"]


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

    Without ``today`` the date is not checked (a simulated diary may lie ahead).
    """
    problems = []
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
