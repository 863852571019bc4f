"""Maximum likelihood for the forecast models: one minimiser over log-parameters, one record of a fit.

    fit = maximise(lambda p: loglik(*p).sum(), names=("alpha", "beta"), model="sBG")
    fit.params["alpha"], fit.log_likelihood, fit.converged
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from ..errors import CsmError


class FitError(CsmError):
    """The data cannot support the model (too little of it, or a likelihood with no maximum)."""


@dataclass(frozen=True)
class Fit:
    """Maximum-likelihood parameters of one model and how the search ended."""

    model: str
    params: dict[str, float]
    log_likelihood: float
    n: int  # observations behind the fit (customers)
    converged: bool
    message: str = ""

    def rounded(self, digits: int = 3) -> dict[str, float]:
        """The parameters to `digits` significant figures (how the papers print them)."""
        return {k: float(f"{v:.{digits}g}") for k, v in self.params.items()}

    def text(self) -> str:
        """'α = 0.7041, β = 1.182 (log-likelihood −1,680.3, 1,000 customers)'."""
        shown = ", ".join(f"{GREEK.get(k, k)} = {v:.4g}" for k, v in self.params.items())
        ll = f"{self.log_likelihood:,.1f}".replace("-", "−")
        return f"{shown} (log-likelihood {ll}, {self.n:,} customers)"


# Parameters are searched within e^−12 … e^16 (6e−6 … 9e6): at the upper end a mixing distribution has no spread
# left (every customer alike), which is a fit, not a failure: the curve it gives is the homogeneous one.
LOG_BOUNDS = (-12.0, 16.0)
GREEK = {"alpha": "α", "beta": "β", "gamma": "γ"}


def maximise(loglik: Callable[[np.ndarray], float], names: tuple[str, ...], *, model: str, n: int,
             start: tuple[float, ...] | None = None) -> Fit:
    """The parameters (all positive) that maximise `loglik(params)`, searched over their logarithms.

    Nelder–Mead from `start` (default all 1), polished by L-BFGS-B: the likelihoods here are smooth but their
    scales differ by orders of magnitude, and the simplex does not need gradients near the boundary."""
    def neg(log_p: np.ndarray) -> float:
        with np.errstate(all="ignore"):
            v = -float(loglik(np.exp(log_p)))
        return v if np.isfinite(v) else 1e300

    x0 = np.log(np.asarray(start if start is not None else [1.0] * len(names), dtype=float))
    bounds = [LOG_BOUNDS] * len(names)
    first = optimize.minimize(neg, x0, method="Nelder-Mead", bounds=bounds,
                              options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20_000, "maxfev": 40_000})
    best = optimize.minimize(neg, first.x, method="L-BFGS-B", bounds=bounds)
    if not (np.isfinite(best.fun) and best.fun <= first.fun):
        best = first
    if best.fun >= 1e300:
        raise FitError(f"the {model} likelihood has no finite value for any parameters tried")
    params = {k: float(v) for k, v in zip(names, np.exp(best.x), strict=True)}
    converged = bool(first.success or best.success)
    return Fit(model, params, -float(best.fun), int(n), converged, str(best.message))
