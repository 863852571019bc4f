"""Subscription revenue: MRR per customer at every period boundary and the five MRR movements (ChartMogul's rule).

A customer's MRR on day t is the sum of the mrr of their subscriptions active on t. Comparing each customer's
MRR on the last day before P (m0) with the last day of P (m1) classifies the change as new, reactivation,
expansion, contraction or churn, so that MRR(end) = MRR(start) + new + reactivation + expansion − contraction − churn
holds exactly, by construction.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .activity import OPEN, days_of, optional_dates, to_days
from .periods import Periods

MOVEMENTS = ("new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr")
CHUNK = 65_536  # customers per block: bounds memory at (CHUNK × periods) floats


@dataclass(frozen=True)
class MrrFlows:
    """Company MRR at each boundary and the movements per period (arrays)."""

    start: np.ndarray  # MRR on the last day before P
    end: np.ndarray  # MRR on the last day of P
    new_mrr: np.ndarray
    reactivation_mrr: np.ndarray
    expansion_mrr: np.ndarray
    contraction_mrr: np.ndarray
    churned_mrr: np.ndarray
    paying_start: np.ndarray  # customers with MRR > 0 on the last day before P
    paying_end: np.ndarray  # customers with MRR > 0 on the last day of P
    counts: dict[str, np.ndarray]  # movement → number of customers behind it, per period


@dataclass(frozen=True)
class MrrBook:
    """Paid subscriptions in array form: one row per subscription with mrr > 0 and a non-empty interval."""

    code: np.ndarray  # customer code
    start: np.ndarray  # int64 days
    end: np.ndarray  # int64 days, OPEN if still active
    mrr: np.ndarray  # float64
    ids: np.ndarray  # customer keys by code
    first_start: np.ndarray  # per customer: first paid day

    @classmethod
    def from_frame(cls, subs: pd.DataFrame) -> MrrBook:
        paid = subs[subs["mrr"] > 0]
        s = to_days(paid["start_date"])
        e = to_days(optional_dates(paid, "end_date"))
        keep = e > s
        ids, code = np.unique(paid["customer_id"].to_numpy(dtype=object).astype(str)[keep], return_inverse=True)
        code = code.astype(np.int64)
        s, e = s[keep], e[keep]
        first = np.full(len(ids), OPEN, np.int64)
        np.minimum.at(first, code, s)
        return cls(code, s, e, paid["mrr"].to_numpy(np.float64)[keep], ids, first)

    def matrix(self, periods: Periods, codes: slice | None = None) -> np.ndarray:
        """Customer × boundary MRR (rows = customer codes in `codes`), rounded to 1e-9 to drop float dust."""
        bounds = days_of(periods.boundaries)
        nb = len(bounds)
        lo = np.searchsorted(bounds, self.start, side="left")
        hi = np.searchsorted(bounds, self.end, side="left")
        c0, c1 = (0, len(self.ids)) if codes is None else (codes.start, codes.stop)
        sel = (self.code >= c0) & (self.code < c1) & (hi > lo)
        rows = self.code[sel] - c0
        width = nb + 1
        flat = np.bincount(rows * width + lo[sel], weights=self.mrr[sel], minlength=(c1 - c0) * width)
        flat -= np.bincount(rows * width + hi[sel], weights=self.mrr[sel], minlength=(c1 - c0) * width)
        m = np.cumsum(flat.reshape(c1 - c0, width), axis=1)[:, :nb]
        return np.round(m, 9)


def mrr_flows(book: MrrBook, periods: Periods) -> MrrFlows:
    """MRR and its movements for every period, processed in blocks of customers.

    Per block, the customer × boundary matrix gives the MRR at every boundary; a movement needs m0 ≠ m1, so only
    the (customer, period) pairs where the MRR changes are classified. Sums run over customers in code order, as a
    column sum of the matrix does, so the figures are the same to the last bit.
    """
    k = len(periods)
    if k < 2:  # a single period: numpy sums a one-column matrix pairwise, not row by row; keep that order
        return _mrr_flows_dense(book, periods)
    starts = days_of(periods.starts)
    acc = {name: np.zeros(k) for name in (*MOVEMENTS, "start", "end", "paying_start", "paying_end")}
    cnt = {name: np.zeros(k, np.int64) for name in MOVEMENTS}
    bounds = days_of(periods.boundaries)
    order = np.argsort(book.code, kind="stable")  # subscriptions by customer: a block is a slice
    code, mrr = book.code[order], book.mrr[order]
    lo = np.searchsorted(bounds, book.start[order], side="left")
    hi = np.searchsorted(bounds, book.end[order], side="left")
    for c0 in range(0, max(len(book.ids), 1), CHUNK):
        c1 = min(c0 + CHUNK, len(book.ids))
        a, b = np.searchsorted(code, [c0, c1], side="left")
        m = _block_matrix(code[a:b] - c0, lo[a:b], hi[a:b], mrr[a:b], c1 - c0, len(bounds))
        at = m.sum(axis=0)  # MRR at each boundary (rows added in order)
        paying = (m > 0).sum(axis=0)
        acc["start"] += at[:-1]
        acc["end"] += at[1:]
        acc["paying_start"] += paying[:-1]
        acc["paying_end"] += paying[1:]
        rows, p = np.nonzero(m[:, 1:] != m[:, :-1])  # customer order, then period: as the column sums add
        m0, m1 = m[rows, p], m[rows, p + 1]
        before = book.first_start[c0 + rows] < starts[p]
        up = (m0 == 0) & (m1 > 0)
        masks = {
            "new_mrr": (up & ~before, m1),
            "reactivation_mrr": (up & before, m1),
            "expansion_mrr": ((m0 > 0) & (m1 > m0), m1 - m0),
            "contraction_mrr": ((m1 > 0) & (m1 < m0), m0 - m1),
            "churned_mrr": ((m0 > 0) & (m1 == 0), m0),
        }
        for name, (mask, amount) in masks.items():
            acc[name] += np.bincount(p[mask], weights=amount[mask], minlength=k)
            cnt[name] += np.bincount(p[mask], minlength=k)
    return MrrFlows(**{name: np.round(v, 6) for name, v in acc.items()}, counts=cnt)


def _block_matrix(rows: np.ndarray, lo: np.ndarray, hi: np.ndarray, mrr: np.ndarray, n: int, nb: int) -> np.ndarray:
    """`MrrBook.matrix` for one block from precomputed boundary positions (rows = code − first code of the block)."""
    sel = hi > lo
    rows, lo, hi, w = rows[sel], lo[sel], hi[sel], mrr[sel]
    width = nb + 1
    flat = np.bincount(rows * width + lo, weights=w, minlength=n * width)
    flat -= np.bincount(rows * width + hi, weights=w, minlength=n * width)
    m = np.cumsum(flat.reshape(n, width), axis=1)[:, :nb]
    return np.round(m, 9)


def _mrr_flows_dense(book: MrrBook, periods: Periods) -> MrrFlows:
    """mrr_flows by masks over the whole matrix (used for a single period)."""
    k = len(periods)
    starts = days_of(periods.starts)
    acc = {name: np.zeros(k) for name in (*MOVEMENTS, "start", "end", "paying_start", "paying_end")}
    cnt = {name: np.zeros(k, np.int64) for name in MOVEMENTS}
    for c0 in range(0, max(len(book.ids), 1), CHUNK):
        block = slice(c0, min(c0 + CHUNK, len(book.ids)))
        m = book.matrix(periods, block)
        m0, m1 = m[:, :-1], m[:, 1:]
        before = book.first_start[block][:, None] < starts[None, :]
        up = (m0 == 0) & (m1 > 0)
        masks = {
            "new_mrr": (up & ~before, m1),
            "reactivation_mrr": (up & before, m1),
            "expansion_mrr": ((m0 > 0) & (m1 > m0), m1 - m0),
            "contraction_mrr": ((m1 > 0) & (m1 < m0), m0 - m1),
            "churned_mrr": ((m0 > 0) & (m1 == 0), m0),
        }
        for name, (mask, amount) in masks.items():
            acc[name] += np.where(mask, amount, 0).sum(axis=0)
            cnt[name] += mask.sum(axis=0)
        acc["start"] += m0.sum(axis=0)
        acc["end"] += m1.sum(axis=0)
        acc["paying_start"] += (m0 > 0).sum(axis=0)
        acc["paying_end"] += (m1 > 0).sum(axis=0)
    return MrrFlows(**{name: np.round(v, 6) for name, v in acc.items()}, counts=cnt)


def customer_movements(book: MrrBook, periods: Periods, i: int) -> pd.DataFrame:
    """Per customer for period i: MRR at start and end and the movement (drill-down behind the totals)."""
    sub = Periods(periods.granularity, periods.starts[i : i + 1], periods.ends[i : i + 1], periods.labels[i : i + 1])
    m = book.matrix(sub)
    m0, m1 = m[:, 0], m[:, 1]
    before = book.first_start < days_of(sub.starts)[0]
    kind = np.select(
        [(m0 == 0) & (m1 > 0) & ~before, (m0 == 0) & (m1 > 0), (m0 > 0) & (m1 == 0), (m0 > 0) & (m1 > m0),
         (m1 > 0) & (m1 < m0)],
        ["new", "reactivation", "churned", "expansion", "contraction"],
        default="",
    )
    out = pd.DataFrame({"customer_id": book.ids, "mrr_start": m0, "mrr_end": m1, "movement": kind,
                        "change": m1 - m0})
    return out[out["movement"] != ""].sort_values(["movement", "change"]).reset_index(drop=True)
