"""Two periods side by side for every metric the data supports: both values, the change (absolute and relative)
and whether it is better, by the metric's `higher_is_better`.

    c = compare_periods(analysis, analysis.periods.find("2025-06"), analysis.periods.find("2024-06"))
    c.frame        # metric, name, unit, value, other, change, change_pct, verdict, sentence
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import fmt
from ..engine import Analysis
from ..errors import CsmError
from ..results import MetricSeries
from ..summary import UNIT_DELTA, Change, change


@dataclass(frozen=True, eq=False)
class PeriodComparison:
    """Every metric in `period` against `other`."""

    period: str
    other: str
    changes: tuple[Change, ...]
    currency: str | None = None

    @property
    def frame(self) -> pd.DataFrame:
        rows = []
        for ch in self.changes:
            rel = relative_change(ch.value, ch.previous)
            rows.append({"metric": ch.metric_id, "name": ch.name, "unit": ch.unit, "value": ch.value,
                         "other": ch.previous, "change": ch.diff, "change_pct": rel,
                         "verdict": ch.verdict or ("same" if ch.direction == "held" else ""),
                         "shown": f"{ch.shown(ch.previous)} → {ch.shown(ch.value)}",
                         "change_shown": _change_text(ch, rel), "sentence": ch.sentence()})
        return pd.DataFrame(rows, columns=["metric", "name", "unit", "value", "other", "change", "change_pct",
                                           "verdict", "shown", "change_shown", "sentence"])

    def counts(self) -> dict[str, int]:
        """How many metrics got better, worse, stayed the same, or have no direction or no value."""
        v = self.frame["verdict"].replace("", "no verdict")
        return {k: int(n) for k, n in v.value_counts().items()}


def relative_change(value: float | None, other: float | None) -> float | None:
    """(value − other) ÷ |other| × 100; None when either is missing or other is 0."""
    if value is None or other is None or other == 0 or np.isnan(value) or np.isnan(other):
        return None
    return (float(value) - float(other)) / abs(float(other)) * 100


def _change_text(ch: Change, rel: float | None) -> str:
    if ch.diff is None:
        return "—"
    body = ch.delta_text() or ""
    if ch.unit == "percent":
        return body  # a change of a percentage is in points; a percent of a percent confuses
    return body + (f" ({'+' if rel >= 0 else '-'}{fmt.num(abs(rel), 1)} %)" if rel is not None else "")


def compare_periods(analysis: Analysis, i: int, j: int,
                    series_of: Callable[[str], MetricSeries] | None = None) -> PeriodComparison:
    """Period i against period j for every metric the data supports (`series_of` as in csm.summary.headlines)."""
    from ..metrics import REGISTRY

    labels = analysis.periods.labels
    out = []
    for mid, m in REGISTRY.items():
        if m.requires(analysis):
            continue
        try:
            s = series_of(mid) if series_of else m.compute(analysis)
        except CsmError:
            continue
        out.append(change(s, m, i, j, analysis.currency))
    return PeriodComparison(labels[i], labels[j], tuple(out), analysis.currency)


__all__ = ["UNIT_DELTA", "PeriodComparison", "compare_periods", "relative_change"]
