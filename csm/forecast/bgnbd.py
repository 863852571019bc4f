"""BG/NBD — Fader, Hardie & Lee, "'Counting Your Customers' the Easy Way: An Alternative to the Pareto/NBD Model",
Marketing Science 24(2), 2005.

While alive, a customer buys at a Poisson rate λ ~ Gamma(r, α); after every purchase they drop out with probability
p ~ Beta(a, b). From each customer's history (x repeat purchases, the last at t_x, observed until T; see
csm.forecast.purchase_history) the likelihood is (the paper's equation 6)

    L = B(a, b + x) ÷ B(a, b) × Γ(r + x) α^r ÷ (Γ(r) (α + T)^(r + x))
        + [x > 0] B(a + 1, b + x − 1) ÷ B(a, b) × Γ(r + x) α^r ÷ (Γ(r) (α + t_x)^(r + x))

and with the fitted (r, α, a, b), for a horizon t (equations 10 and 11 of the paper's appendix):

    P(alive) = 1 ÷ (1 + [x > 0] a ÷ (b + x − 1) × ((α + T) ÷ (α + t_x))^(r + x))
    E[Y(t)]  = (a + b + x − 1) ÷ (a − 1) × (1 − ((α + T) ÷ (α + T + t))^(r + x) ₂F₁(r + x, b + x; a + b + x − 1;
               t ÷ (α + T + t))) × P(alive)

    >>> fit = fit_bgnbd(history.frame)                                    # doctest: +SKIP
    >>> expected_purchases(fit.params, history.frame, 52)                 # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import betaln, gammaln, hyp2f1

from .fitting import Fit, FitError, maximise

FORMULA = ("E[Y(t)] = (a + b + x − 1) ÷ (a − 1) × [1 − ((α + T) ÷ (α + T + t))^(r + x) × ₂F₁(r + x, b + x; "
           "a + b + x − 1; t ÷ (α + T + t))] × P(alive)")
LATEX = (r"E[Y(t)] = \frac{a + b + x - 1}{a - 1}\left[1 - \left(\frac{\alpha + T}{\alpha + T + t}\right)^{r + x}"
         r"{}_2F_1\!\left(r + x, b + x; a + b + x - 1; \tfrac{t}{\alpha + T + t}\right)\right] P(\text{alive})")
P_ALIVE_LATEX = (r"P(\text{alive}) = \left[1 + \delta_{x>0}\,\frac{a}{b + x - 1}"
                 r"\left(\frac{\alpha + T}{\alpha + t_x}\right)^{r + x}\right]^{-1}")
NAMES = ("r", "alpha", "a", "b")


def _arrays(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (frame["x"].to_numpy(float), frame["t_x"].to_numpy(float), frame["T"].to_numpy(float))


def log_likelihood(r: float, alpha: float, a: float, b: float, x, t_x, T) -> np.ndarray:
    """Each customer's log-likelihood (equation 6), vectorised."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(invalid="ignore", divide="ignore"):
        gone = np.where(x > 0, betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - betaln(a, b)
                        - (r + x) * np.log(alpha + t_x), -np.inf)
    return common + np.logaddexp(alive, gone)


def fit_bgnbd(frame: pd.DataFrame) -> Fit:
    """(r, α, a, b) by maximum likelihood from a purchase history (x, t_x, T per customer)."""
    x, t_x, T = _arrays(frame)
    if len(x) < 2 or not (x > 0).any():
        raise FitError("BG/NBD needs customers who bought again (a repeat purchase) before the calibration end")
    if np.any(T <= 0) and np.all(T <= 0):
        raise FitError("every customer's first purchase is on the calibration end: there is no time to observe")
    return maximise(lambda p: log_likelihood(*p, x, t_x, T).sum(), NAMES, model="BG/NBD", n=len(x),
                    start=(1.0, max(float(np.mean(T)), 1.0), 1.0, 1.0))


def p_alive(params: dict[str, float], frame: pd.DataFrame) -> np.ndarray:
    """P(the customer is still alive at T), each customer."""
    r, alpha, a, b = (params[k] for k in NAMES)
    x, t_x, T = _arrays(frame)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        odds = np.where(x > 0, a / np.maximum(b + x - 1, 1e-300) * np.exp((r + x) * (np.log(alpha + T)
                                                                                    - np.log(alpha + t_x))), 0.0)
    return 1.0 / (1.0 + odds)


def expected_purchases(params: dict[str, float], frame: pd.DataFrame, t: float) -> np.ndarray:
    """E[purchases in the next t units | history], each customer."""
    r, alpha, a, b = (params[k] for k in NAMES)
    x, _, T = _arrays(frame)
    z = t / (alpha + T + t)
    with np.errstate(invalid="ignore", over="ignore"):
        tail = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        out = (a + b + x - 1) / (a - 1) * (1 - tail) * p_alive(params, frame)
    return out


def expected_for_new(params: dict[str, float], t) -> np.ndarray:
    """E[X(t)]: purchases expected in t units of a customer just acquired (the paper's equation 7)."""
    r, alpha, a, b = (params[k] for k in NAMES)
    t = np.asarray(t, dtype=float)
    z = t / (alpha + t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z))
