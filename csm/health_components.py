"""The five health components: which the data supports, how they are weighted, and how raw values scale to 0–100.

The table of components, and what a customer's raw value and scaled value are, is in csm/health_model.py's
docstring (METRICS.md "Customer health"). Here: the names, the mid-rank percentile every ranked component uses,
the survey answers scaled for `voice`, and the checks that say whether health can be scored at all.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .engine import Analysis
from .errors import OptionError
from .schema import detect_scale, survey_types

COMPONENTS = ("usage", "voice", "support", "mrr_trend", "tenure")
LABELS = {"usage": "Usage", "voice": "Latest NPS/CSAT", "support": "Support load", "mrr_trend": "MRR trend",
          "tenure": "Tenure"}
SIGNALS = ("usage", "voice", "support", "mrr_trend")  # tenure alone says nothing about health
TREND_PERIODS = 3
ALWAYS_SET = ("usage", "support", "tenure")  # components every scored customer has (no usage = 0, no tickets = 100)


def percentile_rank(x: np.ndarray) -> np.ndarray:
    """Mid-rank percentile of each value among all of them: (values below + ties ÷ 2) ÷ n × 100.

    >>> percentile_rank(np.array([0, 5, 5, 9])).tolist()
    [12.5, 50.0, 50.0, 87.5]
    """
    x = np.asarray(x, float)
    n = len(x)
    if n == 0:
        return x
    if x.min() >= 0 and x.max() < 4 * n + 1024:
        iv = x.astype(np.int64)
        if np.array_equal(iv, x):  # small whole numbers (counts, days): ranks from one bincount, no sort
            cnt = np.bincount(iv)
            below = np.cumsum(cnt) - cnt
            return ((below + cnt / 2) / n * 100)[iv]  # each value's rank, looked up by value
    order = np.argsort(x)  # one sort; ties form runs whose mid-rank every member shares
    xs = x[order]
    run = np.concatenate([[0], np.cumsum(xs[1:] != xs[:-1])])
    size = np.bincount(run)
    below = np.cumsum(size) - size
    out = np.empty(n)
    out[order] = (below[run] + size[run] / 2) / n * 100
    return out



def survey_scores(a: Analysis) -> tuple[np.ndarray, np.ndarray] | None:
    """NPS and CSAT responses with a customer, scaled 0–100: (their rows in the surveys table, scaled scores)."""
    t = a.table("surveys")
    if t is None or "customer_id" not in t:
        return None
    rows = np.flatnonzero((t["customer_id"].notna() & t["score"].notna()).to_numpy(bool))
    t = t.iloc[rows]
    types = survey_types(t)
    score = t["score"].to_numpy(float)
    scaled = np.full(len(t), np.nan)
    nps = (types == "nps").to_numpy()
    scaled[nps] = score[nps] * 10
    csat = (types == "csat").to_numpy()
    if csat.any():
        full = a.dataset.get("surveys")  # the scale is read from every CSAT answer, before customer filters
        scale = int(a.settings.csat_scale or detect_scale(full["score"][full["survey_type"] == "csat"].to_numpy(float)))
        scaled[csat] = score[csat] * 10 if scale == 10 else (score[csat] - 1) / (scale - 1) * 100
    keep = ~np.isnan(scaled)
    if not keep.any():
        return None
    return rows[keep], np.clip(scaled[keep], 0, 100)


def present_components(a: Analysis) -> tuple[str, ...]:
    """The components the data supports, in display order (tenure needs customers active by the churn event)."""
    ds = a.dataset
    out = []
    if ds.has("usage", "customer_id"):
        out.append("usage")
    surveys = ds.get("surveys")
    if ds.has("surveys", "customer_id") and (
        "survey_type" not in surveys or surveys["survey_type"].isin(["nps", "csat"]).any()
    ):
        out.append("voice")
    if ds.has("tickets", "customer_id"):
        out.append("support")
    if ds.has("subscriptions"):
        out.append("mrr_trend")
    if a.churn_event_missing() is None:
        out.append("tenure")
    return tuple(out)


def resolve_weights(a: Analysis, weights: Mapping[str, float] | Iterable[tuple[str, float]] | None = None
                    ) -> dict[str, float]:
    """Component → weight over the components present: `weights`, else Settings.health_weights, else equal."""
    given = dict(weights if weights is not None else a.settings.health_weights)
    for name, w in given.items():
        if name not in COMPONENTS:
            raise OptionError(f"there is no health component {name!r}; the components are {', '.join(COMPONENTS)}")
        if not w >= 0:
            raise OptionError(f"the weight of the health component {name!r} must be zero or more, not {w}")
    present = present_components(a)
    out = {c: float(given.get(c, 0.0) if given else 1.0) for c in present}
    out = {c: w for c, w in out.items() if w > 0}
    if not out:
        raise OptionError("no health component with a positive weight has data: "
                          f"the data supports {', '.join(present) or 'none'}")
    return out


def needs_health(a: Analysis) -> str | None:
    """Why customer health cannot be scored on this data, or None when it can."""
    missing = a.churn_event_missing()
    if missing:
        return f"health scores the customers active by the churn event, and {missing}"
    if not any(c in SIGNALS for c in present_components(a)):
        return ("health needs at least one signal besides tenure: a usage table, NPS/CSAT survey answers with "
                "customer_id, tickets with customer_id, or subscriptions (MRR trend)")
    return None
