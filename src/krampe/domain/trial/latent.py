"""The posterior of the rate ratio from the nights, with a latent AR(1) log rate.

Model (one person; nights t = 1..T of one trial, in date order)::

    y_t | eta_t ~ NegativeBinomial(mean mu_t, shape k)       counted nights only
    log mu_t = alpha + beta * x_t + delta * s_t + eta_t
    eta_t = rho * eta_{t-1} + innovation, stationary with SD sigma   (AR(1),
            one independent chain per period)
    alpha ~ Normal(0, 2^2)       log cramps a night on the control side
    beta  ~ Normal(0, 1.5^2)     log rate ratio, intervention / control
    delta ~ Normal(0, 1^2)       log change from the first to the last night
                                 (blinded designs only; see below)
    rho ~ Uniform(0, 1)          night-to-night correlation of the log rate
    sigma ~ HalfNormal(1)        how far the log rate wanders
    c = 1/sqrt(k) ~ HalfNormal(1)  night-to-night CV beyond Poisson

``x_t`` is 1 on counted intervention nights and 0 on counted control nights;
run-in nights and nights not logged carry no observation but keep their place
in the AR(1) chain, so the correlation between nights is estimated from the
diary itself (about 40 or more counted nights) rather than from a handful of
weekly totals. Each period (its run-in included) has its own chain, started
from the stationary distribution: a period's level varies around the mean
as much as the nights' own wandering implies, and nothing links one period's
level to the next. A single chain through the whole trial was tried first; it
lets a slowly wandering rate carry over the run-in and, when weeks really
differ (a gamma multiplier per week with CV 1.0), it took neighbouring
periods for near copies of each other and covered the true ratio in only
79 % of simulated trials (14 % false positives); a chain per period covered
it in 90 %. ``s_t`` runs from -0.5 on the first night to +0.5 on the last:
in a randomized crossover the within-pair order makes a trend estimable
separately from the effect; in a before/after comparison it is not (the trend
and the effect are the same contrast), so the trend is left out there.

Computation, deterministic: the hyperparameters (rho, sigma, c) lie on a
fixed product grid. For each grid point the latent path and the fixed effects
are integrated by a Laplace approximation (Newton iterations on a tridiagonal
system bordered by the three fixed effects, vectorised over the grid), which
gives the marginal likelihood of the grid point and a Gaussian for beta. The
posterior of beta is the mixture of those Gaussians weighted by the grid
posterior. For the grid points that carry the posterior, beta is then put on
its own grid and the Laplace step repeated for every beta value, which keeps
the skewness of small counts. Memory grows as grid size times nights; the
grid is processed in chunks so a long diary stays within a few megabytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.linalg import lapack
from scipy.special import gammaln

from krampe.domain.trial.model import RatioPosterior

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Largest grid-by-nights array held at once (floats); about 8 MB.
_CHUNK_FLOATS = 1_000_000


@dataclass(frozen=True, slots=True)
class LatentPriors:
    """Weakly informative priors of the latent AR(1) model (docs/trial.md)."""

    log_rate_mean: float = 0.0  # one cramp a night, on the log scale
    log_rate_sd: float = 2.0  # rates from about 0.02 to 50 a night are plausible
    log_ratio_sd: float = 1.5  # a rate ratio between about 0.05 and 19 with 95 % prior mass
    trend_sd: float = 1.0  # the rate may halve or double over the trial
    sigma_scale: float = 1.0  # half-normal scale of the latent SD
    night_cv_scale: float = 1.0  # half-normal scale of the night CV beyond Poisson
    # Quadrature grids. They reach far into the priors' tails because short
    # diaries identify these parameters only loosely (docs/trial.md).
    rho_grid: tuple[float, ...] = (0.1, 0.45, 0.7, 0.87, 0.96)
    sigma_grid: tuple[float, ...] = (0.1, 0.4, 0.75, 1.15, 1.65, 2.3)
    night_cv_grid: tuple[float, ...] = (0.03, 0.55, 1.1, 1.7, 2.5)


@dataclass(frozen=True, slots=True)
class Series:
    """A trial's nights as arrays: counts (NaN = no observation), side, time.

    ``starts`` is True on the first night of each period: the latent chain
    starts afresh there.
    """

    counts: FloatArray
    treated: FloatArray
    time: FloatArray
    trend: bool
    starts: BoolArray


def series(
    counts: npt.ArrayLike,
    treated: npt.ArrayLike,
    *,
    trend: bool,
    starts: npt.ArrayLike | None = None,
) -> Series:
    """Build a :class:`Series`. ``counts`` NaN where a night has no observation.

    ``starts`` marks the first night of every period (default: one period).
    """
    y = np.asarray(counts, dtype=np.float64)
    x = np.asarray(treated, dtype=np.float64)
    if y.shape != x.shape or y.ndim != 1 or y.size == 0:
        raise ValueError("counts and treated must be equal-length, non-empty 1-D arrays")
    observed = ~np.isnan(y)
    if not (observed & (x == 1)).any() or not (observed & (x == 0)).any():
        raise ValueError("both sides need at least one counted night")
    first = np.zeros(y.size, dtype=bool)
    if starts is not None:
        first = np.asarray(starts, dtype=bool).copy()
        if first.shape != y.shape:
            raise ValueError("starts must have one flag per night")
    first[0] = True
    t = np.arange(y.size, dtype=np.float64)
    s = (t - t.mean()) / max(y.size - 1, 1)
    return Series(counts=y, treated=x, time=s, trend=trend, starts=first)


def _grid_weights(priors: LatentPriors) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Flattened (rho, sigma, night CV) grid and the log prior weight of each point."""

    def trapezoid(points: FloatArray) -> FloatArray:
        if points.size == 1:
            return np.ones(1)  # a single point: the parameter is held fixed
        edges = np.concatenate([[points[0]], (points[1:] + points[:-1]) / 2, [points[-1]]])
        edges[0] = max(0.0, points[0] - (points[1] - points[0]) / 2)
        edges[-1] = points[-1] + (points[-1] - points[-2]) / 2
        widths: FloatArray = np.diff(edges)
        return widths

    rho = np.asarray(priors.rho_grid)
    sigma = np.asarray(priors.sigma_grid)
    cv = np.asarray(priors.night_cv_grid)
    w_rho = np.log(trapezoid(rho))
    w_sigma = np.log(trapezoid(sigma)) - 0.5 * (sigma / priors.sigma_scale) ** 2
    w_cv = np.log(trapezoid(cv)) - 0.5 * (cv / priors.night_cv_scale) ** 2
    r, s, c = np.meshgrid(rho, sigma, cv, indexing="ij")
    log_w = w_rho[:, None, None] + w_sigma[None, :, None] + w_cv[None, None, :]
    return r.ravel(), s.ravel(), c.ravel(), log_w.ravel()


@dataclass(slots=True)
class _Fit:
    """Laplace fits for a batch of grid points (arrays over the batch)."""

    log_marginal: FloatArray  # log p(y | theta) up to a common constant
    beta_mean: FloatArray
    beta_var: FloatArray
    coef: FloatArray  # mode of the fixed effects (G, p)
    eta: FloatArray  # mode of the latent path (G, T)
    coef_slope: FloatArray  # d(mode)/d(beta) of the fixed effects (G, p)
    eta_slope: FloatArray  # d(mode)/d(beta) of the latent path (G, T)


def _thomas(diag: FloatArray, off: FloatArray, rhs: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Solve tridiagonal SPD systems, one per row of ``diag`` (LAPACK ``ptsv``).

    ``diag`` (G, T), ``off`` (G, T-1) the off-diagonal, ``rhs`` (G, T, m).
    Returns the solutions (G, T, m) and log-determinants (G,).
    """
    g, n = diag.shape
    out = np.empty_like(rhs)
    factors = np.empty((g, n))
    solve = lapack.dptsv
    for row in range(g):
        factors[row], _e, out[row], info = solve(diag[row], off[row], rhs[row])
        if info != 0:
            raise FloatingPointError(f"latent system not positive definite (info {info})")
    logdet: FloatArray = np.log(factors).sum(axis=1)
    return out, logdet


def _laplace(
    data: Series,
    rho: FloatArray,
    sigma: FloatArray,
    cv: FloatArray,
    priors: LatentPriors,
    fixed_beta: FloatArray | None = None,
    iterations: int = 30,
    start: tuple[FloatArray, FloatArray] | None = None,
) -> _Fit:
    """Newton to the joint mode of (eta, fixed effects) and the Laplace evidence.

    With ``fixed_beta`` the log ratio is held at the given value for each row
    (the evidence is then that of p(y, beta | theta)).
    """
    y_all = data.counts
    obs = ~np.isnan(y_all)
    y = np.where(obs, y_all, 0.0)[None, :]
    m = obs.astype(np.float64)[None, :]
    x, s = data.treated, data.time
    g, n = rho.size, y_all.size
    k = (1.0 / np.maximum(cv, 1e-3) ** 2)[:, None]
    columns = [np.ones(n), x]
    prior_mean = [priors.log_rate_mean, 0.0]
    prior_prec = [priors.log_rate_sd**-2, priors.log_ratio_sd**-2]
    if data.trend:
        columns.append(s)
        prior_mean.append(0.0)
        prior_prec.append(priors.trend_sd**-2)
    design = np.stack(columns, axis=1)  # (T, p)
    p = design.shape[1]
    mean0 = np.array(prior_mean)
    prec0 = np.array(prior_prec)
    free = np.ones(p, dtype=bool)
    if fixed_beta is not None:
        free[1] = False

    # AR(1) precision, one independent chain per period: inside a chain
    # q0 * tridiag(1, 1+rho^2, ..., 1; -rho); no link across a period start
    q0 = (1.0 / (sigma**2 * (1.0 - rho**2)))[:, None]
    starts = data.starts
    ends = np.append(starts[1:], True)
    inner = (~starts & ~ends).astype(np.float64)
    single = (starts & ends).astype(np.float64)
    r2 = (rho**2)[:, None]
    q_diag = q0 * (1.0 + r2 * inner[None, :] - r2 * single[None, :])
    linked = (~starts[1:]).astype(np.float64)  # edge t-1 -> t inside a chain
    q_off = -q0 * rho[:, None] * linked[None, :]  # (G, T-1)
    chains = int(starts.sum())
    logdet_q = -n * np.log(sigma**2) - (n - chains) * np.log1p(-(rho**2))

    total = float(y.sum())
    nobs = float(m.sum())
    if start is None:
        coef = np.zeros((g, p))
        coef[:, 0] = np.log((total + 0.5) / nobs)
        eta = np.zeros((g, n))
    else:
        coef, eta = start[0].copy(), start[1].copy()
    if fixed_beta is not None:
        coef[:, 1] = fixed_beta
    d_f = design[:, free]
    pf = d_f.shape[1]
    prior_f = np.diag(prec0[free])[None]
    logdet_a = np.zeros(g)
    schur = np.zeros((g, pf, pf))
    sol_b = np.zeros((g, n, pf))
    active = np.arange(g)
    for _ in range(iterations):
        # Newton step on the rows that have not converged; each solve also
        # leaves the factorisation the Laplace evidence needs
        kk = k[active]
        lin = coef[active] @ design.T + eta[active]  # (A, T)
        mu = np.exp(np.minimum(lin, 30.0))
        grad_ll = m * (y - (y + kk) * (mu / (kk + mu)))  # d loglik / d lin
        w = m * (y + kk) * kk * mu / (kk + mu) ** 2  # -d2 loglik / d lin2
        qd, qo = q_diag[active], q_off[active]
        g_eta = grad_ll - _tridiag_mul(qd, qo, eta[active])
        g_coef = grad_ll @ design - (coef[active] - mean0) * prec0
        # bordered system: [A, B; B', C] with A = Q + W (tridiagonal)
        border = w[:, :, None] * d_f[None, :, :]  # (A, T, pf)
        rhs = np.concatenate([g_eta[:, :, None], border], axis=2)
        sol, logdet_a[active] = _thomas(qd + w, qo, rhs)
        u0, u = sol[:, :, 0], sol[:, :, 1:]
        sol_b[active] = u
        bt = border.transpose(0, 2, 1)
        c_mat = (w[:, None, :] * d_f.T[None]) @ d_f + prior_f
        schur[active] = c_mat - bt @ u
        rhs_f = g_coef[:, free] - (bt @ u0[:, :, None])[:, :, 0]
        step_f = np.linalg.solve(schur[active], rhs_f[:, :, None])[:, :, 0]
        step_eta = u0 - (u @ step_f[:, :, None])[:, :, 0]
        biggest = np.maximum(np.abs(step_f).max(axis=1), np.abs(step_eta).max(axis=1))
        scale = np.minimum(1.0, 3.0 / np.maximum(biggest, 1e-300))[:, None]
        eta[active] += scale * step_eta
        coef_active = coef[active]
        coef_active[:, free] += scale * step_f
        coef[active] = coef_active
        active = active[biggest >= 1e-4]
        if active.size == 0:
            break

    lin = coef @ design.T + eta
    mu = np.exp(np.minimum(lin, 30.0))
    sol = sol_b
    _sign, logdet_s = np.linalg.slogdet(schur)
    loglik = (m * nb_log_density(y, k, lin, mu)).sum(axis=1)
    quad = (eta * _tridiag_mul(q_diag, q_off, eta)).sum(axis=1)
    log_prior_eta = 0.5 * logdet_q - 0.5 * quad
    log_prior_coef = (-0.5 * (coef - mean0) ** 2 * prec0).sum(axis=1)
    log_marginal = loglik + log_prior_eta + log_prior_coef - 0.5 * (logdet_a + logdet_s)
    coef_slope = np.zeros((g, p))
    eta_slope = np.zeros((g, n))
    if fixed_beta is None:
        # the column of the inverse Hessian for beta gives the slope of the
        # conditional mode in beta (used to start the fixed-beta fits)
        inverse = np.asarray(np.linalg.inv(schur), dtype=np.float64)
        beta_var: FloatArray = inverse[:, 1, 1]
        coef_slope = inverse[:, :, 1] / beta_var[:, None]
        eta_slope = -(sol @ coef_slope[:, :, None])[:, :, 0]
    else:
        beta_var = np.zeros(g)
    return _Fit(
        log_marginal=log_marginal,
        beta_mean=coef[:, 1].copy(),
        beta_var=beta_var,
        coef=coef,
        eta=eta,
        coef_slope=coef_slope,
        eta_slope=eta_slope,
    )


def nb_log_density(y: FloatArray, k: FloatArray, lin: FloatArray, mu: FloatArray) -> FloatArray:
    """log NB(y | mean mu = exp(lin), shape k), less log(y!), which no parameter changes.

    The evidence uses this full form (with the shape's own terms), so the
    night-to-night variation ``cv`` is weighed correctly between grid points.
    """
    result: FloatArray = (
        gammaln(y + k) - gammaln(k) + k * np.log(k) + y * lin - (y + k) * np.log(k + mu)
    )
    return result


def _tridiag_mul(diag: FloatArray, off: FloatArray, v: FloatArray) -> FloatArray:
    """Symmetric tridiagonal (rows of ``diag``, edges ``off``) times ``v``, row by row."""
    out = diag * v
    out[:, 1:] += off * v[:, :-1]
    out[:, :-1] += off * v[:, 1:]
    return out


def _chunks(size: int, nights: int, width: int = 1) -> list[slice]:
    step = max(1, _CHUNK_FLOATS // max(nights * width, 1))
    return [slice(i, min(i + step, size)) for i in range(0, size, step)]


def latent_posterior(
    data: Series,
    priors: LatentPriors | None = None,
    *,
    beta_points: int = 7,
    refine_points: int = 24,
) -> RatioPosterior:
    """Posterior of the log rate ratio under the latent AR(1) model."""
    priors = priors or LatentPriors()
    rho, sigma, cv, log_w = _grid_weights(priors)
    n = data.counts.size
    size = rho.size
    parts = [
        _laplace(data, rho[part], sigma[part], cv[part], priors, iterations=8)
        for part in _chunks(size, n, 4)
    ]
    log_marg = np.concatenate([f.log_marginal for f in parts])
    means = np.concatenate([f.beta_mean for f in parts])
    variances = np.maximum(np.concatenate([f.beta_var for f in parts]), 1e-12)
    log_post = log_marg + log_w
    weights = np.exp(log_post - log_post.max())
    weights /= weights.sum()

    mix_mean = float((weights * means).sum())
    mix_sd = float(np.sqrt((weights * (variances + (means - mix_mean) ** 2)).sum()))
    low, high = mix_mean - 7.0 * mix_sd, mix_mean + 7.0 * mix_sd
    fine = np.linspace(low, high, 801)
    sd = np.sqrt(variances)
    log_gauss = (
        -0.5 * ((fine[None, :] - means[:, None]) / sd[:, None]) ** 2
        - np.log(sd)[:, None]
        + np.log(np.maximum(weights, 1e-300))[:, None]
    )
    log_mix = np.logaddexp.reduce(log_gauss, axis=0)

    # skewness of small counts: at the grid points that carry most of the
    # posterior, redo the Laplace step with beta held on a few nodes and learn
    # how far the exact conditional departs from its Gaussian
    keep = np.argsort(weights)[::-1][:refine_points]
    nodes = mix_mean + mix_sd * np.linspace(-4.0, 4.0, beta_points)
    rows = np.repeat(keep, beta_points)
    fixed = np.tile(nodes, keep.size)
    all_coef = np.concatenate([f.coef for f in parts])
    all_eta = np.concatenate([f.eta for f in parts])
    all_cs = np.concatenate([f.coef_slope for f in parts])
    all_es = np.concatenate([f.eta_slope for f in parts])
    shift = (fixed - means[rows])[:, None]
    start = (all_coef[rows] + shift * all_cs[rows], all_eta[rows] + shift * all_es[rows])
    exact = np.empty(rows.size)
    for part in _chunks(rows.size, n, 3):
        idx = rows[part]
        fit = _laplace(
            data,
            rho[idx],
            sigma[idx],
            cv[idx],
            priors,
            fixed_beta=fixed[part],
            iterations=4,
            start=(start[0][part], start[1][part]),
        )
        exact[part] = fit.log_marginal
    gauss = (
        log_marg[rows]
        - 0.5 * (fixed - means[rows]) ** 2 / variances[rows]
        - 0.5 * np.log(2.0 * np.pi * variances[rows])
    )
    correction = (exact - gauss).reshape(keep.size, beta_points)
    w_keep = weights[keep] / weights[keep].sum()
    mean_corr = (w_keep[:, None] * correction).sum(axis=0)
    log_fine = log_mix + _interp_log_density(nodes, mean_corr, fine)
    mass = np.exp(log_fine - log_fine.max())
    mass /= mass.sum()
    return RatioPosterior(log_ratio=fine, mass=mass)


def _interp_log_density(x: FloatArray, logd: FloatArray, fine: FloatArray) -> FloatArray:
    from scipy.interpolate import CubicSpline

    spline = CubicSpline(x, logd, bc_type="natural")
    out: FloatArray = spline(fine)
    return out
