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

The backtest asks whether the score means anything: per period and band, the share of the band's customers that
churn in the following period (a useful score has red churning most).

    >>> h = health_scores(analysis, "2024-03")                 # doctest: +SKIP
    >>> h.band_counts                                           # {'red': 12, 'yellow': 40, 'green': 48}
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import keys
from .activity import OPEN, days_of, to_days
from .engine import Analysis
from .errors import OptionError
from .schema import detect_scale, survey_types

COMPONENTS = ("usage", "voice", "support", "mrr_trend", "tenure")
LABELS = {"usage": "Usage", "voice": "Latest NPS/CSAT", "support": "Support load", "mrr_trend": "MRR trend",
          "tenure": "Tenure"}
SIGNALS = ("usage", "voice", "support", "mrr_trend")  # tenure alone says nothing about health
BANDS = ("red", "yellow", "green")
RED, GREEN = 40.0, 70.0  # red < 40 ≤ yellow < 70 ≤ green
TREND_PERIODS = 3
ALWAYS_SET = ("usage", "support", "tenure")  # components every scored customer has (no usage = 0, no tickets = 100)


def band_index(score: np.ndarray) -> np.ndarray:
    """0 red, 1 yellow, 2 green per score; -1 where the score is blank."""
    score = np.asarray(score, float)
    out = (score >= RED).astype(np.int8) + (score >= GREEN)  # thresholds at or below the score
    out[np.isnan(score)] = -1
    return out


def band_of(score: np.ndarray) -> np.ndarray:
    """'red' / 'yellow' / 'green' per score ('unscored' where the score is blank)."""
    return np.array([*BANDS, "unscored"], dtype=object)[band_index(score)]


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


# ----- inputs, prepared once per analysis ---------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class _Events:
    """Rows of one table as (customer code, period index, weight), sorted by period for cheap per-period slices."""

    code: np.ndarray
    pidx: np.ndarray
    weight: np.ndarray
    cuts: np.ndarray  # cuts[i]:cuts[i + 1] are the rows of period i

    def per_customer(self, i: int, n: int) -> np.ndarray:
        sl = slice(self.cuts[i], self.cuts[i + 1])
        return np.bincount(self.code[sl], weights=self.weight[sl], minlength=n)


def _events(code: np.ndarray, p: np.ndarray, weight, k: int) -> _Events:
    """Rows with a customer (interval code ≥ 0) and a period (p ≥ 0), sorted by period."""
    rows = np.flatnonzero((code >= 0) & (p >= 0))
    small = np.int16 if k < 2**15 else np.int64  # 16-bit keys sort by radix
    rows = rows[np.argsort(p[rows].astype(small), kind="stable")]
    pidx = p[rows]
    cuts = np.searchsorted(pidx, np.arange(k + 1), side="left")
    return _Events(code[rows], pidx, np.asarray(weight, float)[rows], cuts)


def _survey_scores(a: Analysis) -> tuple[np.ndarray, np.ndarray] | None:
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


class _Inputs:
    """Everything the per-period scoring reads, in array form indexed by the intervals' customer codes."""

    def __init__(self, a: Analysis, weights: dict[str, float]) -> None:
        self.weights = weights
        iv = self.iv = a.intervals
        self.n = len(iv.ids)
        p = a.periods
        self.starts, self.ends = days_of(p.starts), days_of(p.ends)
        self.bounds = days_of(p.boundaries)
        k = len(p)
        # period in which each interval ends (the customer churns), -1 outside the range
        pe = np.searchsorted(self.starts, np.minimum(iv.end, OPEN - 1), side="right") - 1
        self.end_period = np.where((iv.end < OPEN) & (pe >= 0) & (iv.end < self.ends[-1]), pe, -1)
        if "usage" in weights:
            u = a.table("usage")
            w = u["minutes"].fillna(0) if "minutes" in u and u["minutes"].notna().any() else np.ones(len(u))
            self.usage_unit = "minutes" if "minutes" in u and u["minutes"].notna().any() else "events"
            self.usage = _events(keys.interval_codes(a, "usage"), keys.periods_of(a, "usage"), w, k)
        if "support" in weights:
            t = a.table("tickets")  # tickets without a customer or a creation day count nowhere
            self.tickets = _events(keys.interval_codes(a, "tickets"), keys.periods_of(a, "tickets", "created_at"),
                                   np.ones(len(t)), k)
        if "voice" in weights:
            v = _survey_scores(a)
            rows, scaled = v if v is not None else (np.zeros(0, np.int64), np.zeros(0))
            code = keys.interval_codes(a, "surveys")[rows] if len(rows) else np.zeros(0, np.int64)
            day = to_days(a.table("surveys")["date"].to_numpy()[rows]) if len(rows) else np.zeros(0, np.int64)
            known_by = np.searchsorted(self.ends, day, side="right")  # first period whose end is after the answer
            ok = (code >= 0) & (day < OPEN) & (known_by < k)
            order = np.lexsort((day[ok], code[ok], known_by[ok]))
            vc, vk, vs = code[ok][order], known_by[ok][order], scaled[ok][order]
            last = np.ones(len(vc), bool)  # the latest answer of each customer among those known by one period
            last[:-1] = (vc[1:] != vc[:-1]) | (vk[1:] != vk[:-1])
            self.v_code, self.v_score = vc[last], vs[last]
            self.v_cuts = np.searchsorted(vk[last], np.arange(k + 1), side="left")
            self._voice_state = (-1, np.full(self.n, np.nan))
        if "mrr_trend" in weights:
            book = a.mrr_book
            self.b_code = keys.to_interval_codes(a, book.ids)[book.code]
            self._mrr_cache: dict[int, np.ndarray] = {}
            keep = self.b_code >= 0
            # A subscription is on at boundary b when its start ≤ bounds[b] < its end, i.e. lo ≤ b < hi.
            self.b_lo = np.searchsorted(self.bounds, book.start[keep], side="left").astype(np.int32)
            self.b_hi = np.searchsorted(self.bounds, book.end[keep], side="left").astype(np.int32)
            self.b_code, self.b_mrr = self.b_code[keep], book.mrr[keep]
            # For updating MRR from one boundary to the next: each customer's subscriptions (in row order, so sums
            # add up in the same order as a full recount), and the customers whose MRR changes at each boundary.
            self.b_rows = np.argsort(self.b_code, kind="stable")
            self.b_first = np.concatenate([[0], np.cumsum(np.bincount(self.b_code, minlength=self.n))])
            change = np.concatenate([self.b_lo, self.b_hi])
            order = np.argsort(change.astype(np.int16) if k + 2 < 2**15 else change, kind="stable")
            self.b_changed = np.concatenate([self.b_code, self.b_code])[order]
            self.b_change_cuts = np.searchsorted(change[order], np.arange(k + 3), side="left")
            self.b_on = np.cumsum(np.bincount(self.b_lo, minlength=k + 2) - np.bincount(self.b_hi, minlength=k + 2))
        if "tenure" in weights:
            # Days active before each interval: the customer's earlier intervals, which have all ended.
            dur = np.where(iv.end < OPEN, iv.end - iv.start, 0)
            before = np.cumsum(dur) - dur
            self.days_before = before - before[iv.first][np.cumsum(iv.first) - 1]
        self.k = k

    def covering(self, i: int) -> np.ndarray:
        """The intervals that cover the last day of period i, one per customer active on it (merged intervals are
        sorted by customer, and one customer's intervals are disjoint, so at most one covers the day)."""
        d = self.bounds[i + 1]
        iv = self.iv
        return np.flatnonzero((iv.start <= d) & (d < iv.end))

    def active(self, i: int) -> np.ndarray:
        """Codes of the customers active on the last day of period i (sorted)."""
        return self.iv.code[self.covering(i)]

    def mrr_at(self, b: int) -> np.ndarray:
        """Each customer's MRR on boundary day b (not yet rounded: round what you read, to 1e-6)."""
        if b not in self._mrr_cache:
            if len(self._mrr_cache) > TREND_PERIODS + 1:  # periods are scored in order: keep a short window
                self._mrr_cache.pop(min(self._mrr_cache))
            if b - 1 in self._mrr_cache and self.b_on[b]:
                self._mrr_cache[b] = self._mrr_update(self._mrr_cache[b - 1], b)
            else:
                on = (self.b_lo <= b) & (b < self.b_hi)
                self._mrr_cache[b] = np.bincount(self.b_code[on], weights=self.b_mrr[on], minlength=self.n)
        return self._mrr_cache[b]

    def _mrr_update(self, before: np.ndarray, b: int) -> np.ndarray:
        """MRR on boundary b from that on boundary b − 1: recount only the customers with a subscription that
        starts or stops being on at b, over their subscriptions in row order (the same sums as a full recount)."""
        changed = keys.sorted_unique(self.b_changed[self.b_change_cuts[b]:self.b_change_cuts[b + 1]])
        first, count = self.b_first[changed], self.b_first[changed + 1] - self.b_first[changed]
        # the rows of the changed customers: first[c] + 0 … count[c] − 1 for each, concatenated
        offset = np.repeat(first - np.cumsum(count) + count, count)
        rows = self.b_rows[offset + np.arange(len(offset))]
        rows = rows[(self.b_lo[rows] <= b) & (b < self.b_hi[rows])]
        out = before.astype(float)  # a copy (float: a recount of no subscription gives integer zeros)
        out[changed] = 0.0
        np.add.at(out, self.b_code[rows], self.b_mrr[rows])
        return out

    def latest_voice(self, i: int) -> np.ndarray:
        """Latest scaled answer per customer known by the end of period i (NaN: none), updated period by period."""
        done, latest = self._voice_state
        if i < done:
            done, latest = -1, np.full(self.n, np.nan)
        latest = latest.copy()
        for j in range(done + 1, i + 1):  # one vectorised assignment per period (each customer once per period)
            sl = slice(self.v_cuts[j], self.v_cuts[j + 1])
            latest[self.v_code[sl]] = self.v_score[sl]
        self._voice_state = (i, latest)
        return latest

    def tenure_days(self, i: int, covering: np.ndarray) -> np.ndarray:
        """Days active up to and including the last day of period i, of the customers whose intervals `covering`
        cover that day: the days of their earlier intervals and those of the covering one so far."""
        upto = self.bounds[i + 1] + 1
        return (self.days_before[covering] + (upto - self.iv.start[covering])).astype(float)

    def score(self, i: int) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
        """(active codes, scaled components, raw values, score) for period i, vectorised over customers."""
        covering = self.covering(i)
        codes = self.iv.code[covering]
        comp: dict[str, np.ndarray] = {}
        raw: dict[str, np.ndarray] = {}
        if "usage" in self.weights:
            x = self.usage.per_customer(i, self.n)[codes]
            raw[f"usage_{self.usage_unit}"] = x
            comp["usage"] = np.where(x > 0, percentile_rank(x), 0.0)
        if "voice" in self.weights:
            comp["voice"] = self.latest_voice(i)[codes]
        if "support" in self.weights:
            x = self.tickets.per_customer(i, self.n)[codes]
            raw["tickets"] = x
            comp["support"] = np.where(x > 0, 100 - percentile_rank(x), 100.0)
        if "mrr_trend" in self.weights:
            m1 = np.round(self.mrr_at(i + 1)[codes], 6)
            m0 = np.round(self.mrr_at(max(i + 1 - TREND_PERIODS, 0))[codes], 6)
            raw["mrr_before"], raw["mrr"] = m0, m1
            with np.errstate(divide="ignore", invalid="ignore"):
                comp["mrr_trend"] = np.where(m0 > 0, np.clip(50 * m1 / np.where(m0 > 0, m0, 1), 0, 100), np.nan)
        if "tenure" in self.weights:
            x = self.tenure_days(i, covering)
            raw["tenure_days"] = x
            comp["tenure"] = percentile_rank(x)
        num = np.zeros(len(codes))
        den = np.zeros(len(codes))
        for c, x in comp.items():
            w = self.weights[c]
            if c in ALWAYS_SET:
                num += x * w
                den += w
            else:
                has = ~np.isnan(x)
                num += np.where(has, x, 0) * w
                den += has * w
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        return codes, comp, raw, score


def needs_health(a: Analysis) -> str | None:
    """Why customer health cannot be scored on this data, or None when it can."""
    missing = a.churn_event_missing()
    if missing:
        return f"health scores the customers active by the churn event, and {missing}"
    if not any(c in SIGNALS for c in present_components(a)):
        return ("health needs at least one signal besides tenure: a usage table, NPS/CSAT survey answers with "
                "customer_id, tickets with customer_id, or subscriptions (MRR trend)")
    return None


def _inputs(a: Analysis, weights) -> _Inputs:
    missing = needs_health(a)
    if missing:
        raise OptionError(missing[0].upper() + missing[1:] + ".")
    w = resolve_weights(a, weights)
    memo = vars(a).setdefault("_health_inputs", {})  # per analysis, like its cached properties
    key = tuple(sorted(w.items()))
    if key not in memo:
        memo[key] = _Inputs(a, w)
    return memo[key]


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
    inp = _inputs(a, weights)
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
    inp = _inputs(a, weights)
    memo = vars(a).setdefault("_health_summary", {})
    key = tuple(sorted(inp.weights.items()))
    if key in memo:
        return memo[key]
    rows: list[dict[str, Any]] = []
    for i in range(inp.k):  # each period is one vectorised pass over the customers
        codes, _, _, score = inp.score(i)
        band = band_index(score)
        churn_next = np.zeros(inp.n, bool)
        churn_next[inp.iv.code[inp.end_period == i + 1]] = True  # nobody when i is the last period
        in_band = np.bincount(band + 1, minlength=4)[1:]
        churned = np.bincount(band[churn_next[codes]] + 1, minlength=4)[1:]
        scored = np.isfinite(score)
        row: dict[str, Any] = {"period": a.periods.labels[i], "customers": len(codes), "scored": int(scored.sum()),
                               "score_sum": float(score[scored].sum()),
                               "mean_score": float(score[scored].mean()) if scored.any() else np.nan}
        for j, b in enumerate(BANDS):
            row[b] = int(in_band[j])
            row[f"{b}_churned_next"] = int(churned[j]) if i + 1 < inp.k else None
        rows.append(row)
    out = pd.DataFrame(rows)
    memo[key] = out
    return out


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
