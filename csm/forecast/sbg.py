"""The shifted-beta-geometric (sBG) retention model — Fader & Hardie, "How to Project Customer Retention", Journal of
Interactive Marketing 21(1), 2007.

Each customer renews at the end of every period with a probability 1 − θ of their own, θ ~ Beta(α, β) across
customers. Then, with T the period in which a customer churns:

    P(T = t) = B(α + 1, β + t − 1) ÷ B(α, β)          (t = 1, 2, …)
    S(t)     = P(T > t) = B(α, β + t) ÷ B(α, β)
    r(t)     = S(t) ÷ S(t − 1) = (β + t − 1) ÷ (α + β + t − 1)   — the retention rate rises with tenure

Survivor counts n_0 ≥ n_1 ≥ … ≥ n_T of a cohort give the log-likelihood
Σ_{t=1..T} (n_{t−1} − n_t) ln P(T = t) + n_T ln S(T), maximised over α, β (`fit_survivors`). Several cohorts observed
for different lengths add up: every cohort contributes its drops at each age and its survivors at its last age.

The expected remaining lifetime of a customer who has renewed s times, discounted at d per period (Fader & Hardie,
"Customer-Base Valuation in a Contractual Setting", Marketing Science 29(1), 2010: DERL):

    Σ_{t≥1} S(s + t) ÷ S(s) ÷ (1 + d)^(t−1) = (β + s) ÷ (α + β + s) × ₂F₁(1, β + s + 1; α + β + s + 1; 1 ÷ (1 + d))

which without discounting is (β + s) ÷ (α − 1) when α > 1 and unbounded otherwise.

    >>> fit = fit_survivors([1000, 631, 468, 382, 326, 289, 262, 241])   # the paper's "regular" customers
    >>> fit.rounded()                                                      # doctest: +SKIP
    {'alpha': 0.704, 'beta': 1.18}
"""
from __future__ import annotations

import numpy as np
from scipy.special import betaln, hyp2f1

from .fitting import Fit, FitError, maximise

FORMULA = "S(t) = B(α, β + t) ÷ B(α, β); P(T = t) = B(α + 1, β + t − 1) ÷ B(α, β)"
LATEX = (r"S(t) = \frac{B(\alpha, \beta + t)}{B(\alpha, \beta)}, \quad "
         r"P(T = t) = \frac{B(\alpha + 1, \beta + t - 1)}{B(\alpha, \beta)}")
DERL_LATEX = (r"\mathrm{DERL}(s) = \frac{\beta + s}{\alpha + \beta + s}\;"
              r"{}_2F_1\!\left(1, \beta + s + 1; \alpha + \beta + s + 1; \tfrac{1}{1 + d}\right)")


def survival(alpha: float, beta: float, t) -> np.ndarray:
    """S(t) = P(still a customer after t renewal opportunities), for every t given (t = 0 gives 1)."""
    t = np.asarray(t, dtype=float)
    return np.exp(betaln(alpha, beta + t) - betaln(alpha, beta))


def churn_probability(alpha: float, beta: float, t) -> np.ndarray:
    """P(T = t): the probability that a new customer churns in period t (t ≥ 1)."""
    t = np.asarray(t, dtype=float)
    return np.exp(betaln(alpha + 1, beta + t - 1) - betaln(alpha, beta))


def retention_rate(alpha: float, beta: float, t) -> np.ndarray:
    """r(t) = S(t) ÷ S(t − 1) = (β + t − 1) ÷ (α + β + t − 1): the share of period t − 1's survivors who renew."""
    t = np.asarray(t, dtype=float)
    return (beta + t - 1) / (alpha + beta + t - 1)


def log_likelihood(alpha: float, beta: float, dropped: np.ndarray, censored: np.ndarray) -> float:
    """Σ_t dropped_t ln P(T = t) + censored_t ln S(t), for t = 1 … len(dropped) (both arrays indexed from t = 1)."""
    t = np.arange(1, len(dropped) + 1, dtype=float)
    base = betaln(alpha, beta)
    ll_p = betaln(alpha + 1, beta + t - 1) - base
    ll_s = betaln(alpha, beta + t) - base
    return float(np.sum(np.where(dropped > 0, dropped * ll_p, 0.0)) + np.sum(np.where(censored > 0, censored * ll_s,
                                                                                       0.0)))


def drops_and_survivors(survivors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From a cohort × age matrix of survivor counts (column 0 = the cohort at the start, NaN after a cohort's last
    observed age), the customers lost at each age t ≥ 1 and the customers still there when observation ends at t,
    summed over the cohorts."""
    n = np.asarray(survivors, dtype=float)
    if n.ndim == 1:
        n = n[None, :]
    seen = ~np.isnan(n)
    last = seen.sum(axis=1) - 1  # each cohort's last observed age
    prev, cur = n[:, :-1], n[:, 1:]
    ok = seen[:, 1:]
    dropped = np.where(ok, prev - cur, 0.0).sum(axis=0)
    censored = np.zeros(n.shape[1] - 1)
    has = last >= 1
    np.add.at(censored, last[has] - 1, n[has, last[has]])
    return dropped, censored


def fit_survivors(survivors) -> Fit:
    """α, β by maximum likelihood from survivor counts: one cohort (n_0, n_1, …, n_T) or a cohort × age matrix
    (NaN after each cohort's last observed age). Counts must not rise with age."""
    n = np.asarray(survivors, dtype=float)
    m = n if n.ndim == 2 else n[None, :]
    steps = np.diff(m, axis=1)
    if np.any(steps[~np.isnan(steps)] > 0):
        raise FitError("survivor counts must not rise with age (a customer who left cannot be counted again)")
    dropped, censored = drops_and_survivors(m)
    if len(dropped) == 0 or dropped.sum() + censored.sum() == 0:
        raise FitError("the sBG model needs survivor counts after at least one period")
    if dropped.sum() == 0:
        raise FitError("no customer was lost in the periods observed, so the sBG model has no maximum")
    start_customers = int(np.nansum(m[:, 0]))
    return maximise(lambda p: log_likelihood(p[0], p[1], dropped, censored), ("alpha", "beta"), model="sBG",
                    n=start_customers)


def remaining_lifetime(alpha: float, beta: float, survived, discount: float = 0.0) -> np.ndarray:
    """Expected further periods as a customer of someone who has renewed `survived` times (DERL, discounted at
    `discount` per period; the next period counts in full). Infinite when discount is 0 and α ≤ 1."""
    s = np.asarray(survived, dtype=float)
    if discount <= 0:
        return np.where(alpha > 1, (beta + s) / (alpha - 1) if alpha > 1 else np.inf, np.inf)
    return (beta + s) / (alpha + beta + s) * hyp2f1(1.0, beta + s + 1, alpha + beta + s + 1, 1 / (1 + discount))


def remaining_within(alpha: float, beta: float, survived, horizon: int) -> np.ndarray:
    """Expected periods still a customer in the next `horizon` periods: Σ_{t=1..h} S(s + t) ÷ S(s)."""
    s = np.asarray(survived, dtype=float)[..., None]
    t = np.arange(1, horizon + 1, dtype=float)
    return np.sum(np.exp(betaln(alpha, beta + s + t) - betaln(alpha, beta + s)), axis=-1)
