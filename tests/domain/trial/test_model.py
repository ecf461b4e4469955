"""The latent AR(1) engine against exact answers and the behaviour it must have."""

import numpy as np
import pytest
from scipy.special import gammaln

import krampe.domain.trial.latent as latent
from krampe.domain.trial.latent import LatentPriors, latent_posterior, series

# With the latent SD and the night CV held near zero the model is Poisson with
# normal priors on alpha and beta: a two-dimensional integral done by brute force.
POISSON = LatentPriors(rho_grid=(0.5,), sigma_grid=(1e-3,), night_cv_grid=(1e-3,))


def _brute_force(counts, treated, priors):
    y = np.asarray(counts, dtype=float)
    x = np.asarray(treated, dtype=float)
    seen = ~np.isnan(y)
    y, x = y[seen], x[seen]
    alpha = np.linspace(-6, 4, 1201)[:, None]
    beta = np.linspace(-6, 6, 1441)[None, :]
    lam_c, lam_t = np.exp(alpha), np.exp(alpha + beta)
    yc, nc = y[x == 0].sum(), (x == 0).sum()
    yt, nt = y[x == 1].sum(), (x == 1).sum()
    log_post = (
        yc * alpha - nc * lam_c + yt * (alpha + beta) - nt * lam_t
        - 0.5 * ((alpha - priors.log_rate_mean) / priors.log_rate_sd) ** 2
        - 0.5 * (beta / priors.log_ratio_sd) ** 2
    )  # fmt: skip
    dens = np.exp(log_post - log_post.max()).sum(axis=0)
    dens /= dens.sum()
    return beta[0], np.cumsum(dens)


@pytest.mark.parametrize(
    ("control", "treated"),
    [([2, 1, 3, 0, 2, 1, 2] * 3, [1, 0, 1, 0, 0, 1, 0] * 3), ([0, 1, 0, 0] * 5, [0] * 18 + [1, 0])],
)
def test_poisson_limit_matches_brute_force_quadrature(control, treated):
    counts = control + treated
    flags = [0] * len(control) + [1] * len(treated)
    post = latent_posterior(series(counts, flags, trend=False), POISSON)
    grid, cdf = _brute_force(counts, flags, POISSON)
    for ratio in (0.3, 0.5, 0.75, 1.0, 1.5):
        exact = float(np.interp(np.log(ratio), grid, cdf))
        assert post.prob_ratio_below(ratio) == pytest.approx(exact, abs=0.01)


def test_clustered_nights_widen_the_interval():
    calm = [1] * 21 + [1] * 21
    spells = [0] * 7 + [3] * 7 + [0] * 7 + [0] * 7 + [3] * 7 + [0] * 7
    flags = [0] * 21 + [1] * 21
    width = {}
    for name, counts in (("calm", calm), ("spells", spells)):
        low, high = latent_posterior(series(counts, flags, trend=False)).interval()
        width[name] = np.log(high / low)
    assert width["spells"] > 1.3 * width["calm"]


def test_a_clear_drop_gives_a_high_probability_of_fewer_cramps():
    counts = [2, 3, 2, 2, 3, 2, 2] * 4 + [0, 1, 0, 0, 1, 0, 0] * 4
    post = latent_posterior(series(counts, [0] * 28 + [1] * 28, trend=False))
    assert post.prob_ratio_below(1.0) > 0.99
    assert 0.1 < post.median < 0.4


def test_chunking_for_long_diaries_gives_the_same_answer(monkeypatch):
    rng = np.random.default_rng(4)
    counts = rng.poisson(1.0, 120).astype(float)
    counts[::9] = np.nan
    flags = np.repeat([0, 1, 0, 1], 30)
    data = series(counts, flags, trend=True)
    whole = latent_posterior(data)
    monkeypatch.setattr(latent, "_CHUNK_FLOATS", 5000)  # a few grid points at a time
    pieces = latent_posterior(data)
    assert pieces.median == pytest.approx(whole.median, rel=1e-9)
    assert pieces.prob_ratio_below(0.5) == pytest.approx(whole.prob_ratio_below(0.5), abs=1e-9)


def test_a_side_without_counted_nights_is_refused():
    with pytest.raises(ValueError, match="both sides"):
        series([1.0, float("nan")], [0, 1], trend=False)


@pytest.mark.parametrize("shape", [0.3, 2.0, 25.0])
@pytest.mark.parametrize("mean", [0.05, 1.5, 6.0])
def test_the_evidence_uses_the_whole_negative_binomial_density(shape, mean):
    # The model's own density (less log y!, constant in the parameters) against scipy's.
    from scipy.stats import nbinom

    y = np.arange(0.0, 15.0)
    k, mu = np.full_like(y, shape), np.full_like(y, mean)
    ours = latent.nb_log_density(y, k, np.log(mu), mu) - gammaln(y + 1)
    assert ours == pytest.approx(nbinom.logpmf(y, shape, shape / (shape + mean)), rel=1e-10)


def test_each_period_has_its_own_chain_so_gaps_between_periods_do_not_matter():
    rng = np.random.default_rng(8)
    periods = [rng.poisson(lam, 7).astype(float) for lam in (2.0, 1.0, 2.5, 0.8)]
    flags = [0, 1, 0, 1]

    def build(gap):
        counts, treated, starts = [], [], []
        for block, flag in zip(periods, flags, strict=True):
            counts += [np.nan] * gap + list(block)
            treated += [flag] * (gap + 7)
            starts += [True] + [False] * (gap + 6)
        return series(counts, treated, trend=False, starts=starts)

    near, far = latent_posterior(build(1)), latent_posterior(build(9))
    assert near.prob_ratio_below(1.0) == pytest.approx(far.prob_ratio_below(1.0), abs=1e-6)
    assert near.median == pytest.approx(far.median, rel=1e-6)
