"""The verdict: one code from the posterior, with documented thresholds.

Rules, checked in this order (defaults in :class:`Thresholds`):

1. ``insufficient_data``: fewer than ``min_nights`` counted nights on either side.
2. ``responder``: P(any reduction) >= ``certain`` and P(reduction >= threshold)
   >= ``responder_prob`` (the posterior median reduction reaches the threshold).
3. ``benefit_below_threshold``: P(any reduction) >= ``certain``, but the
   reduction most likely falls short of the threshold.
4. ``no_meaningful_effect``: P(reduction >= ``meaningful``) <= ``rule_out``, a
   reduction worth having is ruled out.
5. ``inconclusive``: anything else; more nights would help.

The responder threshold (default 50 %) and the meaningful reduction (default
25 %) are product choices, not figures from a study; both are configurable.
"""

from __future__ import annotations

from dataclasses import dataclass

from krampe.domain.vocab import VERDICTS, Verdict

__all__ = ["CLEAR_VERDICTS", "MAX_PAIRS", "PLANNED_PAIRS", "VERDICTS", "Thresholds", "decide"]

CLEAR_VERDICTS: frozenset[Verdict] = frozenset({"responder", "no_meaningful_effect"})

# The blinded design: planned pairs, and the most a person may extend it to.
PLANNED_PAIRS = 3
MAX_PAIRS = 5


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Verdict thresholds. Reductions are fractions (0.5 = 50 % fewer cramps)."""

    threshold: float = 0.5  # responder: at least this reduction
    meaningful: float = 0.25  # smallest reduction worth having
    min_nights: int = 14  # counted nights needed on each side
    certain: float = 0.95  # P(any reduction) needed to call a benefit
    responder_prob: float = 0.5  # P(reduction >= threshold) needed for responder
    rule_out: float = 0.10  # P(reduction >= meaningful) at most this: no effect

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {self.threshold}")
        if not 0.0 < self.meaningful < 1.0:
            raise ValueError(f"meaningful must be between 0 and 1, got {self.meaningful}")
        if self.min_nights < 1:
            raise ValueError(f"min_nights must be at least 1, got {self.min_nights}")


def decide(
    control_nights: int,
    treated_nights: int,
    p_any_reduction: float | None,
    p_responder: float | None,
    p_meaningful: float | None,
    thresholds: Thresholds,
) -> Verdict:
    """Return the verdict code for one analysed trial."""
    if (
        min(control_nights, treated_nights) < thresholds.min_nights
        or p_any_reduction is None
        or p_responder is None
        or p_meaningful is None
    ):
        return "insufficient_data"
    if p_any_reduction >= thresholds.certain:
        if p_responder >= thresholds.responder_prob:
            return "responder"
        return "benefit_below_threshold"
    if p_meaningful <= thresholds.rule_out:
        return "no_meaningful_effect"
    return "inconclusive"
