"""The rules of a running trial: when it may start, its sealed allocation, where the
person stands on a date, what may be stored about a night, and when it may be unblinded.

A running trial is its stored :class:`~krampe.domain.trial.design.Design`
(the one source of truth: kind, start, periods, and for a blinded trial the
seal) and whether it has been unblinded. A blinded trial started here is
sealed (:mod:`krampe.domain.trial.sealing`): its allocation lives in a sealed
record apart from the design, and only :meth:`RunningTrial.reveal` joins the
two. Every shell asks these functions; none decides on its own.
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
    reveal_design,
    sealed_design,
    unblind,
)
from krampe.domain.trial.night_rules import START_DAYS_BACK
from krampe.domain.trial.sealing import Allocation, draw_allocation
from krampe.domain.vocab import Content, Phase, TrialKind

# A trial logged in Krampe starts at most two weeks back (START_DAYS_BACK, the nights a
# person can still remember, which the diary accepts too) and at most two months ahead
# (a plan, not a wish list).
START_DAYS_AHEAD = 60
SEED_LIMIT = 2**31


class TrialStartError(ValueError):
    """A first night outside the window a trial may start in; ``code`` says which rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"start: {message}")
        self.field = "start"
        self.code = code  # "too_early", "too_late" or "blinded_in_past"


class UnblindingError(ValueError):
    """Unblinding asked for before it is allowed (the message says until when)."""


def new_seed() -> int:
    """A fresh random seed for a blinded allocation (stored with the design)."""
    return secrets.randbelow(SEED_LIMIT)


def start_window(today: dt.date, kind: TrialKind = "open") -> tuple[dt.date, dt.date]:
    """The first and last date a trial of ``kind`` starting ``today`` may give as its
    first night.

    An open-label or stretching trial may begin up to two weeks back: its
    baseline is the nights as they were, which a person can log afterwards. A
    blinded trial begins tonight or later: a night before the jars existed
    cannot have been magnesium or placebo.
    """
    back = 0 if kind == "blinded" else START_DAYS_BACK
    return today - dt.timedelta(days=back), today + dt.timedelta(days=START_DAYS_AHEAD)


def check_trial_start(start: dt.date, today: dt.date, kind: TrialKind = "open") -> None:
    """Raise :class:`TrialStartError` when ``start`` is outside :func:`start_window`."""
    earliest, latest = start_window(today, kind)
    if kind == "blinded" and start < earliest:
        raise TrialStartError(
            "blinded_in_past",
            f"{start.isoformat()} is before tonight; a blinded trial starts tonight or "
            f"later: allowed {earliest.isoformat()} to {latest.isoformat()}",
        )
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
    """A design file with the default lengths and the chosen run-in (7 to 14 nights),
    as ``krampe trial design`` prints it; a blinded one without ``seed`` gets a fresh
    one from :func:`new_seed` and keeps it."""
    if kind == "blinded" and seed is None:
        seed = new_seed()
    return build_design(kind, start, seed if kind == "blinded" else None, run_in_nights)


@dataclass(frozen=True)
class NewTrial:
    """A trial about to start: the design the person's data holds and, for a blinded
    trial, the allocation that goes into the sealed record (and nowhere else)."""

    design: Design
    allocation: Allocation | None = None


def start_trial(
    kind: TrialKind, start: dt.date, today: dt.date, run_in_nights: int = DEFAULT_RUN_IN
) -> NewTrial:
    """A new trial of ``kind`` from the night of ``start``, with the default lengths
    and the chosen run-in (7 to 14 nights; DesignError outside that range).

    Raises :class:`TrialStartError` for a first night outside
    :func:`start_window`. A blinded trial is sealed: every pair it may ever have
    is drawn now, the design holds only the seal, and the allocation is
    returned for the sealed record.
    """
    check_trial_start(start, today, kind)
    if kind != "blinded":
        return NewTrial(build_design(kind, start, run_in_nights=run_in_nights))
    allocation = draw_allocation()
    design = sealed_design(start, allocation.seal(today), run_in_nights=run_in_nights)
    return NewTrial(design, allocation)


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
    def end(self) -> dt.date:
        """The last night of the trial."""
        return self.design.end

    @property
    def blind(self) -> bool:
        """True while the person must not learn which periods are magnesium.

        Until then no result, chart or stored phase may give the allocation away. A
        trial extended by a sealed pair after unblinding is blind again until that
        pair is revealed too.
        """
        return self.design.kind == "blinded" and (not self.unblinded or self.design.sealed)

    def finished_on(self, today: dt.date) -> bool:
        """True once the last night is over (``today`` is the day after it or later)."""
        return today > self.design.end

    def can_unblind(self, today: dt.date) -> bool:
        """Unblinding is allowed only in a blinded trial, once, after the last night."""
        return self.blind and self.finished_on(today)

    def reveal(self, today: dt.date, allocation: Allocation | None = None) -> Design:
        """The design with its allocation, once :meth:`can_unblind` allows it.

        A sealed design needs the sealed record's ``allocation``, which is
        checked pair by pair against the seal. Raises :class:`UnblindingError`
        before the last night is over, :class:`DesignError` for a trial without
        an allocation, and :class:`~krampe.domain.trial.design.BrokenSealError`
        for a stored allocation that does not match the commitment (or, in a
        design file, its seed).
        """
        if self.design.kind != "blinded":
            raise DesignError("only the blinded design has an allocation to reveal")
        if self.blind and not self.finished_on(today):
            raise UnblindingError(
                f"the trial is not over yet: unblinding waits for the last night "
                f"({self.design.end.isoformat()})"
            )
        if self.design.seal is None:
            unblind(self.design)  # a design file: checked against its seed
            return self.design
        if allocation is None:
            raise DesignError("the sealed allocation is needed to unblind this trial")
        return reveal_design(self.design, allocation)

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
