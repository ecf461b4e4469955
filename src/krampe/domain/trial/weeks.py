"""The diary week by week: the one weekly aggregation of the results page and the
doctor summary (the text alternative of the chart).

Weeks count from the first logged night. A night that was not logged is not
in any week: it is missing, never a zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from krampe.domain.trial.diary import Night
from krampe.domain.vocab import Phase

WEEK_NIGHTS = 7


@dataclass(frozen=True)
class Week:
    """Seven nights from ``start``: the logged nights, their cramps and the mean."""

    start: dt.date
    phases: tuple[Phase, ...]  # in date order; empty when the phases must stay hidden
    nights: int  # logged nights
    cramps: int
    mean: float | None  # cramps per logged night

    @property
    def phase(self) -> Phase | None:
        """The week's phase when it has exactly one, else None."""
        return self.phases[0] if len(self.phases) == 1 else None


def week_groups(nights: Sequence[Night]) -> list[tuple[dt.date, list[Night]]]:
    """The logged nights grouped in weeks counted from the first logged night, oldest
    first, each with its first day; weeks without a logged night are left out."""
    logged = sorted((n for n in nights if n.cramps is not None), key=lambda n: n.date)
    if not logged:
        return []
    first = logged[0].date
    groups: dict[int, list[Night]] = {}
    for night in logged:
        groups.setdefault((night.date - first).days // WEEK_NIGHTS, []).append(night)
    return [
        (first + dt.timedelta(days=WEEK_NIGHTS * index), groups[index]) for index in sorted(groups)
    ]


def weekly(nights: Sequence[Night], *, hide_phases: bool = False) -> tuple[Week, ...]:
    """The logged nights of ``nights`` grouped by week, oldest first.

    ``hide_phases`` leaves every week's phases empty (a blinded trial that has
    not been unblinded).
    """
    out = []
    for start, group in week_groups(nights):
        counts = [n.cramps or 0 for n in group]
        phases = () if hide_phases else tuple(dict.fromkeys(n.phase for n in group))
        out.append(
            Week(
                start=start,
                phases=phases,
                nights=len(counts),
                cramps=sum(counts),
                mean=sum(counts) / len(counts),
            )
        )
    return tuple(out)
