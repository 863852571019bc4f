"""Customer counts, churn (seven variants), retention and growth — METRICS.md "Customers"."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt
from ..churn_variants import VARIANTS
from ..engine import Analysis
from .build import pct, pct_lines, series
from .per_period import as_list
from .registry import metric


def needs_customers(a: Analysis) -> str | None:
    return a.churn_event_missing()


def _dates(a: Analysis, which: str) -> list[str]:
    p = a.periods
    days = p.boundaries[:-1] if which == "start" else p.boundaries[1:]
    return [str(d) for d in days]


def _count(a: Analysis, metric_id: str, values, describe) -> object:
    values = np.asarray(values)
    worked = [describe(i, fmt.num(v)) for i, v in enumerate(values)]
    return series(a, metric_id, values, worked=worked, small=False)


COUNT_COMMON = dict(unit="count", group="retention", requires=needs_customers,
                    needs=("subscriptions", "customers", "transactions"))


@metric(id="customers_start", name="Customers at start", formula="S = customers active on the last day before the period",
        latex=r"S = \#\{c : c \text{ active on the day before } P\}",
        definition="Customers active on the last day before the period (S).", **COUNT_COMMON)
def customers_start(a: Analysis):
    d = _dates(a, "start")
    return _count(a, "customers_start", a.counts.S, lambda i, v: f"{v} customers active on {d[i]}")


@metric(id="customers_end", name="Customers at end", formula="E = customers active on the last day of the period",
        latex=r"E = \#\{c : c \text{ active on the last day of } P\}",
        definition="Customers active on the last day of the period (E).", **COUNT_COMMON)
def customers_end(a: Analysis):
    d = _dates(a, "end")
    return _count(a, "customers_end", a.counts.E, lambda i, v: f"{v} customers active on {d[i]}")


@metric(id="new_customers", name="New customers", formula="N = customers whose first-ever activation falls in the period",
        latex=r"N = \#\{c : \text{first activation of } c \in P\}",
        definition="Customers whose first-ever activation falls in the period (N).", **COUNT_COMMON)
def new_customers(a: Analysis):
    lab = a.periods.labels
    return _count(a, "new_customers", a.counts.N, lambda i, v: f"{v} customers first active in {lab[i]}")


@metric(id="reactivated_customers", name="Reactivated customers",
        formula="R = customers, not new in the period, who start an interval in it after a gap",
        latex=r"R = \#\{c \notin N : c \text{ starts an interval in } P \text{ after a gap}\}",
        definition="Customers, not new in the period, who become active again in it after a gap (R).", **COUNT_COMMON)
def reactivated_customers(a: Analysis):
    lab = a.periods.labels
    return _count(a, "reactivated_customers", a.counts.R, lambda i, v: f"{v} customers came back in {lab[i]}")


@metric(id="churned_customers", name="Churned customers",
        formula="C = customers with an active interval that ends in the period",
        latex=r"C = \#\{c : \text{an interval of } c \text{ ends in } P\}",
        definition="Distinct customers whose active interval ends in the period and who are not active again on "
                   "that day, including customers who joined and left in the period (C).",
        higher_is_better=False, **COUNT_COMMON)
def churned_customers(a: Analysis):
    lab = a.periods.labels
    return _count(a, "churned_customers", a.counts.C, lambda i, v: f"{v} customers left in {lab[i]}")




@metric(id="customer_churn_rate", reads=("churn_variant",),
        name="Customer churn rate", unit="percent", group="retention",
        formula=VARIANTS["start"].formula, latex=VARIANTS["start"].latex,
        definition="The share of customers lost in the period. Seven readings are in use; the variant in force is "
                   "shown with every number, and any two can be reconciled customer by customer.",
        requires=needs_customers, needs=("subscriptions", "customers", "transactions"),
        notes=("Default `start` follows seed 001: 64 churned of 1,000 at the start = 6.4 %.",
               "`acquired` (seed 000) divides by new customers, which is not a churn rate in the usual sense; it "
               "is kept as a named variant because the source uses it.",
               "`end` follows seed 003 (\"the total remaining customers\").",
               "Customers who joined and left in the same period count as churned (seed 001)."),
        higher_is_better=False, source="seeds 000, 001, 002, 003")
def customer_churn_rate(a: Analysis):
    return churn_series(a, a.settings.churn_variant)


def churn_series(a: Analysis, variant: str):
    """The churn rate under any variant (not only the one in force): the reconciliation shows all seven."""
    v = VARIANTS[variant]
    num, den, nt, dt_ = v.parts(a.counts)
    values = pct(num, den)
    n = np.floor(den).astype(int)  # a whole number of customers, also for the averaged denominators
    return series(a, "customer_churn_rate", values, num=num, den=den, worked=pct_lines(num, den, values, nt, dt_),
                  n=n, variant=variant, formula=v.formula, latex=v.latex, why=v.undefined_why)


@metric(id="customer_retention_rate", name="Customer retention rate", unit="percent", group="retention",
        formula="customers active at both the start and the end ÷ customers at start × 100",
        latex=r"\frac{|S \cap E|}{S} \times 100",
        definition="The share of the customers at the start who are still (or again) customers at the end.",
        requires=needs_customers, needs=("subscriptions", "customers", "transactions"),
        notes=("The textbook (E − N) ÷ S × 100 (seed 004) gives the same number when no one reactivates and no "
               "one joins and leaves in the period; we count the customers themselves, so reactivations never "
               "inflate it.",), source="seed 004")
def customer_retention_rate(a: Analysis):
    c = a.counts
    values = pct(c.retained, c.S)
    return series(a, "customer_retention_rate", values, num=c.retained, den=c.S,
                  worked=pct_lines(c.retained, c.S, values), n=c.S, why="there were no customers at the start")


@metric(id="customer_growth_rate", name="Customer growth rate", unit="percent", group="retention",
        formula="(customers at end − customers at start) ÷ customers at start × 100",
        latex=r"\frac{E - S}{S} \times 100",
        definition="Net change in the number of customers over the period, relative to the start (seed 000's "
                   "portfolio growth).", requires=needs_customers, needs=("subscriptions", "customers", "transactions"),
        source="seed 000")
def customer_growth_rate(a: Analysis):
    c = a.counts
    num = (c.E - c.S).astype(float)
    values = pct(num, c.S)
    nt = [f"({fmt.num(e)} − {fmt.num(s)})" for s, e in zip(c.S, c.E, strict=True)]
    return series(a, "customer_growth_rate", values, num=num, den=c.S, worked=pct_lines(num, c.S, values, nt),
                  n=c.S, why="there were no customers at the start")


# ----- churn events and their reasons ----------------------------------------------------------------------
def needs_churn_events(a: Analysis) -> str | None:
    return None if a.dataset.has("churn_events") else "needs a churn events table (customer, churn date, reason)"


@metric(id="churn_events", name="Churn events", unit="count", group="retention",
        formula="churn events dated in the period", latex=r"\#\{e : \mathrm{churn\ date}_e \in P\}",
        requires=needs_churn_events, needs=("churn_events",),
        definition="The churn events of a churn-events table (a cancellation log) dated in the period, with their "
                   "reasons: one extra series per reason counts that reason's events.",
        notes=("A customer who churns twice in a period counts twice here and once in churned customers.",
               "The extra series are named `reason:<reason>`; events without a reason count under `reason:(none)`."),
        higher_is_better=False, source="cancellation logs (ChartMogul churn reasons, Baremetrics cancellation "
                                       "insights)")
def churn_events(a: Analysis):
    counts = churn_reason_counts(a)
    total = counts.sum(axis=0).to_numpy(dtype=float)
    extra = {f"reason:{r}": as_list(row.astype(float)) for r, row in zip(counts.index, counts.to_numpy(), strict=True)
             } if "reason" in a.table("churn_events") else {}
    lab = a.periods.labels
    worked = [f"{fmt.num(n)} churn events dated in {lab[i]}" for i, n in enumerate(total)]
    return series(a, "churn_events", total, worked=worked, n=total, small=False, extra=extra)


NO_REASON = "(none)"  # the reason of a churn event that gives none


def churn_reason_counts(a: Analysis) -> pd.DataFrame:
    """The churn events counted by reason (rows, in the reasons' order) and period (columns, the period labels)."""
    e = a.table("churn_events")
    k = len(a.periods)
    pidx = a.period_index(e["churn_date"])
    reasons = (e["reason"].astype("string") if "reason" in e else pd.Series(pd.NA, index=e.index, dtype="string"))
    codes, names = pd.factorize(reasons.fillna(NO_REASON), sort=True)
    ok = pidx >= 0
    counts = np.bincount(codes[ok] * k + pidx[ok], minlength=len(names) * k).reshape(len(names), k)
    return pd.DataFrame(counts, index=pd.Index(names, name="reason", dtype=object), columns=list(a.periods.labels))
