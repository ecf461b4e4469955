"""The posterior of the rate ratio, by deterministic numerical integration.

Model (one person, two sides: control c and intervention t)::

    y_w | u_w ~ Poisson(n_w * exp(alpha + beta * x_w) * u_w)   per counted week w
    u_w ~ Gamma(shape 1/tau^2, rate 1/tau^2)                    week effect, mean 1, CV tau
    alpha ~ Normal(0, 2^2)        log nightly cramp rate on the control side
    beta  ~ Normal(0, 1^2)        log rate ratio (intervention / control)
    tau   ~ HalfNormal(0.5)       week-to-week coefficient of variation

``y_w`` is the number of cramps in a block of up to 7 consecutive counted
nights of one period, ``n_w`` the number of nights logged in it. Integrating
out ``u_w`` gives a negative binomial on the weekly sum, so nightly
overdispersion and the autocorrelation between nights of the same week are
absorbed by ``tau`` instead of being mistaken for information.

Integration: ``alpha`` and ``gamma = alpha + beta`` (log intervention rate) lie
on grids with a common step, so for every ``tau`` on its grid the density of
``beta = gamma - alpha`` on the difference grid is a discrete
cross-correlation of two one-dimensional arrays. The three-dimensional
integral costs a few thousand log-likelihood evaluations and no sampling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

FloatArray = npt.NDArray[np.float64]
LogPrior = Callable[[FloatArray], FloatArray]


@dataclass(frozen=True, slots=True)
class Priors:
    """Weakly informative priors; see docs/trial.md for what they mean."""

    log_rate_mean: float = 0.0  # one cramp a night, on the log scale
    log_rate_sd: float = 2.0  # rates from about 0.02 to 50 a night are plausible
    log_ratio_sd: float = 1.0  # a rate ratio between 0.14 and 7 with 95 % prior mass
    week_cv_scale: float = 0.5  # half-normal scale of the week-to-week CV (tau)
    week_cv_max: float = 2.0  # grid end; prior mass beyond it is below 1e-4
    week_cv_points: int = 41


@dataclass(frozen=True, slots=True)
class RatioPosterior:
    """Posterior of the log rate ratio on a regular grid (probability masses)."""

    log_ratio: FloatArray
    mass: FloatArray

    def cdf(self, log_ratio: float) -> float:
        """P(log rate ratio <= value), linear between grid points."""
        cumulative = np.cumsum(self.mass) - 0.5 * self.mass
        return float(np.clip(np.interp(log_ratio, self.log_ratio, cumulative), 0.0, 1.0))

    def prob_ratio_below(self, ratio: float) -> float:
        """P(rate ratio < ``ratio``)."""
        return self.cdf(float(np.log(ratio)))

    def quantile(self, q: float) -> float:
        """The ``q`` quantile of the rate ratio (not its logarithm)."""
        cumulative = np.cumsum(self.mass) - 0.5 * self.mass
        return float(np.exp(np.interp(q, cumulative, self.log_ratio)))

    @property
    def median(self) -> float:
        """Posterior median of the rate ratio."""
        return self.quantile(0.5)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """Equal-tailed credible interval of the rate ratio."""
        tail = (1.0 - level) / 2.0
        return self.quantile(tail), self.quantile(1.0 - tail)


def _normal_logpdf(mean: float, sd: float) -> LogPrior:
    def logpdf(x: FloatArray) -> FloatArray:
        z = (x - mean) / sd
        result: FloatArray = -0.5 * z * z
        return result

    return logpdf


def _flat(x: FloatArray) -> FloatArray:
    return np.zeros_like(x)


def _block_loglik(
    counts: FloatArray, nights: FloatArray, log_rate: FloatArray, taus: FloatArray
) -> FloatArray:
    """Sum over blocks of the week-effect (negative binomial) log-likelihood.

    Returns an array (len(taus), len(log_rate)). Terms that depend on neither
    the rate nor tau are dropped; they cancel in the posterior.
    """
    log_mean = log_rate[None, :, None] + np.log(nights)[None, None, :]  # (1, R, B)
    mean = np.exp(log_mean)
    y = counts[None, None, :]
    out = np.empty((taus.size, log_rate.size))
    poisson = taus == 0.0
    if poisson.any():
        out[poisson] = (y * log_mean - mean).sum(axis=2)
    nb_taus = taus[~poisson]
    if nb_taus.size:
        k = (1.0 / nb_taus**2)[:, None, None]  # (T, 1, 1)
        const = (gammaln(y + k) - gammaln(k)).sum(axis=2)  # (T, 1)
        log_k_plus_m = np.logaddexp(np.log(k), log_mean)  # (T, R, B)
        ll = k * (np.log(k) - log_k_plus_m) + y * (log_mean - log_k_plus_m)
        out[~poisson] = ll.sum(axis=2) + const
    return out


def _grid(center: float, half_width: float, step: float) -> FloatArray:
    n = int(np.ceil(half_width / step))
    return center + step * np.arange(-n, n + 1, dtype=np.float64)


def _side_scale(counts: FloatArray, nights: FloatArray, tau_guess: float) -> tuple[float, float]:
    """Crude centre and spread of a side's log rate, to place its grid."""
    total, exposure = float(counts.sum()), float(nights.sum())
    center = float(np.log((total + 0.5) / exposure))
    spread = float(np.sqrt(1.0 / (total + 1.0) + tau_guess**2 / max(counts.size, 1)))
    return center, spread


def _tau_guess(counts: FloatArray, nights: FloatArray, side: npt.NDArray[np.bool_]) -> float:
    """Method-of-moments week CV, clipped, only to size the grids."""
    excess = []
    for mask in (side, ~side):
        if mask.sum() < 2:
            continue
        rate = counts[mask].sum() / nights[mask].sum()
        expected = rate * nights[mask]
        excess.append(float(np.mean((counts[mask] - expected) ** 2 - expected)))
        excess[-1] /= max(float(np.mean(expected**2)), 1e-9)
    value = float(np.sqrt(max(float(np.mean(excess)), 0.0))) if excess else 0.5
    return float(np.clip(value, 0.2, 1.2))


def ratio_posterior(
    control_counts: npt.ArrayLike,
    control_nights: npt.ArrayLike,
    treated_counts: npt.ArrayLike,
    treated_nights: npt.ArrayLike,
    priors: Priors | None = None,
    *,
    overdispersion: bool = True,
    log_prior_control: LogPrior | None = None,
    log_prior_treated: LogPrior | None = None,
    log_prior_ratio: LogPrior | None = None,
) -> RatioPosterior:
    """Posterior of the log rate ratio (treated / control) from block totals.

    ``*_counts`` are cramps per block, ``*_nights`` the logged nights in each
    block (both sides need at least one block). With ``overdispersion=False``
    the model is Poisson (tau = 0). The ``log_prior_*`` arguments replace the
    default priors on the log control rate, the log treated rate (default flat,
    the prior sits on the ratio) and the log ratio; tests use them to compare
    with the closed-form gamma–Poisson answer.
    """
    priors = priors or Priors()
    yc = np.asarray(control_counts, dtype=np.float64)
    nc = np.asarray(control_nights, dtype=np.float64)
    yt = np.asarray(treated_counts, dtype=np.float64)
    nt = np.asarray(treated_nights, dtype=np.float64)
    if yc.size == 0 or yt.size == 0:
        raise ValueError("both sides need at least one counted night")
    if (nc <= 0).any() or (nt <= 0).any():
        raise ValueError("every block needs at least one night")
    prior_a = log_prior_control or _normal_logpdf(priors.log_rate_mean, priors.log_rate_sd)
    prior_g = log_prior_treated or _flat
    prior_b = log_prior_ratio or _normal_logpdf(0.0, priors.log_ratio_sd)

    if overdispersion:
        taus = np.linspace(0.0, priors.week_cv_max, priors.week_cv_points)
        # half-normal prior times trapezoid weights: quadrature over tau
        weights = np.exp(-0.5 * (taus / priors.week_cv_scale) ** 2)
        weights[[0, -1]] *= 0.5
        log_tau_w = np.log(weights)
        side = np.concatenate([np.zeros(yc.size, bool), np.ones(yt.size, bool)])
        tau_guess = _tau_guess(np.concatenate([yc, yt]), np.concatenate([nc, nt]), side)
    else:
        taus = np.zeros(1)
        log_tau_w = np.zeros(1)
        tau_guess = 0.0

    ca, sa = _side_scale(yc, nc, tau_guess)
    cg, sg = _side_scale(yt, nt, tau_guess)
    step = min(sa, sg) / 8.0
    widen = 7.0
    for _attempt in range(4):
        ha, hg = widen * sa, widen * sg
        step_now = max(step, (ha + hg) / 700.0)  # keeps the grids a few hundred points
        alphas = _grid(ca, ha, step_now)
        gammas = _grid(cg, hg, step_now)
        log_f = prior_a(alphas)[None, :] + _block_loglik(yc, nc, alphas, taus)
        log_g = prior_g(gammas)[None, :] + _block_loglik(yt, nt, gammas, taus)
        betas = (gammas[0] - alphas[0]) + step_now * np.arange(
            -(alphas.size - 1), gammas.size, dtype=np.float64
        )
        log_pb = prior_b(betas)
        fmax = log_f.max(axis=1, keepdims=True)
        gmax = log_g.max(axis=1, keepdims=True)
        f = np.exp(log_f - fmax)
        g = np.exp(log_g - gmax)
        rows = np.empty((taus.size, betas.size))
        for j in range(taus.size):
            rows[j] = np.correlate(g[j], f[j], mode="full")
        log_scale = (fmax + gmax)[:, 0] + log_tau_w
        with np.errstate(divide="ignore"):
            log_rows = np.log(np.maximum(rows, 0.0)) + log_scale[:, None] + log_pb[None, :]
        top = log_rows.max()
        joint = np.exp(log_rows - top)
        mass = joint.sum(axis=0)
        mass /= mass.sum()
        # the grids must hold the posterior: check the mass near their ends
        tau_mass = joint.sum(axis=1)
        a_marg = (f * np.exp(fmax - fmax.max())).T @ (tau_mass / max(tau_mass.max(), 1e-300))
        g_marg = (g * np.exp(gmax - gmax.max())).T @ (tau_mass / max(tau_mass.max(), 1e-300))
        edge = max(_edge_share(a_marg), _edge_share(g_marg), _edge_share(mass))
        if edge < 1e-7:
            break
        widen *= 1.8
    return RatioPosterior(log_ratio=betas, mass=mass)


def _edge_share(marginal: FloatArray) -> float:
    total = float(marginal.sum())
    if total <= 0.0:
        return 1.0
    cut = max(marginal.size // 50, 1)
    return float((marginal[:cut].sum() + marginal[-cut:].sum()) / total)
