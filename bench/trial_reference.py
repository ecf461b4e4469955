"""Reference MCMC for the trial model, written in PyMC (a development extra).

The same model as krampe.domain.trial.latent, sampled with NUTS (the latent
path non-centred):

    y_t ~ NegativeBinomial(mu_t, alpha = 1 / c^2)        counted nights only
    log mu_t = alpha + beta * x_t + delta * s_t + eta_t
    eta AR(1), stationary SD sigma, correlation rho, a fresh chain each period
    alpha ~ Normal(0, 2), beta ~ Normal(0, 1.5), delta ~ Normal(0, 1) (blinded only)
    rho ~ Uniform(0, 1), sigma ~ HalfNormal(1), c ~ HalfNormal(1)

It is fed exactly the series the fast analysis used (``series_of``).
Install with ``.venv/bin/pip install -r bench/requirements.txt``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from krampe.domain.trial.analysis import TrialResult
from krampe.domain.trial.latent import LatentPriors, Series

logging.getLogger("pymc").setLevel(logging.ERROR)


@dataclass(frozen=True)
class ReferenceResult:
    p_any: float
    p_responder: float
    p_meaningful: float
    median: float
    low: float
    high: float
    draws: int


def series_of(result: TrialResult) -> Series:
    """The nightly series exactly as the fast analysis used it."""
    assert result.series is not None, "the diary had too few nights for a posterior"
    return result.series


def sample_reference(
    data: Series,
    threshold: float = 0.5,
    meaningful: float = 0.25,
    draws: int = 20000,
    tune: int = 2000,
    chains: int = 2,
    seed: int = 1,
    mode: str | None = None,
) -> ReferenceResult:
    """Sample the posterior with PyMC's NUTS and summarise the rate ratio.

    ``mode`` is PyTensor's compilation mode (None: its default C backend;
    "NUMBA" compiles the model with Numba, which PyMC installs, and samples
    the same model several times faster where PyTensor finds no BLAS).
    """
    import pymc as pm
    import pytensor.tensor as pt

    priors = LatentPriors()
    y = data.counts
    observed = ~np.isnan(y)
    n = y.size
    lag = np.subtract.outer(np.arange(n), np.arange(n)).astype(np.float64)
    chain = np.cumsum(data.starts)  # one independent AR(1) chain per period
    lower = (lag >= 0) & (chain[:, None] == chain[None, :])
    first = data.starts.astype(np.float64)
    with pm.Model():
        alpha = pm.Normal("alpha", priors.log_rate_mean, priors.log_rate_sd)
        beta = pm.Normal("beta", 0.0, priors.log_ratio_sd)
        rho = pm.Uniform("rho", 0.0, 1.0)
        sigma = pm.HalfNormal("sigma", priors.sigma_scale)
        cv = pm.HalfNormal("cv", priors.night_cv_scale)
        z = pm.Normal("z", 0.0, 1.0, shape=n)
        # eta = sigma * L z, L[i, j] = rho^(i-j) * (1 if j starts its chain else
        # sqrt(1 - rho^2)) for j <= i in the same chain, else 0
        powers = pt.switch(lower, rho ** pt.maximum(lag, 0.0), 0.0)
        scale = first + (1.0 - first) * pt.sqrt(1.0 - rho**2)
        eta = sigma * pt.dot(powers * scale[None, :], z)
        lin = alpha + beta * data.treated + eta
        if data.trend:
            delta = pm.Normal("delta", 0.0, priors.trend_sd)
            lin = lin + delta * data.time
        mu = pt.exp(lin[observed])
        pm.NegativeBinomial("y", mu=mu, alpha=1.0 / cv**2, observed=y[observed])
        idata = pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            cores=1,
            random_seed=seed,
            progressbar=False,
            compute_convergence_checks=False,
            target_accept=0.95,
            compile_kwargs=None if mode is None else {"mode": mode},
        )
    b = idata.posterior["beta"].values.ravel()
    ratio = np.exp(b)
    return ReferenceResult(
        p_any=float(np.mean(ratio < 1.0)),
        p_responder=float(np.mean(ratio < 1.0 - threshold)),
        p_meaningful=float(np.mean(ratio < 1.0 - meaningful)),
        median=float(np.median(ratio)),
        low=float(np.quantile(ratio, 0.025)),
        high=float(np.quantile(ratio, 0.975)),
        draws=b.size,
    )
