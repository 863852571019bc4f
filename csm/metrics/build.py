"""Helpers that turn per-period arrays into a MetricSeries with worked lines."""
from __future__ import annotations

import numpy as np

from .. import fmt
from ..engine import Analysis
from ..results import MetricSeries, build_points, safe_ratio, undefined_warning
from .registry import REGISTRY


def series(
    a: Analysis,
    metric_id: str,
    values,
    *,
    num=None,
    den=None,
    worked=None,
    n=None,
    variant: str | None = None,
    formula: str | None = None,
    latex: str | None = None,
    why: str | None = None,
    extra: dict | None = None,
    small: bool = True,
) -> MetricSeries:
    """A MetricSeries for the registered metric, from arrays with one entry per period."""
    m = REGISTRY[metric_id]
    labels = a.periods.labels
    points = build_points(labels, values, num, den, worked, n, small)
    warnings = undefined_warning(metric_id, labels, [p.value for p in points], why) if why else ()
    return MetricSeries(
        metric_id, m.name, m.unit, variant, formula or m.formula, latex or m.latex, points, warnings, extra or {}
    )


def pct_lines(num, den, values, num_text=None, den_text=None) -> list[str]:
    """'64 ÷ 1,000 × 100 = 6.4 %' for every period (texts override the plain numbers)."""
    out = []
    for i in range(len(values)):
        nt = num_text[i] if num_text is not None else fmt.num(num[i])
        dt_ = den_text[i] if den_text is not None else fmt.num(den[i])
        out.append(f"{nt} ÷ {dt_} × 100 = {fmt.num(values[i])} %" if not np.isnan(values[i])
                   else f"{nt} ÷ {dt_}: undefined (nothing to divide by)")
    return out


def ratio_lines(num, den, values, num_text=None, den_text=None, unit_fn=fmt.num) -> list[str]:
    """'3 ÷ 2 = 1.5' for every period."""
    out = []
    for i in range(len(values)):
        nt = num_text[i] if num_text is not None else unit_fn(num[i])
        dt_ = den_text[i] if den_text is not None else unit_fn(den[i])
        out.append(f"{nt} ÷ {dt_} = {unit_fn(values[i])}" if not np.isnan(values[i])
                   else f"{nt} ÷ {dt_}: undefined (nothing to divide by)")
    return out


def pct(num, den) -> np.ndarray:
    return safe_ratio(num, den, 100.0)


def money_texts(a: Analysis, xs) -> list[str]:
    return [fmt.money(float(x), a.currency) for x in xs]
