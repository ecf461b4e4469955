"""The posterior of the rate ratio as the trial engine reports it.

:class:`RatioPosterior` holds the posterior of the log rate ratio as
probability masses on a regular grid; the model that produces it is in
:mod:`krampe.domain.trial.latent`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


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
