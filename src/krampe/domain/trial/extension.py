"""Adding a pair of periods to a blinded trial that ended without an answer.

The rule is fixed before the trial starts, so repeated looks stay honest:

* only a blinded trial, only after its last period has ended, and only when
  the verdict on all its pairs is ``inconclusive``;
* one pair at a time, up to :data:`~krampe.domain.trial.verdict.MAX_PAIRS`;
* the new pair's order is drawn from the same seed (so the allocation of the
  earlier pairs does not change), and its periods follow the last one
  directly, with the same run-in and length;
* the analysis after the new pair needs a higher certainty for a positive
  verdict (:data:`~krampe.domain.trial.verdict.CERTAINTY_BY_PAIRS`), which
  keeps the chance of a false "it works" over all looks at most 5 %.

The design records every extension (pair number, date, the probability that
allowed it), and :func:`krampe.domain.trial.design.design_from_dict` checks
the record against the periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from krampe.domain.trial.analysis import TrialResult
from krampe.domain.trial.design import Design, DesignError, Extension, blinded_design
from krampe.domain.trial.verdict import MAX_PAIRS

# Why an extension is or is not allowed; the shells render these codes.
EXTENSION_REASONS: tuple[str, ...] = (
    "allowed",
    "not_blinded",
    "not_finished",
    "not_inconclusive",
    "at_maximum",
)

_MESSAGES = {
    "not_blinded": "only a blinded trial can be extended",
    "not_finished": "the trial has not ended yet; a pair can be added after its last night ({end})",
    "not_inconclusive": "a pair can be added only when the verdict is inconclusive, not {verdict}",
    "at_maximum": f"the trial already has {MAX_PAIRS} pairs, the most allowed",
}


@dataclass(frozen=True, slots=True)
class ExtensionCheck:
    """Whether a pair may be added now, with the reason as a code and its values."""

    allowed: bool
    reason: str
    pairs: int
    max_pairs: int
    new_end: dt.date | None  # last night of the trial if a pair is added

    def message(self, design: Design, verdict: str) -> str:
        """The reason in English (for errors; the shells render ``reason``)."""
        return _MESSAGES.get(self.reason, "").format(end=design.end.isoformat(), verdict=verdict)


def extension_check(design: Design, result: TrialResult, today: dt.date) -> ExtensionCheck:
    """May ``design`` get one more pair now, given the analysis of all its nights?"""
    pairs = design.pairs
    period = design.periods[-1].nights if design.periods else 0
    new_end = design.end + dt.timedelta(days=2 * period) if design.kind == "blinded" else None
    if design.kind != "blinded":
        reason = "not_blinded"
    elif today <= design.end:
        reason = "not_finished"
    elif pairs >= MAX_PAIRS:
        reason = "at_maximum"
    elif result.verdict != "inconclusive":
        reason = "not_inconclusive"
    else:
        reason = "allowed"
    return ExtensionCheck(reason == "allowed", reason, pairs, MAX_PAIRS, new_end)


def extend_design(design: Design, result: TrialResult, today: dt.date) -> Design:
    """The design with one more pair, recording the extension; DesignError if not allowed."""
    check = extension_check(design, result, today)
    if not check.allowed:
        raise DesignError(check.message(design, result.verdict))
    assert design.seed is not None  # a blinded design always has one
    last = design.periods[-1]
    longer = blinded_design(
        design.start,
        design.seed,
        pairs=design.pairs + 1,
        period_nights=last.nights,
        run_in_nights=design.run_in_nights,
        planned_pairs=int(design.params.get("planned_pairs", design.pairs)),
    )
    if longer.periods[: len(design.periods)] != design.periods:
        raise DesignError("the stored periods do not follow the design's own plan")
    record = Extension(design.pairs + 1, today, result.p_any_reduction)
    return replace(longer, extensions=(*design.extensions, record))
