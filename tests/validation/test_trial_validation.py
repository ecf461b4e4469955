"""Calibration of the trial analysis on simulated blinded trials (slow)."""

import pytest

from krampe.domain.trial.validation import calibrate

pytestmark = pytest.mark.slow


def test_blinded_intervals_cover_and_null_rarely_calls_responder():
    rows = [calibrate(ratio, 500, seed=100 + i) for i, ratio in enumerate((1.0, 0.75, 0.5))]
    covered = sum(r.coverage * r.trials for r in rows)
    total = sum(r.trials for r in rows)
    assert total >= 1000
    assert 0.92 <= covered / total <= 0.98
    null = rows[0]
    assert null.verdicts.get("responder", 0.0) <= 0.05
    for row in rows:  # each true ratio on its own, with room for simulation noise
        assert 0.90 <= row.coverage <= 0.99
