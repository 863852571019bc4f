"""The Overview in plain words: each headline metric for the selected period against the comparison period.

    ch = change(series, REGISTRY["customer_churn_rate"], i, j, "USD")
    ch.sentence()    # 'Customer churn rate fell from 3.1 % to 2.4 % (2024-05 → 2024-06), which is better.'
    ch.delta_text()  # '-0.7 pp' — the sign first, as st.metric reads it
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import fmt
from .engine import Analysis
from .metrics import REGISTRY, Metric
from .results import MetricSeries

# The executive summary, in reading order; each shows only when the data supports it.
HEADLINES = (
    "customers_end",
    "customer_churn_rate",
    "mrr",
    "net_revenue_retention",
    "revenue",
    "nps",
    "csat",
    "first_contact_resolution_rate",
    "active_customer_rate",
    "health_score",
)
UNIT_DELTA = {"percent": " pp", "days": " days", "hours": " h", "minutes": " min"}


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


@dataclass(frozen=True)
class Change:
    """One metric's value in a period and in the period it is compared with."""

    metric_id: str
    name: str
    unit: str
    period: str
    value: float | None
    previous_period: str | None
    previous: float | None
    higher_is_better: bool | None
    currency: str | None = None
    last_period: str | None = None  # when value is undefined: the latest earlier period that has one
    last_value: float | None = None

    @property
    def diff(self) -> float | None:
        if _missing(self.value) or _missing(self.previous):
            return None
        return float(self.value) - float(self.previous)

    @property
    def direction(self) -> str | None:
        """'rose', 'fell' or 'held' (None without a comparison)."""
        d = self.diff
        if d is None:
            return None
        if abs(d) < 1e-9 or fmt.value(self.value, self.unit, self.currency) == fmt.value(
            self.previous, self.unit, self.currency
        ):
            return "held"
        return "rose" if d > 0 else "fell"

    @property
    def verdict(self) -> str | None:
        """'better' or 'worse' for a move in a metric with a good direction; None otherwise."""
        if self.higher_is_better is None or self.direction in (None, "held"):
            return None
        return "better" if (self.direction == "rose") == self.higher_is_better else "worse"

    def shown(self, x: float | None) -> str:
        return fmt.value(x, self.unit, self.currency)

    def delta_text(self) -> str | None:
        """The change with its sign first ('-0.7 pp', '+$1,200'), as st.metric reads it; None without one."""
        d = self.diff
        if d is None:
            return None
        if d == 0:  # no change: no sign (the card shows it without an arrow, in grey)
            return f"0{UNIT_DELTA.get(self.unit, '')}"
        sign = "-" if d < 0 else "+"
        body = fmt.money(abs(d), self.currency) if self.unit == "money" else fmt.num(abs(d))
        return f"{sign}{body}{UNIT_DELTA.get(self.unit, '')}"

    def sentence(self) -> str:
        """'Customer churn rate fell from 3.1 % to 2.4 % (2024-05 → 2024-06), which is better.'"""
        name = self.name
        now = self.shown(self.value)
        if _missing(self.value):
            last = f"; the latest, {self.shown(self.last_value)}, is from {self.last_period}" if self.last_period else ""
            return f"{name} has no value in {self.period}{last}."
        if self.direction is None:
            return f"{name} was {now} in {self.period} (nothing to compare it with)."
        when = f"({self.previous_period} → {self.period})"
        if self.direction == "held":
            return f"{name} held at {now} {when}."
        tail = f", which is {self.verdict}" if self.verdict else ""
        return f"{name} {self.direction} from {self.shown(self.previous)} to {now} {when}{tail}."


def change(series: MetricSeries, metric: Metric, i: int, j: int | None, currency: str | None = None) -> Change:
    """The value of `series` in period i against period j (j None = no comparison)."""
    p = series.points[i]
    q = series.points[j] if j is not None else None
    last = next((x for x in reversed(series.points[:i]) if not _missing(x.value)), None) if _missing(p.value) else None
    return Change(
        metric.id, series.name, series.unit, p.period, p.value,
        q.period if q else None, q.value if q else None, metric.higher_is_better, currency,
        last.period if last else None, last.value if last else None,
    )


def headlines(analysis: Analysis, i: int, j: int | None, series_of=None) -> list[tuple[Change, MetricSeries]]:
    """The headline metrics the data supports, each with its change and its series (for sparklines).

    `series_of(metric_id)` computes a series (pass a cached one from the app); default: compute directly.
    """
    out = []
    for mid in HEADLINES:
        m = REGISTRY.get(mid)
        if m is None or m.requires(analysis):
            continue
        s = series_of(mid) if series_of else m.compute(analysis)
        out.append((change(s, m, i, j, analysis.currency), s))
    return out
