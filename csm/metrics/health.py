"""Customer health per period — METRICS.md "Customer health": the mean score and the customers at risk.

The scores themselves (per customer, per component) and the backtest live in `csm.health_model`; the components
and their weights in `csm.health_components`.
"""
from __future__ import annotations

import numpy as np

from .. import fmt
from ..engine import Analysis
from ..health_components import LABELS, needs_health, present_components, resolve_weights
from ..health_model import BANDS, health_by_period
from .build import pct, ratio_lines, series
from .registry import metric


def weight_choices(a: Analysis) -> dict[str, str]:
    """The health components the data supports, by label (the choices of the health-weights setting)."""
    return {c: LABELS[c] for c in present_components(a)}


def weights_text(a: Analysis) -> str:
    """The weights in force in words ('Usage 42.9 %, Latest NPS/CSAT 14.3 %, …'): the worked line's and the page's."""
    w = resolve_weights(a)
    total = sum(w.values())
    return ", ".join(f"{LABELS[c]} {fmt.num(v / total * 100, 1)} %" for c, v in w.items())


HEALTH = dict(group="health", requires=needs_health, needs=("usage", "surveys", "tickets", "subscriptions"),
              source="seeds 001, 002")
NOTES = ("Components, each 0–100: usage (percentile rank of usage minutes, or events, in the period; none = 0), "
         "latest NPS/CSAT answer, support load (reversed percentile rank of tickets in the period; none = 100), "
         "MRR trend (50 × MRR now ÷ MRR three periods earlier, capped 0–100) and tenure (percentile rank of days "
         "active). Percentile ranks compare the customers active at the end of the same period.",
         "A component a customer has no value for (no survey answer, no MRR three periods ago) is left out of "
         "their mean; the other weights are renormalised.",
         "Bands: red below 40, yellow 40 to below 70, green 70 and above.")


@metric(id="health_score", reads=("csat_scale", "health_weights"),
        name="Customer health score", unit="score",
        formula="mean health score (0–100) of the customers active at the end of the period",
        latex=r"\frac{1}{|E|} \sum_{c \in E} \frac{\sum_j w_j x_{cj}}{\sum_j w_j}",
        definition="The mean of the customers' 0–100 health scores at the end of the period; each score is the "
                   "weighted mean of the components the data supports. The extra series `red`, `yellow` and "
                   "`green` count the customers in each band.", notes=NOTES, **HEALTH)
def health_score(a: Analysis):
    s = health_by_period(a)
    num = s["score_sum"].to_numpy(float)
    den = s["scored"].to_numpy(float)
    values = s["mean_score"].to_numpy(float)
    w = weights_text(a)
    worked = [f"{line} (weights: {w})" for line in
              ratio_lines(num, den, values, den_text=[f"{fmt.num(n)} customers" for n in den])]
    extra = {b: [int(x) for x in s[b]] for b in BANDS}
    return series(a, "health_score", values, num=num, den=den, worked=worked, n=den, extra=extra,
                  why="no customer was active at the end of the period")


@metric(id="at_risk_customers", reads=("csat_scale", "health_weights"),
        name="At-risk customers", unit="count",
        formula="customers in the red band (health score below 40) at the end of the period",
        latex=r"\#\{c \in E : \mathrm{health}_c < 40\}",
        definition="Customers active at the end of the period whose health score is below 40 (the red band). The "
                   "extra series `share` is their share of the customers scored, in %.",
        notes=NOTES, higher_is_better=False, **HEALTH)
def at_risk_customers(a: Analysis):
    s = health_by_period(a)
    red = s["red"].to_numpy(float)
    scored = s["scored"].to_numpy(float)
    share = pct(red, scored)
    worked = [f"{fmt.num(r)} of {fmt.num(n)} customers below 40" + ("" if np.isnan(v) else f" ({fmt.num(v)} %)")
              for r, n, v in zip(red, scored, share, strict=True)]
    return series(a, "at_risk_customers", red, worked=worked, n=scored, small=False,
                  extra={"share": [None if np.isnan(x) else float(x) for x in share]})
