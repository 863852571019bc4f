"""Any metric split by a customer attribute (plan, segment, owner) or, for ticket metrics, by agent — METRICS.md
"Breakdowns and cohorts" (seed 001: churn "on a rep-to-rep basis"; seed 004: support-team performance).

Each value of the attribute gets its own analysis that keeps only that value (Settings.filters, on top of any
filters already in force), and the metric is computed on it exactly as for the whole book, so every number of a
group has its numerator, denominator and worked line. Customers without a value form the group "(blank)". For
`agent`, a ticket field, the group's analysis reads a copy of the dataset holding only that agent's tickets.

    >>> breakdown(analysis, "churned_customers", "plan")        # doctest: +SKIP
        plan   period  value  numerator  denominator  n
    0  basic  2024-01      1        NaN          NaN  NaN
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .attributes import ATTRIBUTES
from .engine import Analysis
from .errors import OptionError
from .metrics.registry import REGISTRY, Metric

BLANK = "(blank)"
TICKET_FIELDS = ("agent",)
VALUE_COLUMNS = ["period", "value", "numerator", "denominator", "n"]


def _metric(metric_id: str) -> Metric:
    try:
        return REGISTRY[metric_id]
    except KeyError:
        raise OptionError(f"there is no metric {metric_id!r}") from None


def _reads_customers(a: Analysis, m: Metric) -> bool:
    """Whether a table the metric reads names customers, so that keeping some customers changes the metric."""
    return any(a.dataset.has(kind, "customer_id") for kind in (m.needs or ("subscriptions", "customers")))


def breakdown_options(analysis: Analysis, metric_id: str) -> list[str]:
    """The attributes the metric can be split by, in display order: plan, segment, owner (those with values), and
    agent for ticket metrics when tickets name their agent."""
    m = _metric(metric_id)
    out = []
    if _reads_customers(analysis, m):
        attrs = analysis.attributes
        out += [c for c in ATTRIBUTES if c != "name" and c in attrs and attrs[c].notna().any()]
    if set(m.needs) == {"tickets"} and analysis.dataset.has("tickets", "agent"):
        out.append("agent")
    return out


def _labels(values: pd.Series) -> pd.Series:
    """Values as the text the filters compare, blanks as "(blank)"."""
    return values.astype(object).where(values.notna(), BLANK).astype(str)


def _ordered(labels: pd.Series) -> list[str]:
    found = set(labels)
    return sorted(found - {BLANK}) + ([BLANK] if BLANK in found else [])


def _pinned(a: Analysis):
    """The analysis's settings with its period range written out, so every group reads the same periods."""
    p = a.periods
    return dataclasses.replace(a.settings, start=p.starts[0].astype(object),
                               end=(p.ends[-1] - np.timedelta64(1, "D")).astype(object))


def _groups(a: Analysis, by: str):
    """(value, analysis keeping only that value) for every value of `by`."""
    settings = _pinned(a)
    if by in TICKET_FIELDS:
        tickets = a.dataset.get("tickets")
        labels = _labels(tickets[by])
        for v in _ordered(labels):
            ds = dataclasses.replace(a.dataset, tables={**a.dataset.tables, "tickets": tickets[(labels == v).to_numpy()]})
            yield v, Analysis(ds, settings)
        return
    attrs = a.attributes.copy()
    attrs[by] = _labels(attrs[by])
    for v in _ordered(attrs[by]):
        sub = Analysis(a.dataset, dataclasses.replace(settings, filters=(*settings.filters, (by, (v,)))))
        sub.attributes = attrs  # the same attribute table, blanks named, for every group (no recomputation)
        yield v, sub


def breakdown(analysis: Analysis, metric_id: str, by: str) -> pd.DataFrame:
    """The metric per period for each value of `by`: columns <by>, period, value, numerator, denominator, n.

    A group whose data cannot support the metric (say, no survey answers from one plan's customers) gets blank
    values rather than an error.
    """
    m = _metric(metric_id)
    options = breakdown_options(analysis, metric_id)
    if by not in options:
        why = f"it can be split by {', '.join(options)}" if options else "it cannot be split by customer or agent"
        raise OptionError(f"{metric_id} cannot be split by {by!r}: {why}")
    frames = []
    for value, sub in _groups(analysis, by):
        if m.requires(sub):
            rows = pd.DataFrame({"period": list(analysis.periods.labels)})
            rows[["value", "numerator", "denominator", "n"]] = None
        else:
            s = m.compute(sub)
            rows = pd.DataFrame([(p.period, p.value, p.numerator, p.denominator, p.n) for p in s.points],
                                columns=VALUE_COLUMNS)
        rows.insert(0, by, value)
        frames.append(rows)
    out = pd.concat(frames, ignore_index=True)
    for c in ("value", "numerator", "denominator", "n"):
        out[c] = pd.to_numeric(out[c], errors="coerce")
    return out
