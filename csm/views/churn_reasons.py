"""Churn reasons: the churn events of each period by reason, and what the customers said when they left.

    >>> by_period(analysis)        # one row per reason, one column per period label: events counted
    >>> comments(analysis, i)      # the events of period i that carry a comment: customer, date, reason, comment
"""
from __future__ import annotations

import pandas as pd

from ..metrics.retention import churn_reason_counts


def _events(a) -> pd.DataFrame:
    e = a.table("churn_events")
    return e if e is not None else pd.DataFrame(columns=["customer_id", "churn_date"])


def by_period(a) -> pd.DataFrame:
    """Churn events counted by reason (rows, most frequent first) and period (columns, in order): the counts of the
    churn_events metric (csm.metrics.retention.churn_reason_counts)."""
    counts = churn_reason_counts(a)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    return counts.rename_axis(index="reason", columns=None).astype(int)


def shares(frame: pd.DataFrame) -> pd.DataFrame:
    """`by_period`'s table in the long form the stacked-bar chart takes: period, category, value."""
    long = frame.reset_index().melt(id_vars="reason", var_name="period", value_name="value")
    return long.rename(columns={"reason": "category"})[["period", "category", "value"]]


def latest_first(frame: pd.DataFrame) -> pd.DataFrame:
    """`by_period`'s table turned for reading: one row per period (the latest first), one column per reason, the
    total last."""
    out = frame.T.iloc[::-1]
    out = out.assign(total=out.sum(axis=1))
    return out.rename_axis(index="period", columns=None).reset_index()


def comments(a, i: int) -> pd.DataFrame:
    """The churn events of period i that carry a comment, latest first."""
    e = _events(a)
    if "comment" not in e:
        return pd.DataFrame(columns=["customer_id", "churn_date", "reason", "comment"])
    mine = e[(a.period_index(e["churn_date"]) == i) & e["comment"].notna().to_numpy()]
    cols = [c for c in ("customer_id", "churn_date", "reason", "comment") if c in mine]
    out = mine.sort_values("churn_date", ascending=False, kind="stable")[cols].reset_index(drop=True)
    return out.assign(churn_date=out["churn_date"].dt.date)


def sources(a) -> list[str]:
    """The tables the churn events come from."""
    return [t.label for t in a.dataset.report.tables if t.kind == "churn_events"]
