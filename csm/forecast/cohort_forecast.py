"""The sBG retention forecast of the app's logo cohorts: fit, check, project — or say why not.

The logo cohorts (csm.cohorts.cohort_retention) count, for each cohort (period of first activation), the customers
active at the end of each period from the first on. Read as survivor counts — n_t = customers active at the end of
the cohort's period t, so n_0 are those who reached the end of the first (partial) period and t counts the full
periods since — they are what the sBG model (csm.forecast.sbg) is fitted to, every cohort at once, up to the last
complete period. (Customers who joined and left within their first period never reached a renewal; the cohort sizes
count them, the model does not.) A customer who leaves and comes back is not a
survivor again: the counts are held at their running minimum (the record says how many cells that changed).

The forecast is drawn only when it can be trusted: at least `MIN_CUSTOMERS` customers, customers lost in at least
`MIN_AGES` different periods of age, and a fitted curve within `MAX_GAP` points of the observed pooled retention
(the product-limit estimate over the cohorts) at every age; otherwise `verdict` says what is wrong.

    fc = retention_forecast(cohort_retention(analysis), analysis.periods.labels, upto="2025-11", horizon=12)
    fc.verdict, fc.fit.params, fc.pooled, fc.cohorts, fc.remaining
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import fmt
from ..cohorts import Cohorts
from . import sbg
from .fitting import Fit, FitError

MIN_CUSTOMERS = 30
MIN_AGES = 3
MAX_GAP = 5.0  # percentage points


@dataclass(frozen=True, eq=False)
class RetentionForecast:
    """The sBG fit to the logo cohorts, how well it fits, and what it projects."""

    verdict: str  # "ok", "poor" (fitted, but far from the data) or "short" (too little data to fit)
    reason: str  # one sentence for the reader
    fit: Fit | None
    pooled: pd.DataFrame  # age, at_risk, lost, observed (%), model (%) — age t = after t renewal opportunities
    cohorts: pd.DataFrame  # cohort, age, value (% of n_0), kind ("observed" / "projected"), customers
    remaining: pd.DataFrame  # per cohort: start (n_0), age, customers, expected at the horizon, periods expected, DERL
    horizon: int
    max_gap: float | None
    held: int  # cells where a returning customer would have raised the count (held at the running minimum)
    formula: str = sbg.FORMULA
    latex: str = sbg.LATEX
    worked: tuple[str, ...] = ()

    @property
    def drawable(self) -> bool:
        return self.verdict == "ok"


def survivor_matrix(cohorts: Cohorts, labels: Sequence[str], upto: str) -> tuple[pd.Index, np.ndarray, int]:
    """(cohort labels, cohort × age survivor counts with NaN after each cohort's last age, cells held down)."""
    order = {lab: k for k, lab in enumerate(labels)}
    last = order[upto]
    long = cohorts.long[cohorts.long["period"].map(order) <= last]
    if long.empty:
        return pd.Index([], name="cohort"), np.zeros((0, 1)), 0
    n = long.pivot(index="cohort", columns="age", values="amount").sort_index()
    index, n = n.index, n.to_numpy(float)
    keep = n[:, 0] > 0  # a cohort nobody of which reached the end of its first period has no one to follow
    index, n = index[keep], n[keep]
    seen = ~np.isnan(n)
    held_down = np.fmin.accumulate(np.where(seen, n, np.inf), axis=1)
    held = int((seen & (held_down < n)).sum())
    return index, np.where(seen, held_down, np.nan), held


def pooled_survival(n: np.ndarray) -> pd.DataFrame:
    """The product-limit (Kaplan–Meier) retention over the cohorts: at each age the customers at risk (in cohorts
    observed that long), those lost, and the observed survival in %."""
    prev, cur = n[:, :-1], n[:, 1:]
    ok = ~np.isnan(cur)
    at_risk = np.where(ok, prev, 0.0).sum(axis=0)
    lost = np.where(ok, prev - cur, 0.0).sum(axis=0)
    keep = at_risk > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        step = np.where(keep, 1 - lost / np.where(keep, at_risk, 1), np.nan)
    ages = np.arange(1, n.shape[1])[keep]
    return pd.DataFrame({"age": ages, "at_risk": at_risk[keep].astype(np.int64), "lost": lost[keep].astype(np.int64),
                         "observed": np.cumprod(step[keep]) * 100})


def retention_forecast(cohorts: Cohorts, labels: Sequence[str], upto: str, horizon: int = 12,
                       discount: float = 0.0) -> RetentionForecast:
    """Fit the sBG model to the logo cohorts up to period `upto` (the last complete one) and project every cohort
    `horizon` periods on; `discount` per period for the expected remaining lifetime (DERL)."""
    index, n, held = survivor_matrix(cohorts, labels, upto)
    pooled = pooled_survival(n) if n.shape[1] > 1 else pd.DataFrame(columns=["age", "at_risk", "lost", "observed"])
    customers = int(np.nansum(n[:, 0])) if len(n) else 0
    lost_ages = int((pooled["lost"] > 0).sum()) if len(pooled) else 0
    empty = pd.DataFrame()

    def short(reason: str) -> RetentionForecast:
        return RetentionForecast("short", reason, None, pooled, empty, empty, horizon, None, held)

    if customers < MIN_CUSTOMERS:
        return short(f"Only {customers} customers in the cohorts up to {upto} stayed to the end of their first "
                     f"period; the retention forecast needs at least {MIN_CUSTOMERS}.")
    if lost_ages < MIN_AGES:
        return short(f"Customers were lost at only {lost_ages} ages so far; the retention forecast needs losses at "
                     f"{MIN_AGES} ages at least (a longer date range or a finer granularity gives more).")
    try:
        fit = sbg.fit_survivors(n)
    except FitError as e:
        return short(f"The retention model cannot be fitted: {e}.")
    a, b = fit.params["alpha"], fit.params["beta"]
    pooled = pooled.assign(model=sbg.survival(a, b, pooled["age"].to_numpy()) * 100)
    gap = float(np.max(np.abs(pooled["model"] - pooled["observed"])))
    worst = int(pooled["age"].to_numpy()[np.argmax(np.abs(pooled["model"] - pooled["observed"]))])
    proj, remaining = _project(index, n, a, b, horizon, discount)
    worked = _worked(fit, pooled, remaining, horizon, discount)
    if not fit.converged:
        return RetentionForecast("poor", "The likelihood search did not settle on parameters, so no projection is "
                                 "drawn.", fit, pooled, proj, remaining, horizon, gap, held, worked=worked)
    if gap > MAX_GAP:
        return RetentionForecast(
            "poor", f"The fitted curve is {fmt.num(gap, 1)} points from the observed retention at age {worst} (more "
            f"than {fmt.num(MAX_GAP)}), so the sBG model does not describe these customers well enough to project "
            "them (annual contracts read monthly, or a change in who signs up, do this).",
            fit, pooled, proj, remaining, horizon, gap, held, worked=worked)
    return RetentionForecast("ok", f"The fitted curve stays within {fmt.num(gap, 1)} points of the observed "
                             "retention at every age.", fit, pooled, proj, remaining, horizon, gap, held,
                             worked=worked)


def _project(index: pd.Index, n: np.ndarray, a: float, b: float, horizon: int,
             discount: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each cohort's observed retention (%) and its projection `horizon` periods past its last age."""
    seen = ~np.isnan(n)
    last = seen.sum(axis=1) - 1
    first = n[:, 0]
    now = n[np.arange(len(n)), last]
    ci, ti = np.nonzero(seen)
    observed = pd.DataFrame({"cohort": index.to_numpy()[ci], "age": ti, "value": n[ci, ti] / first[ci] * 100,
                             "kind": "observed", "customers": n[ci, ti]})
    steps = np.arange(0, horizon + 1)  # 0 repeats the last observed point, so the projected line joins it
    t = last[:, None] + steps[None, :]
    ratio = sbg.survival(a, b, t) / sbg.survival(a, b, last)[:, None]
    expected = now[:, None] * ratio
    projected = pd.DataFrame({"cohort": np.repeat(index.to_numpy(), len(steps)), "age": t.ravel(),
                              "value": (expected / first[:, None] * 100).ravel(), "kind": "projected",
                              "customers": expected.ravel()})
    remaining = pd.DataFrame({
        "cohort": index.to_numpy(), "start": first.astype(np.int64), "age": last, "customers": now.astype(np.int64),
        "expected_at_horizon": expected[:, -1],
        "periods_within_horizon": sbg.remaining_within(a, b, last, horizon),
        "derl": sbg.remaining_lifetime(a, b, last, discount),
    })
    return pd.concat([observed, projected], ignore_index=True), remaining


def _worked(fit: Fit, pooled: pd.DataFrame, remaining: pd.DataFrame, horizon: int, discount: float) -> tuple[str, ...]:
    a, b = fit.params["alpha"], fit.params["beta"]
    bb = fmt.num(b, 3)
    lines = [f"Fitted by maximum likelihood to {fit.n:,} customers: {fit.text()}."]
    r1, r6 = sbg.retention_rate(a, b, [1, 6])
    lines.append(f"Retention rises with tenure: r(1) = β ÷ (α + β) = {bb} ÷ {fmt.num(a + b, 3)} = "
                 f"{fmt.num(r1 * 100, 1)} %; r(6) = (β + 5) ÷ (α + β + 5) = {fmt.num(b + 5, 3)} ÷ "
                 f"{fmt.num(a + b + 5, 3)} = {fmt.num(r6 * 100, 1)} %.")
    ages = pooled["age"].to_numpy()
    if len(ages):
        t = int(ages[-1])
        row = pooled.iloc[-1]
        lines.append(f"S({t}) = B(α, β + {t}) ÷ B(α, β) = {fmt.num(row['model'], 1)} % against "
                     f"{fmt.num(row['observed'], 1)} % observed.")
    big = remaining.sort_values("start", ascending=False).head(1)
    if len(big):
        r = big.iloc[0]
        s_now, s_then = sbg.survival(a, b, [r["age"], r["age"] + horizon])
        lines.append(f"Cohort {r['cohort']}: {fmt.num(r['customers'])} of {fmt.num(r['start'])} customers after "
                     f"{fmt.num(r['age'])} period{'s' if r['age'] != 1 else ''}; in {horizon} more, {fmt.num(r['customers'])} × S({r['age'] + horizon})"
                     f" ÷ S({r['age']}) = {fmt.num(r['customers'])} × {fmt.num(s_then * 100, 1)} % ÷ "
                     f"{fmt.num(s_now * 100, 1)} % = {fmt.num(r['expected_at_horizon'], 1)} expected.")
        d = "undiscounted" if discount <= 0 else f"discounted at {fmt.num(discount * 100, 2)} % a period"
        derl = r["derl"]
        lines.append(f"Expected remaining lifetime of one of them ({d}): (β + s) ÷ (α + β + s) × ₂F₁(1, β + s + 1; "
                     f"α + β + s + 1; 1 ÷ (1 + d)) with s = {fmt.num(r['age'])}: "
                     + (f"{fmt.num(derl, 1)} periods." if np.isfinite(derl) else "unbounded (α ≤ 1: a long tail of "
                        "customers who practically never leave)."))
    return tuple(lines)
