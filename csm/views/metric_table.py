"""The table behind one metric: over the periods (for its chart and table), or by group in one period.

Every per-period table carries each period's start and last day (the charts order the periods by them), and a metric's
table says which periods the data covers only in part.

    frame = series_frame(series, analysis.periods, analysis.currency)   # one row per period, for chart and table
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt
from ..periods import Periods
from ..results import SMALL_SAMPLE, MetricSeries


def add_period_dates(frame: pd.DataFrame, periods: Periods) -> None:
    """Add each row's period start and last day (bars span their period on a time axis)."""
    starts = dict(zip(periods.labels, pd.to_datetime(periods.starts), strict=True))
    ends = dict(zip(periods.labels, pd.to_datetime(periods.ends - np.timedelta64(1, "D")), strict=True))
    frame["start"] = frame["period"].map(starts)
    frame["end"] = frame["period"].map(ends)


def coverage(periods: Periods, span) -> list[str]:
    """'complete', or 'partial: first – last day with data' for a period the data covers only in part (the half
    year 1998 of a file that ends in June)."""
    last = periods.ends - np.timedelta64(1, "D")
    if span is None:
        return ["complete"] * len(periods)
    first_day, last_day = np.datetime64(span[0], "D"), np.datetime64(span[1], "D")
    return ["complete" if s >= first_day and e <= last_day else
            f"partial: {max(s, first_day)} – {min(e, last_day)}" for s, e in zip(periods.starts, last, strict=True)]


def series_frame(series: MetricSeries, periods: Periods, currency: str | None = None, span=None) -> pd.DataFrame:
    """The table behind a metric: one row per period with the value, its parts, the worked line, n and how much of
    the period the data covers (`span`: the data's first and last day, csm.dataset.Dataset.span)."""
    pts = series.points
    return pd.DataFrame({
        "period": [p.period for p in pts],
        "start": pd.to_datetime(periods.starts[: len(pts)]),
        "end": pd.to_datetime(periods.ends[: len(pts)] - np.timedelta64(1, "D")),
        "value": [np.nan if p.value is None else float(p.value) for p in pts],
        "shown": [fmt.value(p.value, series.unit, currency) for p in pts],
        "numerator": [np.nan if p.numerator is None else float(p.numerator) for p in pts],
        "denominator": [np.nan if p.denominator is None else float(p.denominator) for p in pts],
        "n": pd.array([p.n for p in pts], dtype="Int64"),
        "small_sample": [p.small_sample for p in pts],
        "worked": [p.worked for p in pts],
        "coverage": coverage(periods, span)[: len(pts)],
    })


def breakdown_in_period(frame: pd.DataFrame, by: str, period: str, unit: str, currency: str | None = None
                        ) -> pd.DataFrame:
    """One period of `csm.breakdown.breakdown`: group, value, shown, numerator, denominator, n."""
    out = frame[frame["period"] == period].rename(columns={by: "group"})
    out = out[["group", "value", "numerator", "denominator", "n"]].reset_index(drop=True)
    out.insert(2, "shown", [fmt.value(v, unit, currency) for v in out["value"]])
    out["small_sample"] = out["n"].notna() & (out["n"] < SMALL_SAMPLE)
    return out
