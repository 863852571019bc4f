"""Result records: one metric over every period, with the numbers behind each value.

Computation stays in arrays (one entry per period); the worked lines are formatted from those arrays when a
series is built, so a page or the command line never recomputes anything to explain a value.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

SMALL_SAMPLE = 30


def _clean(x) -> float | None:
    if x is None:
        return None
    f = float(x)
    if math.isnan(f) or math.isinf(f):
        return None
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


@dataclass(frozen=True)
class Point:
    """One period's result."""

    period: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    worked: str = ""
    n: int | None = None  # number of observations behind the value (customers, responses, tickets)
    small_sample: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"period": self.period, "value": self.value}
        out["numerator"] = self.numerator
        out["denominator"] = self.denominator
        out["worked"] = self.worked
        if self.n is not None:
            out["n"] = self.n
        out["small_sample"] = self.small_sample
        return out


@dataclass(frozen=True)
class MetricSeries:
    """A metric computed for every period."""

    id: str
    name: str
    unit: str
    variant: str | None
    formula: str
    latex: str
    points: tuple[Point, ...]
    warnings: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # companion series (e.g. NPS shares), by name

    @property
    def labels(self) -> list[str]:
        return [p.period for p in self.points]

    @property
    def values(self) -> np.ndarray:
        return np.array([np.nan if p.value is None else p.value for p in self.points], dtype=float)

    def point(self, label: str) -> Point | None:
        for p in self.points:
            if p.period == label:
                return p
        return None

    def to_json(self) -> dict[str, Any]:
        out = {
            "name": self.name,
            "unit": self.unit,
            "variant": self.variant,
            "formula": self.formula,
            "series": [p.to_json() for p in self.points],
        }
        if self.extra:
            out["extra"] = self.extra
        return out


def build_points(
    labels,
    values,
    numerators=None,
    denominators=None,
    worked=None,
    n=None,
    small: bool = True,
) -> tuple[Point, ...]:
    """Points from per-period arrays; NaN/inf values become None. `worked` is a list of strings (or None)."""
    k = len(labels)
    nums = [None] * k if numerators is None else [_clean(x) for x in numerators]
    dens = [None] * k if denominators is None else [_clean(x) for x in denominators]
    ns = [None] * k if n is None else [int(x) for x in n]
    ws = [""] * k if worked is None else list(worked)
    return tuple(
        Point(
            period=labels[i],
            value=_clean(values[i]),
            numerator=nums[i],
            denominator=dens[i],
            worked=ws[i],
            n=ns[i],
            small_sample=bool(small and ns[i] is not None and ns[i] < SMALL_SAMPLE),
        )
        for i in range(k)
    )


def safe_ratio(num: np.ndarray, den: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """num ÷ den × scale, NaN where den is 0 (never inf)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num * scale, den, out=out, where=den != 0)
    return out


def undefined_warning(metric_id: str, labels, values, why: str) -> tuple[str, ...]:
    """One warning naming the periods where a ratio is undefined (its denominator is 0)."""
    bad = [lab for lab, v in zip(labels, values, strict=True) if v is None or (isinstance(v, float) and math.isnan(v))]
    if not bad:
        return ()
    shown = ", ".join(bad[:6]) + (f" and {len(bad) - 6} more" if len(bad) > 6 else "")
    return (f"{metric_id} is undefined (null) in {shown}: {why}.",)
