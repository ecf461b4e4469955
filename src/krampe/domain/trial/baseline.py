"""Will the baseline of an open-label trial have enough nights? Said before it ends.

An open-label (or stretching) comparison needs at least ``min_nights``
counted nights before the intervention starts. Once the baseline is over,
forgotten nights cannot be made up, so the shells ask :func:`baseline_status`
every day of the baseline and warn as soon as the nights still ahead cannot
close the gap; :func:`extend_baseline` then moves the start of magnesium (or
stretching) later by the nights that are missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from krampe.domain.text import count_noun
from krampe.domain.trial.design import Design, DesignError
from krampe.domain.trial.diary import Night
from krampe.domain.trial.texts import BASELINE_TEXTS
from krampe.domain.trial.verdict import Thresholds

BASELINE_CODES: tuple[str, ...] = ("on_track", "short", "complete", "too_few")


@dataclass(frozen=True, slots=True)
class BaselineStatus:
    """Where the baseline stands on ``today`` (the night that begins today).

    ``code``: ``on_track`` (enough nights are still ahead), ``short`` (even
    logging every remaining night will not reach ``needed``: extend by
    ``extend_by``), ``complete`` (over, with enough nights), ``too_few`` (over,
    without enough: the comparison will be ``insufficient_data``).
    """

    code: str
    logged: int  # baseline nights logged so far
    missed: int  # baseline nights already past and not logged
    remaining: int  # baseline nights still ahead, tonight included
    needed: int
    extend_by: int  # nights to add to the baseline to reach ``needed``
    baseline_end: dt.date


def _baseline(design: Design) -> tuple[dt.date, dt.date] | None:
    first = design.periods[0]
    if first.phase != "baseline" or len(design.periods) < 2:
        return None
    return first.start, first.end


def baseline_status(
    design: Design, nights: Iterable[Night], today: dt.date, thresholds: Thresholds | None = None
) -> BaselineStatus | None:
    """The baseline's status, or None for a design without a baseline (blinded)."""
    span = _baseline(design)
    if span is None:
        return None
    start, end = span
    needed = (thresholds or Thresholds()).min_nights
    logged = sum(
        1 for n in nights if start <= n.date <= end and n.date < today and n.cramps is not None
    )
    past_end = min(today - dt.timedelta(days=1), end)
    past = max((past_end - start).days + 1, 0)
    remaining = max((end - max(today, start)).days + 1, 0)
    gap = max(needed - logged - remaining, 0)
    code = ("short" if gap else "on_track") if remaining else "too_few" if gap else "complete"
    return BaselineStatus(code, logged, past - logged, remaining, needed, gap, end)


def extend_baseline(design: Design, nights: int, today: dt.date) -> Design:
    """The design with a baseline ``nights`` longer; the intervention starts later.

    Allowed only while the baseline is still running (before the first night
    of magnesium or stretching).
    """
    span = _baseline(design)
    if span is None:
        raise DesignError("only an open-label design has a baseline to extend")
    if nights < 1:
        raise DesignError(f"nights must be at least 1, got {nights}")
    if today > span[1]:
        raise DesignError(
            f"the baseline ended on {span[1].isoformat()}; it can only be extended before that"
        )
    shift = dt.timedelta(days=nights)
    first, *rest = design.periods
    periods = (
        replace(first, end=first.end + shift),
        *(replace(p, start=p.start + shift, end=p.end + shift) for p in rest),
    )
    params = dict(design.params)
    params["baseline_nights"] = periods[0].nights
    return replace(design, periods=periods, params=params)


def baseline_text(status: BaselineStatus, lang: str) -> str:
    """Where the baseline stands, in plain words, with each count in its number:
    "Baseline: 1 night logged, ..." (:data:`~krampe.domain.trial.texts.BASELINE_TEXTS`)."""
    return BASELINE_TEXTS[status.code][lang].format(
        logged_nights=count_noun(status.logged, "night", lang),
        extend_by_nights=count_noun(status.extend_by, "night", lang),
        remaining=status.remaining,
        needed=status.needed,
        baseline_end=status.baseline_end.isoformat(),
    )
