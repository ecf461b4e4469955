"""Adding a pair of periods to a blinded trial whose pairs so far gave no clear answer.

The rule is fixed before the trial starts, so repeated looks stay honest:

* only a blinded trial, only after its last period has ended, one pair at a
  time, up to :data:`~krampe.domain.trial.verdict.MAX_PAIRS`;
* only while the trial is still blind. The look that decides is made by
  Krampe before unblinding (:func:`extension_check`): it analyses the pairs so
  far with the allocation (for a sealed trial, the sealed record, checked
  against the seal) and tells the person only whether a pair may be added,
  never the estimate, the verdict or which jar held what. After unblinding no
  pair is added: the person then knows what magnesium capsules and placebo
  capsules were like (loose stools, taste, a good or bad spell), so the jars
  of an added pair would no longer be blind, and the result seen would colour
  the nights logged after it;
* a pair is added only when that look is ``inconclusive``;
* nothing is drawn at the extension: a sealed trial takes its next pair from
  the sealed record (every pair up to the maximum was drawn and hashed at the
  start, :func:`~krampe.domain.trial.design.add_sealed_pair`); a design file
  takes the next pair of the reserve drawn with its planned pairs
  (:func:`~krampe.domain.trial.design.add_reserve_pair`);
* the analysis after an added pair needs a higher certainty for a positive
  verdict (:data:`~krampe.domain.trial.verdict.CERTAINTY_BY_PAIRS`), which
  keeps the chance of a false "it works" over all looks at about 5 %.

The design records every extension (pair number, date), and
:func:`krampe.domain.trial.design.design_from_dict` checks the record against
the periods. The look's probabilities are not recorded: while the trial is
blind they would tell the person which way the nights lean, and after
unblinding the look can be repeated from the diary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import (
    Design,
    DesignError,
    add_reserve_pair,
    add_sealed_pair,
    reveal_design,
)
from krampe.domain.trial.diary import Night
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.sealing import Allocation
from krampe.domain.trial.verdict import CERTAINTY_BY_PAIRS, MAX_PAIRS, Thresholds

# The added pair starts tonight at the earliest (a night before the helper filled
# its jars cannot have been magnesium or placebo) and at most this many days ahead.
EXTENSION_START_DAYS = 14

# Why an extension is or is not allowed; the shells render these codes.
EXTENSION_REASONS: tuple[str, ...] = (
    "allowed",
    "not_blinded",
    "unblinded",
    "not_finished",
    "at_maximum",
    "no_reserve",
    "not_inconclusive",
    "too_few_nights",
)

_MESSAGES = {
    "not_blinded": "only a blinded trial can be extended",
    "unblinded": "the trial has been unblinded; a pair added now would not be blind",
    "not_finished": "the trial has not ended yet; a pair can be added after its last night ({end})",
    "at_maximum": f"the trial already has {MAX_PAIRS} pairs, the most allowed",
    "no_reserve": "this design file has no reserve pairs drawn at its start; it cannot be extended",
    "not_inconclusive": "the pairs so far give a clear answer, so no pair is added; "
    "unblind the trial to see it",
    "too_few_nights": "too few nights were logged in the pairs so far for the look that "
    "decides on another pair, so no pair is added; unblind the trial to see what they show",
}


def latest_extension_start(today: dt.date) -> dt.date:
    """The last night an added pair may begin on: the helper gets up to
    :data:`EXTENSION_START_DAYS` days to fill the jars."""
    return today + dt.timedelta(days=EXTENSION_START_DAYS)


class ExtensionError(DesignError):
    """An extension that the rule does not allow now; ``reason`` is its code."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ExtensionCheck:
    """Whether a pair may be added now, with the reason as a code and the values
    the shells explain the rule with. Safe to show while the trial is blind."""

    allowed: bool
    reason: str
    pairs: int  # pairs so far
    max_pairs: int
    period_nights: int  # nights of each period of an added pair
    first_night: dt.date | None  # the added pair's first night unless another is chosen
    new_end: dt.date | None  # last night of the trial if a pair is added from first_night
    certainty_next: float | None  # P(any reduction) a positive verdict needs then

    def message(self, design: Design) -> str:
        """The reason in English (for errors; the shells render ``reason``)."""
        return _MESSAGES.get(self.reason, "").format(end=design.end.isoformat())


def _check(trial: RunningTrial, today: dt.date, reason: str | None = None) -> ExtensionCheck:
    design = trial.design
    pairs = design.pairs
    period = design.periods[-1].nights if design.periods else 0
    blinded = design.kind == "blinded"
    if reason is None:
        reason = _rule_reason(trial, today)
    allowed = reason == "allowed"
    first = max(design.end + dt.timedelta(days=1), today) if blinded else None
    return ExtensionCheck(
        allowed=allowed,
        reason=reason,
        pairs=pairs,
        max_pairs=MAX_PAIRS,
        period_nights=period,
        first_night=first,
        new_end=None if first is None else first + dt.timedelta(days=2 * period - 1),
        certainty_next=CERTAINTY_BY_PAIRS.get(pairs + 1) if blinded else None,
    )


def _rule_reason(trial: RunningTrial, today: dt.date) -> str:
    """The reason a pair cannot be added whatever the nights say, or 'allowed'."""
    design = trial.design
    if design.kind != "blinded":
        return "not_blinded"
    if trial.unblinded or (design.seal is not None and design.seal.revealed):
        return "unblinded"
    if not trial.finished_on(today):
        return "not_finished"
    if design.pairs >= MAX_PAIRS:
        return "at_maximum"
    if design.seal is None and not design.reserve:
        return "no_reserve"
    return "allowed"


def extension_check(
    trial: RunningTrial,
    nights: Sequence[Night],
    today: dt.date,
    allocation: Allocation | None = None,
    thresholds: Thresholds | None = None,
) -> ExtensionCheck:
    """May ``trial`` get one more pair now? The blind look.

    The rules that do not depend on the nights are checked first. Then the
    pairs so far are analysed with the allocation (a sealed trial needs the
    sealed record's ``allocation``, checked pair by pair against the seal:
    :class:`~krampe.domain.trial.design.BrokenSealError` if it was changed), and
    a pair is allowed only when that analysis is ``inconclusive``. Only the
    answer is returned: nothing of the analysis, so it may be shown while the
    trial is blind.
    """
    check = _check(trial, today)
    if not check.allowed:
        return check
    design = trial.design
    if design.seal is not None:
        if allocation is None:
            raise DesignError("the sealed allocation is needed for the look at a sealed trial")
        design = reveal_design(design, allocation)
    result = analyze_nights(nights, design, thresholds or Thresholds())
    if result.verdict == "inconclusive":
        return check
    if result.verdict == "insufficient_data":  # no answer either way: never called clear
        return _check(trial, today, "too_few_nights")
    return _check(trial, today, "not_inconclusive")


def extend_design(
    trial: RunningTrial,
    nights: Sequence[Night],
    today: dt.date,
    allocation: Allocation | None = None,
    thresholds: Thresholds | None = None,
    first_night: dt.date | None = None,
) -> Design:
    """The trial's design with one more pair, recording the extension.

    The pair begins on ``first_night`` (default tonight, or the night after the
    last period if that is later), from tonight up to
    :data:`EXTENSION_START_DAYS` days ahead. Raises :class:`ExtensionError`
    (with the reason code) when :func:`extension_check` does not allow it, and
    :class:`~krampe.domain.trial.design.DesignError` naming ``start`` for a
    first night outside that window. The earlier periods stay as they were: a
    sealed trial's added pair is sealed, a design file's comes from its reserve.
    """
    check = extension_check(trial, nights, today, allocation, thresholds)
    if not check.allowed:
        raise ExtensionError(check.message(trial.design), check.reason)
    first = check.first_night if first_night is None else first_night
    latest = latest_extension_start(today)
    if first is None or not today <= first <= latest:
        raise DesignError(
            f"start: the added pair begins between tonight ({today.isoformat()}) and "
            f"{latest.isoformat()}, not on {first}"
        )
    design = trial.design
    if design.seal is not None:
        return add_sealed_pair(design, first, added_on=today)
    return add_reserve_pair(design, first, added_on=today)
