"""Any metric split by a customer attribute (plan, segment, owner) or, for ticket metrics, by agent — METRICS.md
"Breakdowns and cohorts" (seed 001: churn "on a rep-to-rep basis"; seed 004: support-team performance).

Each value of the attribute gets its own analysis that keeps only that value (Settings.filters, on top of any
filters already in force), and the metric is computed on it exactly as for the whole book, so every number of a
group has its numerator, denominator and worked line. Customers without a value form the group "(blank)". For
`agent`, a ticket field, the group's analysis reads a copy of the dataset holding only that agent's tickets.

The groups' tables are cut from the analysis's own (already filtered) tables in one pass per table — each row's
customer looked up once, the rows grouped by value — rather than by filtering every table again for every value
(an owner breakdown has hundreds), and every group reads the analysis's periods.

    >>> breakdown(analysis, "churned_customers", "plan")        # doctest: +SKIP
        plan   period  value  numerator  denominator  n
    0  basic  2024-01      1        NaN          NaN  NaN
"""
from __future__ import annotations

import dataclasses
import functools

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
    return a.settings.replace(start=p.starts[0].astype(object),
                               end=(p.ends[-1] - np.timedelta64(1, "D")).astype(object))


class _Split:
    """The analysis's filtered tables cut by group, each table on first use: every row's customer looked up once,
    the rows sorted by group (stably, so each group keeps the table's row order), and a group's rows a slice."""

    def __init__(self, a: Analysis, attrs: pd.DataFrame, by: str, values: list[str]) -> None:
        self.a, self.n = a, len(values)
        self.ids = pd.Index(attrs["customer_id"])
        self.group = pd.Index(values).get_indexer(attrs[by])  # attrs row → its group
        self.parts: dict[str, list] = {}

    def table(self, kind: str, k: int) -> pd.DataFrame | None:
        """What group k's analysis (the extra filter `by` = its value) gets from Analysis.table(kind)."""
        if kind not in self.parts:
            self.parts[kind] = self._cut(kind)
        return self.parts[kind][k]

    def _cut(self, kind: str) -> list:
        t = self.a.table(kind)
        if t is None or "customer_id" not in t:
            return [t] * self.n
        row = self.ids.get_indexer(t["customer_id"])
        g = np.where(row >= 0, self.group[row], -1)
        order = np.argsort(g, kind="stable")
        bounds = np.searchsorted(g[order], np.arange(self.n + 1))
        rows = t.take(order)
        return [rows.iloc[bounds[k] : bounds[k + 1]] for k in range(self.n)]


def _groups(a: Analysis, by: str):
    """(value, analysis keeping only that value) for every value of `by`.

    The group analyses are kept with the analysis's shared intermediates: for a sibling (another churn variant,
    say) each group's analysis is a sibling of the one made before, so its intervals and counts are reused."""
    settings = _pinned(a)
    for v, sub in a.memo(("breakdown groups", by), lambda: list(_new_groups(a, by, settings))):
        yield v, sub.sibling(settings.replace(filters=sub.settings.filters))


def _new_groups(a: Analysis, by: str, settings):
    if by in TICKET_FIELDS:
        tickets = a.dataset.get("tickets")
        labels = _labels(tickets[by])
        for v in _ordered(labels):
            ds = dataclasses.replace(a.dataset, tables={**a.dataset.tables, "tickets": tickets[(labels == v).to_numpy()]})
            yield v, Analysis(ds, settings)
        return
    attrs = a.attributes.copy()
    attrs[by] = _labels(attrs[by])
    values = _ordered(attrs[by])
    split = _Split(a, attrs, by, values)
    for k, v in enumerate(values):
        sub = Analysis(a.dataset, settings.replace(filters=(*settings.filters, (by, (v,)))))
        sub.attributes = attrs  # the same attribute table, blanks named, for every group (no recomputation)
        sub.periods = a.periods  # the pinned range gives the same periods
        sub.use_tables(functools.partial(split.table, k=k))
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
    rows = []
    for value, sub in _groups(analysis, by):
        if m.requires(sub):
            rows += [(value, label, None, None, None, None) for label in analysis.periods.labels]
        else:
            rows += [(value, p.period, p.value, p.numerator, p.denominator, p.n) for p in m.compute(sub).points]
    out = pd.DataFrame(rows, columns=[by, *VALUE_COLUMNS])
    for c in ("value", "numerator", "denominator", "n"):
        out[c] = pd.to_numeric(out[c], errors="coerce")
    return out
