"""The verdict: one code from the posterior, with documented thresholds.

Rules, checked in this order (defaults in :class:`Thresholds`):

1. ``insufficient_data``: fewer than ``min_nights`` counted nights on either side.
2. Fewer cramps, almost surely: P(any reduction) >= the certainty for this look.

   * Against placebo (blinded): ``responder`` when P(reduction >= threshold)
     >= ``responder_prob`` too, else ``benefit_below_threshold``.
   * Against the nights before (open-label): ``improved_cause_unknown``. Cramps
     fell, but placebo response, regression to the mean or a natural change
     explain a fall as well as magnesium does; only a comparison against
     placebo can say more. Open-label never gives ``responder``.

3. ``no_meaningful_effect``: P(reduction >= ``meaningful``) <= ``rule_out``, a
   reduction worth having is ruled out.
4. ``inconclusive``: anything else; more nights would help.

A blinded trial that ends ``inconclusive`` after its planned pairs may add
pairs, one at a time, up to :data:`MAX_PAIRS`. Every such look is a new chance
of a false "it works", so the certainty a positive verdict needs grows with the
number of pairs analysed (:data:`CERTAINTY_BY_PAIRS`); the schedule was chosen
by simulation so that, over all looks together, a trial of a capsule that does
nothing ends positive at most 5 % of the time (docs/trial-validation.md).

The responder threshold (default 50 %) and the meaningful reduction (default
25 %) are product choices, not figures from a study; both are configurable.
"""

from __future__ import annotations

from dataclasses import dataclass

from krampe.domain.vocab import VERDICTS, Verdict

__all__ = [
    "CERTAINTY_BY_PAIRS",
    "CLEAR_VERDICTS",
    "MAX_PAIRS",
    "PLANNED_PAIRS",
    "POSITIVE_VERDICTS",
    "VERDICTS",
    "Thresholds",
    "certainty_for",
    "decide",
]

# A verdict that says magnesium (or stretching) helps: only from a placebo comparison.
POSITIVE_VERDICTS: frozenset[Verdict] = frozenset({"responder", "benefit_below_threshold"})
CLEAR_VERDICTS: frozenset[Verdict] = frozenset({"responder", "no_meaningful_effect"})

# The blinded design: planned pairs, and the most a person may extend it to.
PLANNED_PAIRS = 3
MAX_PAIRS = 5
# P(any reduction) a positive verdict needs, by the number of pairs analysed.
CERTAINTY_BY_PAIRS: dict[int, float] = {3: 0.975, 4: 0.98, 5: 0.985}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Verdict thresholds. Reductions are fractions (0.5 = 50 % fewer cramps)."""

    threshold: float = 0.5  # responder: at least this reduction
    meaningful: float = 0.25  # smallest reduction worth having
    min_nights: int = 14  # counted nights needed on each side
    certain: float = 0.95  # P(any reduction) for "fewer cramps" in open-label comparisons
    responder_prob: float = 0.5  # P(reduction >= threshold) needed for responder
    rule_out: float = 0.10  # P(reduction >= meaningful) at most this: no effect

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {self.threshold}")
        if not 0.0 < self.meaningful < 1.0:
            raise ValueError(f"meaningful must be between 0 and 1, got {self.meaningful}")
        if self.min_nights < 1:
            raise ValueError(f"min_nights must be at least 1, got {self.min_nights}")


def certainty_for(pairs: int | None, thresholds: Thresholds) -> float:
    """P(any reduction) a positive verdict needs after ``pairs`` pairs (None: open-label).

    Fewer pairs than planned (an analysis before the end) use the first look's
    value; the schedule never relaxes below the open-label ``certain``.
    """
    if pairs is None:
        return thresholds.certain
    first = min(CERTAINTY_BY_PAIRS)
    value = CERTAINTY_BY_PAIRS.get(max(pairs, first), CERTAINTY_BY_PAIRS[max(CERTAINTY_BY_PAIRS)])
    return max(value, thresholds.certain)


def decide(
    control_nights: int,
    treated_nights: int,
    p_any_reduction: float | None,
    p_responder: float | None,
    p_meaningful: float | None,
    thresholds: Thresholds,
    *,
    placebo_controlled: bool = True,
    pairs: int | None = None,
) -> Verdict:
    """Return the verdict code for one analysed trial.

    ``placebo_controlled`` is False for a before/after comparison; ``pairs`` is
    the number of blinded pairs analysed (it sets the certainty needed).
    """
    if (
        min(control_nights, treated_nights) < thresholds.min_nights
        or p_any_reduction is None
        or p_responder is None
        or p_meaningful is None
    ):
        return "insufficient_data"
    certain = certainty_for(pairs if placebo_controlled else None, thresholds)
    if p_any_reduction >= certain:
        if not placebo_controlled:
            return "improved_cause_unknown"
        if p_responder >= thresholds.responder_prob:
            return "responder"
        return "benefit_below_threshold"
    if p_meaningful <= thresholds.rule_out:
        return "no_meaningful_effect"
    return "inconclusive"
