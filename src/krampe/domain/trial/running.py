"""The rules of a running trial: when it may start, its seed, where the person stands
on a date, what may be stored about a night, and when it may be unblinded.

A running trial is its stored :class:`~krampe.domain.trial.design.Design`
(the one source of truth: kind, start, seed, periods) and whether it has been
unblinded. Every shell asks these functions; none decides on its own.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from krampe.domain.trial.design import (
    DEFAULT_RUN_IN,
    Design,
    DesignError,
    build_design,
    unblind,
)
from krampe.domain.vocab import Content, Phase, TrialKind

# A trial logged in Krampe starts at most two weeks back (the nights a person can
# still remember) and at most two months ahead (a plan, not a wish list).
START_DAYS_BACK = 14
START_DAYS_AHEAD = 60
SEED_LIMIT = 2**31


class TrialStartError(ValueError):
    """A first night outside the window a trial may start in; ``code`` says which side."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"start: {message}")
        self.field = "start"
        self.code = code  # "too_early" or "too_late"


class UnblindingError(ValueError):
    """Unblinding asked for before it is allowed (the message says until when)."""


def new_seed() -> int:
    """A fresh random seed for a blinded allocation (stored with the design)."""
    return secrets.randbelow(SEED_LIMIT)


def start_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last date a trial starting ``today`` may give as its first night."""
    return today - dt.timedelta(days=START_DAYS_BACK), today + dt.timedelta(days=START_DAYS_AHEAD)


def check_trial_start(start: dt.date, today: dt.date) -> None:
    """Raise :class:`TrialStartError` when ``start`` is outside :func:`start_window`."""
    earliest, latest = start_window(today)
    if start < earliest:
        raise TrialStartError(
            "too_early",
            f"{start.isoformat()} is more than {START_DAYS_BACK} days ago; "
            f"allowed: {earliest.isoformat()} to {latest.isoformat()}",
        )
    if start > latest:
        raise TrialStartError(
            "too_late",
            f"{start.isoformat()} is more than {START_DAYS_AHEAD} days ahead; "
            f"allowed: {earliest.isoformat()} to {latest.isoformat()}",
        )


def design_for(
    kind: TrialKind, start: dt.date, seed: int | None = None, run_in_nights: int = DEFAULT_RUN_IN
) -> Design:
    """The design of a new trial with the default lengths and the chosen run-in
    (7 to 14 nights); a blinded one without ``seed`` gets a fresh one from
    :func:`new_seed`."""
    if kind == "blinded" and seed is None:
        seed = new_seed()
    return build_design(kind, start, seed if kind == "blinded" else None, run_in_nights)


@dataclass(frozen=True)
class TrialStatus:
    """Where a person stands in a trial on the night of ``date``; safe to show while blind."""

    start: dt.date
    day: int  # 1 = the first night; 0 or less before the trial starts
    nights: int  # nights in the whole trial
    content: Content | None  # what the period holds; None outside the trial or while blind
    period: int | None  # period number (shown in blinded trials)
    jar: str  # e.g. "2A" in a blinded trial
    run_in: bool
    finished: bool

    @property
    def not_started(self) -> bool:
        return self.day < 1


@dataclass(frozen=True)
class RunningTrial:
    """A stored trial: its design and whether the person has unblinded it."""

    design: Design
    unblinded: bool = False

    @property
    def kind(self) -> TrialKind:
        return self.design.kind

    @property
    def start(self) -> dt.date:
        return self.design.start

    @property
    def seed(self) -> int | None:
        return self.design.seed

    @property
    def end(self) -> dt.date:
        """The last night of the trial."""
        return self.design.end

    @property
    def blind(self) -> bool:
        """True while the person must not learn which periods are magnesium.

        Until then no result, chart or stored phase may give the allocation away.
        """
        return self.design.kind == "blinded" and not self.unblinded

    def finished_on(self, today: dt.date) -> bool:
        """True once the last night is over (``today`` is the day after it or later)."""
        return today > self.design.end

    def can_unblind(self, today: dt.date) -> bool:
        """Unblinding is allowed only in a blinded trial, once, after the last night."""
        return self.blind and self.finished_on(today)

    def reveal(self, today: dt.date) -> dict[int, Content]:
        """The allocation, period by period, once :meth:`can_unblind` allows it.

        Raises :class:`UnblindingError` before the last night is over and
        :class:`DesignError` for a trial without an allocation or a stored
        allocation that does not match its seed.
        """
        if self.design.kind != "blinded":
            raise DesignError("only the blinded design has an allocation to reveal")
        if self.blind and not self.finished_on(today):
            raise UnblindingError(
                f"the trial is not over yet: unblinding waits for the last night "
                f"({self.design.end.isoformat()})"
            )
        return unblind(self.design)

    def stored_phase(self, date: dt.date) -> Phase | None:
        """The phase that may be stored (and exported) with a night of ``date``.

        None outside the trial. While blind only run-in nights are labelled
        (every period starts with one, so that says nothing about the content);
        the other nights stay unlabelled until unblinding, so nothing stored or
        exported can give the allocation away.
        """
        phase = self.design.phase_on(date)
        if phase is None or (self.blind and phase != "run_in"):
            return None
        return phase

    def status_on(self, date: dt.date) -> TrialStatus:
        """The status for the night that begins on ``date``."""
        design = self.design
        period = design.period_on(date)
        return TrialStatus(
            start=design.start,
            day=(date - design.start).days + 1,
            nights=(design.end - design.start).days + 1,
            content=None if period is None or self.blind else period.phase,
            period=period.index if period is not None else None,
            jar=f"{period.pair}{period.jar}" if period is not None and period.jar else "",
            run_in=period is not None and period.is_run_in(date),
            finished=self.finished_on(date),
        )
