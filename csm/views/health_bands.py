"""Customer health by band: the customers in each band per period, and the backtest's churn per band."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..periods import Periods
from .metric_table import add_period_dates


def bands_frame(by_period: pd.DataFrame, periods: Periods) -> pd.DataFrame:
    """`csm.health_model.health_by_period` in long form for a stacked bar: period, start, category (band), value."""
    long = by_period.melt(id_vars="period", value_vars=["red", "yellow", "green"], var_name="category",
                          value_name="value")
    add_period_dates(long, periods)
    return long[["period", "start", "end", "category", "value"]]


def backtest_summary(bt: pd.DataFrame) -> pd.DataFrame:
    """The backtest over every period: per band, customers, how many churned in the next period, and the rate (%)."""
    out = bt.groupby("band", sort=False)[["customers", "churned_next"]].sum().reset_index()
    out["churn_rate_next"] = np.where(out["customers"] > 0, out["churned_next"] / out["customers"].clip(lower=1) * 100,
                                      np.nan)
    return out
