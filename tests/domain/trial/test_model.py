import numpy as np
import pytest
from scipy import stats

from krampe.domain.trial.model import ratio_posterior


def _gamma_log_prior(a, b):
    # log density of log(lambda) when lambda ~ Gamma(a, rate b)
    return lambda x: a * x - b * np.exp(x)


@pytest.mark.parametrize(
    ("yc", "nc", "yt", "nt"),
    [
        ([9, 12], [7, 7], [4, 6, 3, 5, 7], [7, 7, 7, 6, 7]),
        ([0, 1, 0], [7, 7, 5], [2, 0], [7, 7]),
        ([40, 35, 52], [7, 7, 7], [20, 18, 25], [7, 7, 7]),
    ],
)
def test_poisson_limit_matches_the_closed_form_beta_prime(yc, nc, yt, nt):
    a, b = 0.5, 0.1
    post = ratio_posterior(
        yc,
        nc,
        yt,
        nt,
        overdispersion=False,
        log_prior_control=_gamma_log_prior(a, b),
        log_prior_treated=_gamma_log_prior(a, b),
        log_prior_ratio=np.zeros_like,
    )
    at, bt = a + sum(yt), b + sum(nt)
    ac, bc = a + sum(yc), b + sum(nc)
    scale = (at / bt) / (ac / bc)
    exact = stats.f(2 * at, 2 * ac)  # (rate ratio / scale) ~ F(2 at, 2 ac)
    for ratio in (0.3, 0.5, 0.8, 1.0, 1.5):
        assert post.prob_ratio_below(ratio) == pytest.approx(exact.cdf(ratio / scale), abs=2e-3)
    assert post.median == pytest.approx(exact.ppf(0.5) * scale, rel=5e-3)
    low, high = post.interval()
    assert low == pytest.approx(exact.ppf(0.025) * scale, rel=1e-2)
    assert high == pytest.approx(exact.ppf(0.975) * scale, rel=1e-2)


def test_overdispersion_widens_the_interval():
    args = ([20, 5, 14], [7, 7, 7], [6, 15, 2], [7, 7, 7])
    poisson = ratio_posterior(*args, overdispersion=False)
    week_effect = ratio_posterior(*args)
    p_low, p_high = poisson.interval()
    w_low, w_high = week_effect.interval()
    assert np.log(w_high / w_low) > 1.3 * np.log(p_high / p_low)


def test_clear_drop_gives_high_probability_of_reduction():
    post = ratio_posterior([14, 15, 13, 16], [7] * 4, [3, 4, 2, 3], [7] * 4)
    assert post.prob_ratio_below(1.0) > 0.99
    assert 0.15 < post.median < 0.35


def test_a_side_without_nights_is_refused():
    with pytest.raises(ValueError, match="both sides"):
        ratio_posterior([], [], [1], [7])
