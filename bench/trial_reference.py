"""Reference MCMC for the trial model, written in PyMC (a development extra).

The same model as krampe.domain.trial.model, sampled with NUTS:

    y_w ~ NegativeBinomial(mu = n_w * exp(alpha + beta * x_w), alpha = 1 / tau^2)
    alpha ~ Normal(0, 2), beta ~ Normal(0, 1), tau ~ HalfNormal(0.5)

Install with ``.venv/bin/pip install -r bench/requirements.txt``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from krampe.domain.trial.analysis import TrialResult
from krampe.domain.trial.model import Priors

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


def blocks_of(result: TrialResult) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Block counts, nights and treatment flags exactly as the fast analysis used them."""
    y = np.array([b.cramps for b in result.blocks], dtype=np.int64)
    n = np.array([b.nights for b in result.blocks], dtype=np.float64)
    x = np.array([b.side == "treated" for b in result.blocks], dtype=np.float64)
    return y, n, x


def sample_reference(
    y: Sequence[int],
    nights: Sequence[float],
    treated: Sequence[float],
    threshold: float = 0.5,
    meaningful: float = 0.25,
    draws: int = 20000,
    tune: int = 2000,
    chains: int = 2,
    seed: int = 1,
) -> ReferenceResult:
    """Sample the posterior with PyMC's NUTS and summarise the rate ratio."""
    import pymc as pm

    priors = Priors()
    with pm.Model():
        alpha = pm.Normal("alpha", priors.log_rate_mean, priors.log_rate_sd)
        beta = pm.Normal("beta", 0.0, priors.log_ratio_sd)
        tau = pm.HalfNormal("tau", priors.week_cv_scale)
        mu = np.asarray(nights) * pm.math.exp(alpha + beta * np.asarray(treated))
        pm.NegativeBinomial("y", mu=mu, alpha=1.0 / tau**2, observed=np.asarray(y))
        idata = pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            cores=1,
            random_seed=seed,
            progressbar=False,
            compute_convergence_checks=False,
            target_accept=0.9,
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
