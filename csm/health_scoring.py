"""Health scoring, period after period: every input in array form, prepared once per analysis and weights.

`Inputs.score(i)` scores the customers active at the end of period i, vectorised over customers; the inputs keep
what the next period reuses (the MRR of recent boundaries, the latest survey answers), so scoring every period in
order costs little more than scoring one.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import keys
from .activity import OPEN, days_of, to_days
from .engine import Analysis
from .errors import OptionError
from .health_components import ALWAYS_SET, TREND_PERIODS, needs_health, percentile_rank, resolve_weights, survey_scores


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


class Inputs:
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
            v = survey_scores(a)
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
            self._mrr_window: dict[int, np.ndarray] = {}  # working state of the update from b − 1 to b
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
        if b not in self._mrr_window:
            if len(self._mrr_window) > TREND_PERIODS + 1:  # periods are scored in order: keep a short window
                self._mrr_window.pop(min(self._mrr_window))
            if b - 1 in self._mrr_window and self.b_on[b]:
                self._mrr_window[b] = self._mrr_update(self._mrr_window[b - 1], b)
            else:
                on = (self.b_lo <= b) & (b < self.b_hi)
                self._mrr_window[b] = np.bincount(self.b_code[on], weights=self.b_mrr[on], minlength=self.n)
        return self._mrr_window[b]

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


def inputs_for(a: Analysis, weights) -> Inputs:
    """The scoring inputs of the analysis for these weights (default: the settings'), built once and kept."""
    missing = needs_health(a)
    if missing:
        raise OptionError(missing[0].upper() + missing[1:] + ".")
    w = resolve_weights(a, weights)
    return a.memo(("health inputs", tuple(sorted(w.items()))), lambda: Inputs(a, w), reads=("csat_scale",))
