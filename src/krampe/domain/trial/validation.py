"""Calibration checks of the analysis on simulated blinded trials.

Used by the slow validation test and by ``bench/trial_validation.py``, which
writes the table in docs/trial-validation.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import blinded_design
from krampe.domain.trial.simulate import SimulationSettings, simulate_trials, trial_nights


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    """Results of many simulated blinded trials at one true rate ratio."""

    true_ratio: float
    trials: int
    coverage: float  # share of 95 % intervals holding the true ratio
    verdicts: dict[str, float]
    median_width: float  # median ratio high/low of the 95 % interval


def calibrate(
    true_ratio: float,
    trials: int,
    seed: int,
    settings: SimulationSettings | None = None,
    batch: int = 50,
) -> CalibrationRow:
    """Simulate ``trials`` blinded trials (own random order each) and analyse each."""
    rng = np.random.Generator(np.random.PCG64(seed))
    covered = 0
    widths = []
    tally: Counter[str] = Counter()
    done = 0
    while done < trials:
        design = blinded_design(dt.date(2025, 1, 6), seed=int(rng.integers(0, 2**31)))
        size = min(batch, trials - done)
        sim = simulate_trials(design, true_ratio, size, rng, settings)
        for index in range(size):
            result = analyze_nights(trial_nights(sim, index), design)
            assert result.rate_ratio is not None
            _, low, high = result.rate_ratio
            covered += low <= true_ratio <= high
            widths.append(high / low)
            tally[result.verdict] += 1
        done += size
    return CalibrationRow(
        true_ratio=true_ratio,
        trials=trials,
        coverage=covered / trials,
        verdicts={code: count / trials for code, count in sorted(tally.items())},
        median_width=float(np.median(widths)),
    )
