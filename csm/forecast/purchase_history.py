"""Each customer's purchase history as the BG/NBD and Gamma-Gamma models read it: frequency, recency, age and the
average value of the repeat purchases, up to an explicit calibration end (never "today").

    h = purchase_history(transactions, calibration_end=dt.date(1997, 9, 30), unit_days=7)   # weeks, as the papers
    h.frame.head()      # customer_id, x, t_x, T, m_x, first, purchases, value

Definitions (Fader, Hardie & Lee 2005): a customer's purchases on one day are one transaction (their amounts
summed); `x` is the number of repeat transactions (all but the first) up to the calibration end, `t_x` the time of
the last one and `T` the time of the calibration end, both counted from the first purchase, in units of `unit_days`
days; `m_x` the mean value of the repeat transactions (Fader & Hardie 2013; NaN when x = 0). Refunds (amounts ≤ 0)
are not purchases (METRICS.md). Column names are arguments, so any transactions table can be read.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .fitting import FitError

WEEK = 7.0
MONTH = 365.25 / 12


@dataclass(frozen=True, eq=False)
class PurchaseHistory:
    """One row per customer whose first purchase is on or before the calibration end."""

    frame: pd.DataFrame  # customer_id, x, t_x, T, m_x, first (date), purchases (transactions incl. the first), value
    calibration_end: dt.date
    unit_days: float

    @property
    def unit(self) -> str:
        return {WEEK: "week", MONTH: "month", 1.0: "day"}.get(self.unit_days, f"{self.unit_days:g} days")

    @property
    def repeat_buyers(self) -> pd.DataFrame:
        return self.frame[self.frame["x"] > 0]


def purchase_history(transactions: pd.DataFrame, calibration_end: dt.date, unit_days: float = WEEK, *,
                     customer: str = "customer_id", date: str = "date", amount: str = "amount") -> PurchaseHistory:
    """The customers' (x, t_x, T, m_x) up to and including `calibration_end` (see the module docstring)."""
    end = np.datetime64(calibration_end, "D")
    days = transactions[date].to_numpy().astype("datetime64[D]")
    value = transactions[amount].to_numpy(float)
    keep = (value >= 0) & (days <= end) & ~np.isnat(days)
    if not keep.any():
        raise FitError(f"no purchase (an amount of 0 or more) is dated on or before {calibration_end}")
    by_day = (pd.DataFrame({"c": transactions[customer].to_numpy()[keep].astype(str), "d": days[keep],
                            "v": value[keep]})
              .groupby(["c", "d"], sort=True)["v"].sum().reset_index())
    g = by_day.groupby("c", sort=True)
    first, last = g["d"].min(), g["d"].max()
    n = g.size()
    total = g["v"].sum()
    first_value = by_day.drop_duplicates("c").set_index("c")["v"]  # sorted by day: each customer's first day
    x = (n - 1).to_numpy()
    to_unit = lambda delta: (delta.to_numpy().astype("timedelta64[D]").astype(float)) / unit_days  # noqa: E731
    with np.errstate(invalid="ignore", divide="ignore"):
        m_x = np.where(x > 0, (total - first_value.reindex(n.index)).to_numpy() / np.where(x > 0, x, 1), np.nan)
    frame = pd.DataFrame({
        "customer_id": n.index.to_numpy(), "x": x.astype(np.int64), "t_x": to_unit(last - first),
        "T": to_unit(pd.Series(end, index=first.index) - first), "m_x": m_x,
        "first": first.to_numpy(), "purchases": n.to_numpy(), "value": total.to_numpy(),
    })
    return PurchaseHistory(frame, calibration_end, float(unit_days))
