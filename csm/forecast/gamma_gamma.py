"""The Gamma-Gamma model of spend per transaction — Fader & Hardie, "The Gamma-Gamma Model of Monetary Value" (2013),
after Colombo & Jiang (1999).

A customer's transaction values z vary around their own mean E(Z) = p ÷ ν, with ν ~ Gamma(q, γ) across customers.
From x repeat transactions of mean value m_x the likelihood is

    L = Γ(p x + q) ÷ (Γ(p x) Γ(q)) × γ^q × x^(p x) × m_x^(p x − 1) ÷ (γ + m_x x)^(p x + q)

and a customer's expected spend per transaction, a weighted mean of the population's and their own,

    E(M | p, q, γ, m_x, x) = (γ + m_x x) p ÷ (p x + q − 1)
                           = (q − 1) ÷ (p x + q − 1) × γ p ÷ (q − 1) + p x ÷ (p x + q − 1) × m_x

It assumes spend and frequency are independent (the note checks it with their correlation; `frequency_value_r`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaln

from .fitting import Fit, FitError, maximise

FORMULA = "E(M) = (γ + m_x x) p ÷ (p x + q − 1)"
LATEX = r"E(M \mid p, q, \gamma, m_x, x) = \frac{(\gamma + m_x x)\,p}{p x + q - 1}"
NAMES = ("p", "q", "gamma")


def log_likelihood(p: float, q: float, gamma: float, x, m_x) -> np.ndarray:
    """Each repeat buyer's log-likelihood, vectorised."""
    x, m = np.asarray(x, dtype=float), np.asarray(m_x, dtype=float)
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma) + px * np.log(x)
            + (px - 1) * np.log(m) - (px + q) * np.log(gamma + m * x))


def _repeat(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["x"] > 0) & (frame["m_x"] > 0)]


def fit_gamma_gamma(frame: pd.DataFrame) -> Fit:
    """(p, q, γ) by maximum likelihood from the repeat buyers of a purchase history (x > 0, m_x > 0)."""
    rb = _repeat(frame)
    if len(rb) < 2:
        raise FitError("the Gamma-Gamma model needs at least two customers with a repeat purchase of some value")
    x, m = rb["x"].to_numpy(float), rb["m_x"].to_numpy(float)
    return maximise(lambda v: log_likelihood(*v, x, m).sum(), NAMES, model="Gamma-Gamma", n=len(rb),
                    start=(1.0, 1.0, max(float(np.mean(m)), 1.0)))


def expected_spend(params: dict[str, float], frame: pd.DataFrame) -> np.ndarray:
    """E(M): each customer's expected value per transaction; the population mean γ p ÷ (q − 1) for those without
    a repeat purchase (x = 0). NaN when q ≤ 1 (the population mean does not exist)."""
    p, q, gamma = (params[k] for k in NAMES)
    x = frame["x"].to_numpy(float)
    m = np.nan_to_num(frame["m_x"].to_numpy(float), nan=0.0)
    m = np.where(x > 0, m, 0.0)
    if q <= 1:
        return np.full(len(x), np.nan)
    return (gamma + m * x) * p / (p * x + q - 1)


def population_mean(params: dict[str, float]) -> float:
    """γ p ÷ (q − 1): the mean spend per transaction across customers (NaN when q ≤ 1)."""
    p, q, gamma = (params[k] for k in NAMES)
    return gamma * p / (q - 1) if q > 1 else float("nan")


def frequency_value_r(frame: pd.DataFrame) -> float:
    """The correlation of x and m_x among the repeat buyers (the model assumes it is near 0)."""
    rb = _repeat(frame)
    return float(np.corrcoef(rb["x"], rb["m_x"])[0, 1]) if len(rb) > 2 else float("nan")
