"""Customer health — METRICS.md "Customer health" (seeds 001, 002).

A 0–100 score per customer active at the end of a period, the weighted mean of the components the data supports,
each scaled 0–100:

| component   | raw value (per customer, for period P)                         | scaled                                   |
|-------------|----------------------------------------------------------------|------------------------------------------|
| `usage`     | usage minutes in P (usage events when there are no minutes)    | percentile rank; no usage = 0            |
| `voice`     | latest NPS or CSAT response dated up to the end of P           | NPS score × 10; CSAT (s − 1) ÷ (scale − 1) × 100 (10-point: s × 10) |
| `support`   | tickets created in P                                           | reversed percentile rank; no tickets = 100 |
| `mrr_trend` | MRR at the end of P (m1) vs at the end of P − 3 (m0)           | 50 × m1 ÷ m0, capped to 0–100: flat = 50, doubled = 100, lost = 0; blank when m0 = 0 |
| `tenure`    | days active up to the end of P                                 | percentile rank                          |

Percentile ranks are mid-ranks among the customers scored in the same period: (customers below + half of the
ties) ÷ customers × 100. A component that is blank for a customer (no survey answered, no MRR three periods ago)
is left out of that customer's mean and the weights of the others are renormalised. Weights default to equal over
the components present; `Settings.health_weights` (or the `weights` argument) sets them by name.
Bands: red < 40 ≤ yellow < 70 ≤ green.

The components and their weights are in csm/health_components.py, the per-period scoring in csm/health_scoring.py;
here are the results: bands, the scores of one period, the per-period summary and the backtest.

The backtest asks whether the score means anything: per period and band, the share of the band's customers that
churn in the following period (a useful score has red churning most).

    >>> h = health_scores(analysis, "2024-03")                 # doctest: +SKIP
    >>> h.band_counts                                           # {'red': 12, 'yellow': 40, 'green': 48}
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .engine import Analysis
from .health_components import COMPONENTS, LABELS, needs_health, percentile_rank, present_components, resolve_weights
from .health_scoring import inputs_for

__all__ = ["BANDS", "COMPONENTS", "GREEN", "LABELS", "RED", "Health", "backtest", "band_index", "band_of",
           "health_by_period", "health_scores", "needs_health", "percentile_rank", "present_components",
           "resolve_weights"]

BANDS = ("red", "yellow", "green")
RED, GREEN = 40.0, 70.0  # red < 40 ≤ yellow < 70 ≤ green


def band_index(score: np.ndarray) -> np.ndarray:
    """0 red, 1 yellow, 2 green per score; -1 where the score is blank."""
    score = np.asarray(score, float)
    out = (score >= RED).astype(np.int8) + (score >= GREEN)  # thresholds at or below the score
    out[np.isnan(score)] = -1
    return out


def band_of(score: np.ndarray) -> np.ndarray:
    """'red' / 'yellow' / 'green' per score ('unscored' where the score is blank)."""
    return np.array([*BANDS, "unscored"], dtype=object)[band_index(score)]


# ----- results ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Health:
    """Health scores of the customers active at the end of one period."""

    period: str
    weights: dict[str, float]  # component → weight (components present with a positive weight)
    table: pd.DataFrame  # customer_id, name, owner (when known), raw values, components, score, band

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(self.weights)

    @property
    def band_counts(self) -> dict[str, int]:
        counts = self.table["band"].value_counts()
        return {b: int(counts.get(b, 0)) for b in BANDS}

    def customers(self, band: str) -> pd.DataFrame:
        """The customers in one band, lowest score first."""
        return self.table[self.table["band"] == band].reset_index(drop=True)


def health_scores(analysis: Analysis, period_label: str | None = None, weights=None) -> Health:
    """Health of every customer active at the end of the period (default: the last period), lowest score first."""
    a = analysis
    i = len(a.periods) - 1 if period_label is None else a.periods.find(period_label)
    inp = inputs_for(a, weights)
    codes, comp, raw, score = inp.score(i)
    table = pd.DataFrame({"customer_id": inp.iv.ids[codes].astype(str)})
    attrs = a.attributes.drop_duplicates("customer_id")
    attrs = attrs.set_index(attrs["customer_id"].astype(str))
    for col in ("name", "owner"):
        if col in attrs:
            table[col] = table["customer_id"].map(attrs[col])
    for c, x in raw.items():
        table[c] = x
    for c, x in comp.items():
        table[c] = np.round(x, 6)
    table["score"] = np.round(score, 6)
    table["band"] = band_of(score)
    table = table.sort_values(["score", "customer_id"], kind="stable").reset_index(drop=True)
    return Health(a.periods.labels[i], dict(inp.weights), table)


def _summary(a: Analysis, weights=None) -> pd.DataFrame:
    """Per period: customers scored, mean score, and per band the customers and how many churn next period."""
    inp = inputs_for(a, weights)
    return a.memo(("health summary", tuple(sorted(inp.weights.items()))), lambda: _summarise(inp, a.periods.labels),
                  reads=("csat_scale",))


def _summarise(inp, labels) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for i in range(inp.k):  # each period is one vectorised pass over the customers
        codes, _, _, score = inp.score(i)
        band = band_index(score)
        churn_next = np.zeros(inp.n, bool)
        churn_next[inp.iv.code[inp.end_period == i + 1]] = True  # nobody when i is the last period
        in_band = np.bincount(band + 1, minlength=4)[1:]
        churned = np.bincount(band[churn_next[codes]] + 1, minlength=4)[1:]
        scored = np.isfinite(score)
        row: dict[str, Any] = {"period": labels[i], "customers": len(codes), "scored": int(scored.sum()),
                               "score_sum": float(score[scored].sum()),
                               "mean_score": float(score[scored].mean()) if scored.any() else np.nan}
        for j, b in enumerate(BANDS):
            row[b] = int(in_band[j])
            row[f"{b}_churned_next"] = int(churned[j]) if i + 1 < inp.k else None
        rows.append(row)
    return pd.DataFrame(rows)


def health_by_period(analysis: Analysis, weights=None) -> pd.DataFrame:
    """Per period: customers active at the end, customers scored, their total and mean score, and each band's count."""
    s = _summary(analysis, weights)
    return s[["period", "customers", "scored", "score_sum", "mean_score", *BANDS]].copy()


def backtest(analysis: Analysis, weights=None) -> pd.DataFrame:
    """Per period (that has a following one) and band: customers active at the end of the period, how many of them
    churn in the following period, and that churn rate in % (blank for an empty band)."""
    s = _summary(analysis, weights).iloc[:-1]
    rows = []
    for _, r in s.iterrows():  # periods × 3 bands: a small table, not a hot path
        for b in BANDS:
            n, c = int(r[b]), int(r[f"{b}_churned_next"])
            rows.append((r["period"], b, n, c, c / n * 100 if n else np.nan))
    return pd.DataFrame(rows, columns=["period", "band", "customers", "churned_next", "churn_rate_next"])
