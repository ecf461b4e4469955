"""Planning: how likely is each design to give the right answer?

By simulation: many diaries are drawn from :mod:`krampe.domain.trial.simulate`
at a given baseline rate and true reduction, each blinded trial with its own
random order, and each is analysed exactly as a real diary would be. Reported
per design and true reduction:

* the share of each verdict;
* the share of *correct* verdicts: a positive verdict (``responder`` or
  ``benefit_below_threshold``) when there is a real reduction,
  ``no_meaningful_effect`` when there is none. Open-label designs never give
  a positive verdict, so their correct share with a real effect is 0;
* for the blinded design, the same after adding pairs while the verdict is
  ``inconclusive`` (up to :data:`~krampe.domain.trial.verdict.MAX_PAIRS`).

Two scenarios: ``expected`` (the simulator's defaults) and ``pessimistic``
(an effect that lingers 10 nights past the run-in, quiet nights left
unlogged more often, and large week-to-week swings), because real diaries
can be worse than the defaults and power then falls by a factor of 2 or more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from krampe.domain.trial.simulate import SimulationSettings
from krampe.domain.trial.validation import trial_looks, verdict_of
from krampe.domain.trial.verdict import CLEAR_VERDICTS, POSITIVE_VERDICTS, Thresholds
from krampe.domain.vocab import TrialKind

DEFAULT_REDUCTIONS: tuple[float, ...] = (0.0, 0.25, 0.5)
SCENARIOS: tuple[str, ...] = ("expected", "pessimistic")


def scenario_settings(name: str, base: SimulationSettings) -> SimulationSettings:
    """The simulator settings of a planning scenario."""
    if name == "expected":
        return base
    if name == "pessimistic":
        return replace(
            base, carry_over_nights=10, missing_if_none=0.25, missing_if_cramps=0.05, weekly_cv=0.7
        )
    raise ValueError(f"scenario '{name}' is not one of {', '.join(SCENARIOS)}")


@dataclass(frozen=True, slots=True)
class PlanRow:
    """Share of simulated trials per verdict, for one design, scenario and true reduction."""

    design: TrialKind
    true_reduction: float
    trials: int
    verdicts: dict[str, float]
    scenario: str = "expected"
    verdicts_extended: dict[str, float] | None = None  # blinded, with added pairs

    @property
    def clear(self) -> float:
        """Share of trials ending with responder or no_meaningful_effect."""
        return sum(share for code, share in self.verdicts.items() if code in CLEAR_VERDICTS)

    @property
    def correct(self) -> float:
        """Share of right answers: positive with a real effect, no effect without."""
        return _correct(self.verdicts, self.true_reduction)

    @property
    def correct_extended(self) -> float | None:
        """The same with extensions (blinded only)."""
        if self.verdicts_extended is None:
            return None
        return _correct(self.verdicts_extended, self.true_reduction)


def _correct(verdicts: dict[str, float], reduction: float) -> float:
    if reduction > 0:
        return sum(share for code, share in verdicts.items() if code in POSITIVE_VERDICTS)
    return verdicts.get("no_meaningful_effect", 0.0)


def _shares(tally: Counter[str], trials: int) -> dict[str, float]:
    return {code: count / trials for code, count in sorted(tally.items())}


def plan(
    designs: Sequence[TrialKind] = ("open", "blinded"),
    baseline_rate: float = 1.2,
    reductions: Sequence[float] = DEFAULT_REDUCTIONS,
    trials: int = 200,
    seed: int = 0,
    thresholds: Thresholds | None = None,
    settings: SimulationSettings | None = None,
    scenarios: Sequence[str] = SCENARIOS,
) -> list[PlanRow]:
    """Simulate ``trials`` diaries per scenario, design and true reduction, and tally verdicts.

    The open-label designs include the placebo response and regression to the
    mean the simulator builds in; they can say only ``improved_cause_unknown``
    where a blinded trial would say ``responder``.
    """
    if trials < 1:
        raise ValueError(f"trials must be at least 1, got {trials}")
    thresholds = thresholds or Thresholds()
    base = replace(settings or SimulationSettings(), baseline_rate=baseline_rate)
    rng = np.random.Generator(np.random.PCG64(seed))
    rows = []
    for scenario in scenarios:
        chosen = scenario_settings(scenario, base)
        for kind in designs:
            for reduction in reductions:
                if not 0.0 <= reduction < 1.0:
                    raise ValueError(f"a reduction must be from 0 up to 1, got {reduction}")
                planned: Counter[str] = Counter()
                extended: Counter[str] = Counter()
                for _ in range(trials):
                    looks = trial_looks(chosen, kind, 1.0 - reduction, rng, thresholds)
                    planned[verdict_of(looks[0], thresholds)] += 1
                    extended[verdict_of(looks[-1], thresholds)] += 1
                rows.append(
                    PlanRow(
                        design=kind,
                        true_reduction=reduction,
                        trials=trials,
                        verdicts=_shares(planned, trials),
                        scenario=scenario,
                        verdicts_extended=_shares(extended, trials) if kind == "blinded" else None,
                    )
                )
    return rows
