import datetime as dt

import numpy as np

from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.simulate import simulate_diary, simulate_trials

START = dt.date(2025, 1, 6)


def _counts(sim, phase):
    cols = [i for i, p in enumerate(sim.phases) if p == phase]
    block = sim.cramps[:, cols]
    return block[block >= 0]


def test_same_seed_same_diary():
    design = open_label_design(START)
    assert simulate_diary(design, 0.7, seed=3) == simulate_diary(design, 0.7, seed=3)
    assert simulate_diary(design, 0.7, seed=3) != simulate_diary(design, 0.7, seed=4)


def test_counts_are_overdispersed_and_autocorrelated():
    design = open_label_design(START)
    sim = simulate_trials(design, 1.0, 400, np.random.default_rng(1))
    base = _counts(sim, "baseline")
    assert base.var() > 1.3 * base.mean()
    x = sim.cramps[:, 30:55].astype(float)
    ok = (x[:, :-1] >= 0) & (x[:, 1:] >= 0)
    lag1 = np.corrcoef(x[:, :-1][ok], x[:, 1:][ok])[0, 1]
    assert lag1 > 0.07


def test_open_label_drops_after_baseline_even_without_a_real_effect():
    sim = simulate_trials(open_label_design(START), 1.0, 400, np.random.default_rng(2))
    drop = 1 - _counts(sim, "magnesium").mean() / _counts(sim, "baseline").mean()
    assert 0.25 < drop < 0.55  # placebo response plus regression to the mean


def test_blinded_placebo_and_magnesium_match_without_effect_and_differ_with_one():
    design = blinded_design(START, seed=4)
    rng = np.random.default_rng(3)
    null = simulate_trials(design, 1.0, 400, rng)
    ratio = _counts(null, "magnesium").mean() / _counts(null, "placebo").mean()
    assert 0.9 < ratio < 1.1
    half = simulate_trials(design, 0.5, 400, rng)
    ratio = _counts(half, "magnesium").mean() / _counts(half, "placebo").mean()
    assert 0.42 < ratio < 0.58


def test_loose_stools_more_often_on_magnesium_and_some_nights_missing():
    design = blinded_design(START, seed=4)
    sim = simulate_trials(design, 1.0, 300, np.random.default_rng(5))
    mg = np.array([p == "magnesium" for p in sim.phases])
    pl = np.array([p == "placebo" for p in sim.phases])
    assert (sim.side_effect[:, mg] == 1).mean() > 2 * (sim.side_effect[:, pl] == 1).mean()
    assert 0.01 < (sim.cramps < 0).mean() < 0.06
    cramps, pain = sim.cramps, sim.worst_pain
    assert np.all(pain[cramps > 0] >= 1) and np.all(pain[cramps == 0] == 0)
