"""Predictive customer lifetime value for non-contractual businesses: BG/NBD for how many purchases and P(alive),
Gamma-Gamma for how much each, fitted to the purchase history up to an explicit calibration end.

    fc = customer_value(transactions, calibration_end=dt.date(1997, 9, 30), horizon=52)   # weeks
    fc.customers          # per customer: P(alive), expected purchases, expected spend, expected value
    fc.total_value, fc.at_risk(0.3), fc.worked

Expected value over the horizon = E[Y(t)] (BG/NBD) × E(M) (Gamma-Gamma) × gross margin, undiscounted. Where the
data goes on after the calibration end, the purchases the model expected in the horizon are set beside the
purchases made (`holdout`), the papers' own check.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import fmt
from . import bgnbd, gamma_gamma
from .fitting import Fit, FitError
from .purchase_history import WEEK, PurchaseHistory, purchase_history

AT_RISK = 0.3  # P(alive) below which a customer is listed as at risk
FORMULA = "expected value = E[Y(t)] × E(M) × gross margin"


@dataclass(frozen=True, eq=False)
class CustomerValueForecast:
    """The two fits and what they give each customer over the horizon."""

    history: PurchaseHistory
    purchases_fit: Fit  # BG/NBD: r, alpha, a, b
    spend_fit: Fit | None  # Gamma-Gamma: p, q, gamma (None when it cannot be fitted: see `notes`)
    horizon: float  # in the history's units
    margin: float  # 0–1
    customers: pd.DataFrame  # customer_id, x, t_x, T, m_x, value, p_alive, expected_purchases, expected_spend,
    # expected_value
    holdout: tuple[float, int] | None  # (purchases expected in the horizon, purchases made) when the data covers it
    notes: tuple[str, ...] = ()
    worked: tuple[str, ...] = ()
    formula: str = FORMULA
    latex: str = bgnbd.LATEX

    @property
    def total_purchases(self) -> float:
        return float(self.customers["expected_purchases"].sum())

    @property
    def total_value(self) -> float:
        return float(self.customers["expected_value"].sum())

    def at_risk(self, threshold: float = AT_RISK) -> pd.DataFrame:
        """Customers with P(alive) below `threshold` who bought again at least once, most valuable first."""
        c = self.customers
        return c[(c["p_alive"] < threshold) & (c["x"] > 0)].sort_values("value", ascending=False)


def customer_value(transactions: pd.DataFrame, calibration_end: dt.date, horizon: float, *, unit_days: float = WEEK,
                   margin: float = 1.0, currency: str | None = None, customer: str = "customer_id",
                   date: str = "date", amount: str = "amount") -> CustomerValueForecast:
    """Fit BG/NBD and Gamma-Gamma to the purchases up to `calibration_end` and value each customer over the next
    `horizon` units of `unit_days` days (see the module docstring)."""
    history = purchase_history(transactions, calibration_end, unit_days, customer=customer, date=date, amount=amount)
    h = history.frame
    purchases_fit = bgnbd.fit_bgnbd(h)
    notes = []
    try:
        spend_fit = gamma_gamma.fit_gamma_gamma(h)
        spend = gamma_gamma.expected_spend(spend_fit.params, h)
        if spend_fit.params["q"] <= 1:
            notes.append("The spend model's q is at most 1, so a customer without a repeat purchase has no expected "
                         "spend (the population mean does not exist).")
        r = gamma_gamma.frequency_value_r(h)
        if abs(r) > 0.3:
            notes.append(f"Spend and frequency are correlated (r = {fmt.num(r)}); the Gamma-Gamma model assumes they "
                         "are not, so read its values with care.")
    except FitError as e:
        spend_fit, spend = None, np.full(len(h), np.nan)
        notes.append(f"Spend is not modelled: {e}.")
    expected = bgnbd.expected_purchases(purchases_fit.params, h, horizon)
    customers = h[["customer_id", "x", "t_x", "T", "m_x", "value"]].assign(
        p_alive=bgnbd.p_alive(purchases_fit.params, h), expected_purchases=expected, expected_spend=spend,
        expected_value=expected * spend * margin)
    holdout = _holdout(transactions, history, horizon, customer, date, amount)
    if not purchases_fit.converged:
        notes.append("The BG/NBD likelihood search did not settle; the numbers may be off.")
    fc = CustomerValueForecast(history, purchases_fit, spend_fit, float(horizon), float(margin), customers, holdout,
                               tuple(notes))
    return _with_worked(fc, currency)


def _holdout(transactions, history: PurchaseHistory, horizon: float, customer, date, amount) -> tuple[float, int] | None:
    """Purchases (customer-days) in (calibration end, end + horizon] by the calibration's customers, when the data
    reaches that far; with what the model expected."""
    end = np.datetime64(history.calibration_end, "D")
    days = transactions[date].to_numpy().astype("datetime64[D]")
    stop = end + np.timedelta64(round(horizon * history.unit_days), "D")
    if np.isnat(days).all() or days[~np.isnat(days)].max() < stop:
        return None
    ids = transactions[customer].to_numpy().astype(str)
    keep = (days > end) & (days <= stop) & (transactions[amount].to_numpy(float) >= 0) & np.isin(
        ids, history.frame["customer_id"].to_numpy())
    made = len(pd.DataFrame({"c": ids[keep], "d": days[keep]}).drop_duplicates())
    return float("nan"), made  # the expected number is filled in by _with_worked


def _with_worked(fc: CustomerValueForecast, currency: str | None) -> CustomerValueForecast:
    import dataclasses

    p = fc.purchases_fit.params
    c = fc.customers
    unit, t = fc.history.unit, fc.horizon
    money = lambda v: fmt.money(float(v), currency)  # noqa: E731
    lines = [f"BG/NBD fitted to {len(c):,} customers up to {fc.history.calibration_end} (time in {unit}s): "
             f"r = {p['r']:.4g}, α = {p['alpha']:.4g}, a = {p['a']:.4g}, b = {p['b']:.4g}."]
    if fc.spend_fit is not None:
        g = fc.spend_fit.params
        lines.append(f"Gamma-Gamma fitted to {fc.spend_fit.n:,} repeat buyers: p = {g['p']:.4g}, q = {g['q']:.4g}, "
                     f"γ = {g['gamma']:.4g}; mean spend per purchase γp ÷ (q − 1) = "
                     f"{money(gamma_gamma.population_mean(g))}.")
    best = c[c["x"] > 0].sort_values("expected_value" if fc.spend_fit else "expected_purchases").tail(1)
    if len(best):
        r = best.iloc[0]
        x, tx, T = int(r["x"]), r["t_x"], r["T"]
        odds = p["a"] / (p["b"] + x - 1) * ((p["alpha"] + T) / (p["alpha"] + tx)) ** (p["r"] + x)
        lines.append(f"Customer {r['customer_id']}: x = {x} repeat purchases, the last at t_x = {fmt.num(tx)}, "
                     f"observed for T = {fmt.num(T)} {unit}s. P(alive) = 1 ÷ (1 + a ÷ (b + x − 1) × ((α + T) ÷ "
                     f"(α + t_x))^(r + x)) = 1 ÷ (1 + {fmt.num(odds, 4)}) = {fmt.num(r['p_alive'], 4)}.")
        lines.append(f"E[Y({fmt.num(t)})] = {fmt.num(r['expected_purchases'], 3)} purchases in the next {fmt.num(t)} "
                     f"{unit}s" + (f"; E(M) = (γ + m_x x) p ÷ (p x + q − 1) = ({fmt.num(g['gamma'], 4)} + "
                                   f"{fmt.num(r['m_x'])} × {x}) × {fmt.num(g['p'], 4)} ÷ ({fmt.num(g['p'], 4)} × {x} + "
                                   f"{fmt.num(g['q'], 4)} − 1) = {money(r['expected_spend'])}; value = "
                                   f"{fmt.num(r['expected_purchases'], 3)} × {money(r['expected_spend'])} × "
                                   f"{fmt.num(fc.margin * 100)} % = {money(r['expected_value'])}."
                                   if fc.spend_fit else "."))
    holdout = fc.holdout
    lines.append(f"All customers: {fmt.num(fc.total_purchases, 1)} purchases expected in the next {fmt.num(t)} {unit}s"
                 + (f", worth {money(fc.total_value)}." if fc.spend_fit else "."))
    if holdout is not None:
        holdout = (fc.total_purchases, holdout[1])
        lines.append(f"Check: in the {fmt.num(t)} {unit}s after {fc.history.calibration_end} these customers made "
                     f"{holdout[1]:,} purchases; the model expected {fmt.num(holdout[0], 1)}.")
    return dataclasses.replace(fc, holdout=holdout, worked=tuple(lines))
