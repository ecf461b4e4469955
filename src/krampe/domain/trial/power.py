"""Planning: how likely is each design to reach a clear verdict?

By simulation: many diaries are drawn from :mod:`krampe.domain.trial.simulate`
at a given baseline rate and true reduction, each is analysed exactly as a real
diary would be, and the share of clear verdicts (responder or
no_meaningful_effect) is reported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import build_design
from krampe.domain.trial.simulate import SimulationSettings, simulate_trials, trial_nights
from krampe.domain.trial.verdict import CLEAR_VERDICTS, Thresholds
from krampe.domain.vocab import TrialKind

DEFAULT_REDUCTIONS: tuple[float, ...] = (0.0, 0.25, 0.5)


@dataclass(frozen=True, slots=True)
class PlanRow:
    """Share of simulated trials per verdict, for one design and true reduction."""

    design: TrialKind
    true_reduction: float
    trials: int
    verdicts: dict[str, float]

    @property
    def clear(self) -> float:
        """Share of trials ending with responder or no_meaningful_effect."""
        return sum(share for code, share in self.verdicts.items() if code in CLEAR_VERDICTS)


def plan(
    designs: Sequence[TrialKind] = ("open", "blinded"),
    baseline_rate: float = 1.2,
    reductions: Sequence[float] = DEFAULT_REDUCTIONS,
    trials: int = 200,
    seed: int = 0,
    thresholds: Thresholds | None = None,
    settings: SimulationSettings | None = None,
) -> list[PlanRow]:
    """Simulate ``trials`` diaries per design and true reduction and tally verdicts.

    The open-label designs include the placebo response and regression to the
    mean the simulator builds in, so their share of "responder" at a true
    reduction of 0 shows how often a before/after comparison misleads.
    """
    if trials < 1:
        raise ValueError(f"trials must be at least 1, got {trials}")
    base = replace(settings or SimulationSettings(), baseline_rate=baseline_rate)
    rng = np.random.Generator(np.random.PCG64(seed))
    rows = []
    start = dt.date(2000, 1, 3)
    for kind in designs:
        for reduction in reductions:
            if not 0.0 <= reduction < 1.0:
                raise ValueError(f"a reduction must be from 0 up to 1, got {reduction}")
            tally: Counter[str] = Counter()
            # one fixed allocation per batch is enough: order only matters through
            # period effects, which the simulator spreads evenly over the pairs
            design = build_design(kind, start, seed=int(rng.integers(0, 2**31)))
            sim = simulate_trials(design, 1.0 - reduction, trials, rng, base)
            for index in range(trials):
                result = analyze_nights(trial_nights(sim, index), design, thresholds)
                tally[result.verdict] += 1
            rows.append(
                PlanRow(
                    design=kind,
                    true_reduction=reduction,
                    trials=trials,
                    verdicts={code: count / trials for code, count in sorted(tally.items())},
                )
            )
    return rows
