"""Calibration of the trial analysis on simulated trials (slow, smaller grid than the docs).

docs/trial-validation.md holds the full grid. Here a few scenarios with fixed
seeds; every band is the goal widened by 2.5 Monte Carlo standard errors for
the number of trials used, so the test fails when the method drifts, not by
bad luck (about 1 % of the time per band at most).
"""

import math

import pytest

from krampe.domain.trial.validation import simulate_looks, summarize

pytestmark = pytest.mark.slow

NULL_TRIALS = 100
HALF_TRIALS = 60


def _band(p: float, n: int) -> float:
    return 2.5 * math.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("scenario", ["default"])
def test_blinded_trials_cover_and_rarely_call_a_null_effect_positive(scenario):
    null = simulate_looks(scenario, "blinded", 1.0, 0, NULL_TRIALS)
    half = simulate_looks(scenario, "blinded", 0.5, 0, HALF_TRIALS)
    for extend in (False, True):
        at_null = summarize(null, 1.0, extend)
        at_half = summarize(half, 0.5, extend)
        pooled = (at_null.coverage * NULL_TRIALS + at_half.coverage * HALF_TRIALS) / (
            NULL_TRIALS + HALF_TRIALS
        )
        margin = _band(0.95, NULL_TRIALS + HALF_TRIALS)
        assert 0.93 - margin <= pooled <= 0.97 + margin, (scenario, extend, pooled)
        assert at_null.positive <= 0.05 + _band(0.05, NULL_TRIALS), (scenario, extend)
    # extensions may only add positive verdicts at a real effect
    extended = summarize(half, 0.5, True).positive
    assert extended >= summarize(half, 0.5, False).positive
    if scenario == "default":  # the power goal: a true halving found at least 60 % of the time
        assert extended >= 0.60 - _band(0.60, HALF_TRIALS), extended


def test_open_label_is_never_positive_even_with_a_real_effect():
    for ratio in (1.0, 0.3):
        trials = simulate_looks("default", "open", ratio, 0, 40)
        assert summarize(trials, ratio, False).positive == 0.0
