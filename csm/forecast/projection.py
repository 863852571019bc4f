"""The scenario planner's recurrence: customers, MRR, ARR and revenue over the next N periods from the recent rates.

The rates are the means over the last K periods up to the period shown (`recent_rates`):

- `new_customers` N: customers who joined or came back per period (new + reactivated);
- `churn_rate` c: the customer churn rate in the variant in force (its denominator decides the step, below);
- `new_mrr` n: MRR from new and returning customers per period;
- `expansion_rate` e, `contraction_rate` k, `churned_mrr_rate` h: expansion, contraction and churned MRR as % of
  the MRR at the start of the period;
- `revenue_per_customer` q (with transactions): revenue per period ÷ customers at its end.

From the customers S and the MRR M at the end of the period shown, each next period (`project`):

    churned C = c × (what the variant divides by: S, S + N, E, (S + E) ÷ 2 or N), so E = S + N − C
    M' = M × (1 + e − k − h) + n;   ARR = 12 × M';   revenue = q × E (or M' × months in the period)

    >>> rates = recent_rates(analysis, i=analysis.periods.find("2025-06"), window=3)     # doctest: +SKIP
    >>> base = project(rates, 12)                                                          # doctest: +SKIP
    >>> lower = project(rates, 12, Scenario.parse("Lower churn", "churn_rate-1"))          # doctest: +SKIP
    >>> horizon_sentence(base, lower, "mrr")      # 'MRR in 2026-06: $91,200 instead of $84,700'
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import fmt
from ..engine import Analysis
from ..periods import DAY, make_periods
from ..results import MetricSeries, safe_ratio
from .scenario import Scenario


@dataclass(frozen=True)
class RateSpec:
    label: str
    unit: str  # "count", "percent" or "money"
    step: float  # the planner's control step


RATES = {
    "new_customers": RateSpec("New customers per period (new + reactivated)", "count", 1.0),
    "churn_rate": RateSpec("Customer churn rate", "percent", 0.1),
    "new_mrr": RateSpec("New MRR per period (new + reactivation)", "money", 100.0),
    "expansion_rate": RateSpec("Expansion MRR, % of MRR", "percent", 0.1),
    "contraction_rate": RateSpec("Contraction MRR, % of MRR", "percent", 0.1),
    "churned_mrr_rate": RateSpec("Churned MRR, % of MRR", "percent", 0.1),
    "revenue_per_customer": RateSpec("Revenue per customer per period", "money", 1.0),
}

# churn variant → (what the rate divides by, the step in words, churned C from S, N and c as a fraction)
STEPS: dict[str, tuple[str, str, Callable]] = {
    "start": ("S", "C = c × S", lambda S, N, c: c * S),
    "start_cohort": ("S", "C = c × S", lambda S, N, c: c * S),
    "acquired": ("N", "C = c × N", lambda S, N, c: c * N),
    "total": ("S + N", "C = c × (S + N)", lambda S, N, c: c * (S + N)),
    "end": ("E", "C = c × E, so C = c × (S + N) ÷ (1 + c)", lambda S, N, c: c * (S + N) / (1 + c)),
    "average": ("(S + E) ÷ 2", "C = c × (S + E) ÷ 2, so C = c × (2S + N) ÷ (2 + c)",
                lambda S, N, c: c * (2 * S + N) / (2 + c)),
    "customer_days": ("(S + E) ÷ 2", "C = c × (S + E) ÷ 2 (the average customers stand for the customer-days), "
                      "so C = c × (2S + N) ÷ (2 + c)", lambda S, N, c: c * (2 * S + N) / (2 + c)),
}
LATEX = (r"E_{t} = S_{t} + N - C_{t},\quad S_{t+1} = E_{t};\qquad "
         r"M_{t+1} = M_t\,(1 + e - k - h) + n,\quad \mathrm{ARR} = 12\,M")


@dataclass(frozen=True, eq=False)
class Rates:
    """The recent rates the baseline projects, with how each was averaged."""

    values: dict[str, float]  # rate → value (percent rates in %); a rate the data cannot give is left out
    worked: dict[str, str]  # rate → 'mean of 2.1 %, 2.4 %, 1.9 % (2025-04…2025-06) = 2.13 %'
    window: tuple[str, ...]  # the periods averaged
    period: str  # the period the projection starts after
    granularity: str
    fiscal_start: int
    next_start: np.datetime64  # first day after `period`
    months: float  # months in one period (weeks: 7 ÷ 30.44)
    variant: str  # the churn variant in force
    customers: float  # customers at the end of `period`
    mrr: float | None  # MRR at the end of `period` (None without subscriptions)
    currency: str | None = None
    margin: float = 1.0  # gross margin, 0–1 (CLV)

    def shown(self, rate: str, value: float | None = None) -> str:
        v = self.values.get(rate) if value is None else value
        unit = RATES[rate].unit
        return fmt.value(v, unit, self.currency) if unit != "count" else fmt.num(v)


@dataclass(frozen=True, eq=False)
class Projection:
    """N periods of the recurrence under one set of rates: the numbers and the worked steps."""

    name: str
    rates: dict[str, float]
    labels: tuple[str, ...]
    starts: np.ndarray  # first day of each projected period
    customers: np.ndarray  # E_t
    churned: np.ndarray  # C_t
    mrr: np.ndarray | None
    revenue: np.ndarray | None
    worked: tuple[str, ...]  # one line per period, numbers plugged in
    clv: float | None
    clv_worked: str
    formula: str
    latex: str = LATEX
    scenario: Scenario | None = field(default=None)

    @property
    def arr(self) -> np.ndarray | None:
        return None if self.mrr is None else 12 * self.mrr

    def frame(self) -> pd.DataFrame:
        out = {"period": list(self.labels), "start": pd.to_datetime(self.starts), "customers": self.customers,
               "churned": self.churned}
        if self.mrr is not None:
            out.update(mrr=self.mrr, arr=self.arr)
        if self.revenue is not None:
            out["revenue"] = self.revenue
        return pd.DataFrame(out)


def _mean_line(values: np.ndarray, labels: list[str], text: Callable[[float], str]) -> tuple[float, str]:
    ok = ~np.isnan(values)
    if not ok.any():
        return float("nan"), f"no value in {labels[0]}…{labels[-1]}"
    mean = float(np.mean(values[ok]))
    shown = ", ".join(text(v) for v in values[ok])
    span = labels[0] if len(labels) == 1 else f"{labels[0]}…{labels[-1]}"
    return mean, f"mean of {shown} ({span}) = {text(mean)}"


def recent_rates(analysis: Analysis, i: int, window: int = 3,
                 series_of: Callable[[str], MetricSeries] | None = None) -> Rates:
    """The rates averaged over the `window` periods up to period i (fewer when the range starts later).

    `series_of(metric_id)` gives a metric's series (pass the app's memoised one); default: computed here."""
    from ..metrics import REGISTRY

    series_of = series_of or (lambda mid: REGISTRY[mid].compute(analysis))
    a, periods = analysis, analysis.periods
    lo = max(0, i - window + 1)
    sl = slice(lo, i + 1)
    labels = list(periods.labels[sl])
    money = lambda v: fmt.money(v, a.currency)  # noqa: E731
    pct = lambda v: f"{fmt.num(v)} %"  # noqa: E731
    values, worked = {}, {}

    def put(rate: str, per_period: np.ndarray, text) -> None:
        v, line = _mean_line(np.asarray(per_period, dtype=float)[sl], labels, text)
        if not np.isnan(v):
            values[rate], worked[rate] = v, line

    c = a.counts
    put("new_customers", c.N + c.R, fmt.num)
    churn = series_of("customer_churn_rate")
    put("churn_rate", churn.values, pct)
    has_mrr = not REGISTRY["mrr"].requires(a)
    if has_mrr:
        f = a.flows
        put("new_mrr", f.new_mrr + f.reactivation_mrr, money)
        for rate, part in (("expansion_rate", f.expansion_mrr), ("contraction_rate", f.contraction_mrr),
                           ("churned_mrr_rate", f.churned_mrr)):
            put(rate, safe_ratio(part, f.start, 100.0), pct)
    if not REGISTRY["revenue"].requires(a):
        put("revenue_per_customer", safe_ratio(series_of("revenue").values, c.E.astype(float)), money)
    return Rates(values, worked, tuple(labels), periods.labels[i], periods.granularity, periods.fiscal_start,
                 periods.ends[i], float(np.mean(periods.months[sl])), churn.variant or "start", float(c.E[i]),
                 float(a.flows.end[i]) if has_mrr else None, a.currency, a.settings.gross_margin / 100)


def future_periods(rates: Rates, horizon: int) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The labels, first days and lengths in months of the `horizon` periods after the one shown."""
    start = rates.next_start
    p = make_periods(rates.granularity, start, start + horizon * 366 * DAY, rates.fiscal_start)
    return p.labels[:horizon], p.starts[:horizon], p.months[:horizon]


def project(rates: Rates, horizon: int = 12, scenario: Scenario | None = None) -> Projection:
    """The recurrence over `horizon` periods under the recent rates, or under a scenario's overrides of them."""
    r = scenario.apply(rates.values) if scenario else dict(rates.values)
    labels, starts, months = future_periods(rates, horizon)
    which, step_text, churned_of = STEPS.get(rates.variant, STEPS["start"])
    N, c = r.get("new_customers", 0.0), r.get("churn_rate", 0.0) / 100
    S = np.empty(horizon + 1)
    C = np.empty(horizon)
    S[0] = rates.customers
    for t in range(horizon):  # a recurrence: each period starts from the last one's end (N is at most a few dozen)
        C[t] = min(max(churned_of(S[t], N, c), 0.0), S[t] + N)
        S[t + 1] = S[t] + N - C[t]
    E = S[1:]
    mrr = revenue = None
    growth = n = 0.0
    if rates.mrr is not None:
        growth = (r.get("expansion_rate", 0.0) - r.get("contraction_rate", 0.0) - r.get("churned_mrr_rate", 0.0)) / 100
        n = r.get("new_mrr", 0.0)
        M = np.empty(horizon + 1)
        M[0] = rates.mrr
        for t in range(horizon):
            M[t + 1] = max(M[t] * (1 + growth) + n, 0.0)
        mrr = M[1:]
    q = r.get("revenue_per_customer")
    if q is not None:
        revenue = q * E
    elif mrr is not None:
        revenue = mrr * months
    name = scenario.name if scenario else "Baseline"
    money = lambda v: fmt.money(float(v), rates.currency)  # noqa: E731
    worked = []
    for t in range(horizon):
        line = (f"{labels[t]}: C = {_churn_numbers(rates.variant, S[t], N, c)} = {fmt.num(C[t], 1)}; "
                f"E = {fmt.num(S[t], 1)} + {fmt.num(N, 2)} − {fmt.num(C[t], 1)} = {fmt.num(E[t], 1)} customers")
        if mrr is not None:
            prev = rates.mrr if t == 0 else mrr[t - 1]
            line += (f"; MRR = {money(prev)} × (1 + {fmt.num(r.get('expansion_rate', 0.0))} % − "
                     f"{fmt.num(r.get('contraction_rate', 0.0))} % − {fmt.num(r.get('churned_mrr_rate', 0.0))} %) + "
                     f"{money(n)} = {money(mrr[t])}")
        if q is not None:
            line += f"; revenue = {money(q)} × {fmt.num(E[t], 1)} = {money(revenue[t])}"
        worked.append(line)
    clv, clv_worked = _clv(rates, r, E, C, S, mrr, months)
    formula = (f"{step_text} (churn rate c = churned ÷ {which}, variant {rates.variant}); E = S + N − C; "
               "MRR' = MRR × (1 + e − k − h) + n; ARR = 12 × MRR"
               + ("; revenue = q × E" if q is not None else "; revenue = MRR × months" if mrr is not None else ""))
    return Projection(name, r, labels, starts, E, C, mrr, revenue, tuple(worked), clv, clv_worked, formula,
                      scenario=scenario)


def _churn_numbers(variant: str, S: float, N: float, c: float) -> str:
    cs, s, n = f"{fmt.num(c * 100, 2)} %", fmt.num(S, 1), fmt.num(N, 2)
    return {"acquired": f"{cs} × {n}", "total": f"{cs} × ({s} + {n})",
            "end": f"{cs} × ({s} + {n}) ÷ (1 + {cs})",
            "average": f"{cs} × (2 × {s} + {n}) ÷ (2 + {cs})",
            "customer_days": f"{cs} × (2 × {s} + {n}) ÷ (2 + {cs})"}.get(variant, f"{cs} × {s}")


def _clv(rates: Rates, r: dict, E, C, S, mrr, months) -> tuple[float | None, str]:
    """CLV at the horizon: value per customer per month × margin × lifespan, the lifespan from the last projected
    period's churn (C ÷ S, per month)."""
    money = lambda v: fmt.money(float(v), rates.currency)  # noqa: E731
    m = float(months[-1])
    by_mrr = mrr is not None and E[-1] > 0
    if not by_mrr and r.get("revenue_per_customer") is None:
        return None, "CLV needs MRR or revenue."
    start = S[-2]
    if C[-1] <= 0 or start <= 0:
        return None, "CLV is unbounded: no customer churns in the projection, so the lifespan has no end."
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        per_month = mrr[-1] / E[-1] if by_mrr else r["revenue_per_customer"] / m
        monthly = C[-1] / start / m
        life = 1 / monthly
        clv = per_month * rates.margin * life
    if not all(np.isfinite(v) for v in (per_month, life, clv)):
        return None, "CLV is unbounded: the projected churn is too small for a lifespan to be read from it."
    what = (f"ARPA {money(per_month)} ({money(mrr[-1])} ÷ {fmt.num(E[-1], 1)})" if by_mrr
            else f"revenue per customer per month {money(per_month)}")
    return clv, (f"{what} × {fmt.num(rates.margin * 100)} % margin × lifespan {fmt.num(life, 1)} months (1 ÷ "
                 f"monthly churn {fmt.num(monthly * 100, 2)} % = {fmt.num(C[-1], 1)} ÷ {fmt.num(start, 1)}"
                 + (f" ÷ {fmt.num(m)} months" if m != 1 else "") + f") = {money(clv)}")


def horizon_sentence(base: Projection, other: Projection, what: str, currency: str | None = None) -> str:
    """'MRR in 2026-12: $91,200 instead of $84,700' — `what` is customers, mrr, arr or revenue."""
    a, b = getattr(base, what), getattr(other, what)
    if a is None or b is None:
        return ""
    label = {"customers": "Customers", "mrr": "MRR", "arr": "ARR", "revenue": "Revenue"}[what]
    shown = (lambda v: fmt.num(v, 1)) if what == "customers" else (lambda v: fmt.money(float(v), currency, 0))
    if np.isclose(a[-1], b[-1]):
        return f"{label} in {base.labels[-1]}: {shown(b[-1])}, as in the baseline"
    return f"{label} in {base.labels[-1]}: {shown(b[-1])} instead of {shown(a[-1])}"
