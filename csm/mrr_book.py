"""Subscription revenue: MRR per customer at every period boundary and the five MRR movements (ChartMogul's rule).

A customer's MRR on day t is the sum of the mrr of their subscriptions active on t. Comparing each customer's
MRR on the last day before P (m0) with the last day of P (m1) classifies the change as new, reactivation,
expansion, contraction or churn, so that MRR(end) = MRR(start) + new + reactivation + expansion − contraction − churn
holds exactly, by construction.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .activity import OPEN, PaidKeys, days_of, optional_dates, search_days, to_days
from .periods import Periods

MOVEMENTS = ("new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr")
MOVEMENT_NAMES = np.array([m.removesuffix("_mrr") for m in MOVEMENTS] + [""])  # by kind; kind −1 → ""
CHUNK = 65_536  # customers per block of the matrix: bounds memory at (CHUNK × periods) floats; mrr_flows adds
# its sums block by block in the same order


NEW, REACTIVATION, EXPANSION, CONTRACTION, CHURNED = range(len(MOVEMENTS))  # kinds: indexes of MOVEMENTS


def classify(m0: np.ndarray, m1: np.ndarray, paid_before: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The movement of each MRR change m0 → m1 (arrays of one shape, or broadcastable): (kind, amount).

    kind indexes MOVEMENTS, −1 for no movement (amount 0). A customer paying nothing before and something after is
    new, or a reactivation when they had paid before the period (`paid_before`); more is expansion, less but not
    nothing is contraction, nothing is churn. The cases never overlap, so every change has one kind and
    MRR(end) = MRR(start) + new + reactivation + expansion − contraction − churned holds. The amount is |m1 − m0|:
    m1 for new and reactivation and m0 for churn (the other is 0), the difference otherwise, to the last bit.
    One assignment per rule (the rules are exclusive, so their order does not matter): a third of the time of
    np.select, and this runs over every customer of the book.
    """
    kind = np.full(np.broadcast_shapes(np.shape(m0), np.shape(m1), np.shape(paid_before)), -1)
    gained = (m0 == 0) & (m1 > 0)
    kind[gained] = NEW
    kind[gained & paid_before] = REACTIVATION
    kind[(m0 > 0) & (m1 > m0)] = EXPANSION
    kind[(m1 > 0) & (m1 < m0)] = CONTRACTION
    kind[(m0 > 0) & (m1 == 0)] = CHURNED
    return kind, np.where(kind >= 0, np.abs(m1 - m0), 0.0)


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
    def from_frame(cls, subs: pd.DataFrame, paid: PaidKeys | None = None) -> MrrBook:
        """The book of a subscriptions table (`paid`: its paid rows keyed, when the caller has them)."""
        paid = PaidKeys.of(subs) if paid is None else paid
        s = to_days(subs["start_date"].to_numpy()[paid.rows])
        e = to_days(optional_dates(subs, "end_date").to_numpy()[paid.rows])
        keep = e > s
        ids, code = paid.subset(keep)
        s, e = s[keep], e[keep]
        first = np.full(len(ids), OPEN, np.int64)
        np.minimum.at(first, code, s)
        return cls(code, s, e, subs["mrr"].to_numpy(np.float64)[paid.rows][keep], ids, first)

    def matrix(self, periods: Periods, codes: slice | None = None) -> np.ndarray:
        """Customer × boundary MRR (rows = customer codes in `codes`), rounded to 1e-9 to drop float dust."""
        c0, c1 = (0, len(self.ids)) if codes is None else (codes.start, codes.stop)
        # C-ordered, as a reduction over customers (sum(axis=0)) must see it to add them row by row
        return np.ascontiguousarray(next(self.blocks(periods, c0, c1, max(c1 - c0, 1)))[1])

    def blocks(self, periods: Periods, c0: int = 0, c1: int | None = None, size: int = CHUNK):
        """`(codes, matrix(periods, codes))` for the customers c0 … c1 − 1 in blocks of `size` (at least one block),
        the subscriptions' boundaries found and sorted by customer once for all the blocks. Each matrix is the
        transpose of a C-ordered boundary × customer array (`m.T` reads it in that order without a copy): numpy sums
        it over customers in another order than `matrix`'s (pairwise, not row by row)."""
        c1 = len(self.ids) if c1 is None else c1
        bounds = days_of(periods.boundaries)
        nb = len(bounds)
        width = nb + 1
        lo = np.searchsorted(bounds, self.start, side="left")
        hi = np.searchsorted(bounds, self.end, side="left")
        rows = np.flatnonzero((self.code >= c0) & (self.code < c1) & (hi > lo))
        # by customer, in book order within one (each cell adds its mrr in book order, as bincount adds them)
        rows = rows[np.argsort(self.code[rows], kind="stable")]
        code, lo, hi, mrr = self.code[rows], lo[rows], hi[rows], self.mrr[rows]
        for b0 in range(c0, max(c1, c0 + 1), size):
            b1 = min(b0 + size, c1)
            i0, i1 = np.searchsorted(code, [b0, b1])
            n = b1 - b0
            # boundary-major cells (boundary × customer), and the running sum over boundaries one boundary at a time,
            # each a vector add over the block's customers: per customer the same additions in the same order as a
            # cumulative sum along its row, three times quicker (numpy's cumsum along axis 0 is slower still)
            row = code[i0:i1] - b0
            flat = np.bincount(lo[i0:i1] * n + row, weights=mrr[i0:i1], minlength=width * n)
            flat -= np.bincount(hi[i0:i1] * n + row, weights=mrr[i0:i1], minlength=width * n)
            m = flat.reshape(width, n)
            for j in range(1, nb):  # the last column (ends after the last boundary) is never read
                m[j] += m[j - 1]
            m = m[:nb]
            yield slice(b0, b1), np.round(m, 9, out=m).T  # customer × boundary (a view of the transpose)


def mrr_flows(book: MrrBook, periods: Periods) -> MrrFlows:
    """MRR and its movements for every period, from each customer's MRR as a step function of the boundaries.

    A customer's MRR only changes at boundaries where one of their subscriptions starts or ends, so the
    customer × boundary matrix is never built: `_steps` gives its level from each such boundary on, movements are
    classified at those steps only, and the MRR at each boundary adds the level of every customer paying there.
    Every sum runs over customers in code order, per block of CHUNK customers and then block after block: the order
    in which the column sums of the blocks of the matrix added them, so the figures are the same to the last bit.
    """
    k = len(periods)
    if k < 2:  # a single period: numpy sums a one-column matrix pairwise, not row by row; keep that order
        return _mrr_flows_dense(book, periods)
    nb = k + 1
    cust, pos, level, prev = _steps(book, days_of(periods.boundaries))
    blocks = np.arange(max(-(-len(book.ids) // CHUNK), 1) + 1) * CHUNK  # first code of each block, then the end

    # MRR and paying customers at each boundary: a step's level holds until the customer's next step. The sum
    # takes one term per (customer, boundary) where the level is not 0, in customer then boundary order.
    nxt = np.full(len(pos), nb)
    same = cust[1:] == cust[:-1]
    nxt[:-1][same] = pos[1:][same]
    on = (level != 0) & (pos < nb)
    c, p, length, v = cust[on], pos[on], nxt[on] - pos[on], level[on]
    at = np.zeros(nb)
    edges = np.searchsorted(c, blocks)
    for i0, i1 in itertools.pairwise(edges):
        n = length[i0:i1]
        run_start = np.cumsum(n) - n  # where each step's run of boundaries begins in the block's list
        slot = np.repeat(p[i0:i1] - run_start, n) + np.arange(int(n.sum()))
        at += np.bincount(slot, weights=np.repeat(v[i0:i1], n), minlength=nb)
    up = level > 0
    paying = np.cumsum(np.bincount(pos[up], minlength=nb + 1) - np.bincount(nxt[up], minlength=nb + 1))[:nb]

    # Movements: a step at boundary j (1 ≤ j < nb) whose level differs from the one before it, in period j − 1.
    moved = (pos >= 1) & (pos < nb) & (level != prev)
    c, p, m0, m1 = cust[moved], pos[moved] - 1, prev[moved], level[moved]
    kind, amount = classify(m0, m1, book.first_start[c] < days_of(periods.starts)[p])
    ok = kind >= 0
    c, slot, amount = c[ok], kind[ok] * k + p[ok], amount[ok]
    n_slots = len(MOVEMENTS) * k
    sums = np.zeros(n_slots)
    edges = np.searchsorted(c, blocks)
    for i0, i1 in itertools.pairwise(edges):
        sums += np.bincount(slot[i0:i1], weights=amount[i0:i1], minlength=n_slots)
    counts = np.bincount(slot, minlength=n_slots).astype(np.int64)

    acc = {**dict(zip(MOVEMENTS, sums.reshape(len(MOVEMENTS), k), strict=True)), "start": at[:-1], "end": at[1:],
           "paying_start": paying[:-1].astype(float), "paying_end": paying[1:].astype(float)}
    return MrrFlows(**{name: np.round(v, 6) for name, v in acc.items()},
                    counts={name: counts[i * k : (i + 1) * k] for i, name in enumerate(MOVEMENTS)})


def _steps(book: MrrBook, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each customer's MRR at the boundaries as steps, sorted by customer then boundary: (customer code, boundary
    index, MRR from that boundary until the customer's next step, MRR before it). A step at index len(bounds) is
    where subscriptions that end after the last boundary end.

    The values are those of `MrrBook.matrix` bit for bit: per (customer, boundary) the mrr of the subscriptions
    starting there are added in book order, those ending there likewise and subtracted, and the running sum over the
    customer's boundaries (rounded to 1e-9) adds them in boundary order, as the matrix's cumulative sum does.
    """
    nb = len(bounds)
    width = nb + 1  # a subscription ending after the last boundary ends at index nb
    order = np.argsort(book.code, kind="stable")  # the matrix adds a customer's subscriptions in book order
    code, mrr = book.code[order], book.mrr[order]
    lo = search_days(bounds, book.start[order])  # first boundary covered
    hi = search_days(bounds, book.end[order])  # first boundary not covered
    sel = hi > lo
    code, lo, hi, mrr = code[sel], lo[sel], hi[sel], mrr[sel]
    # The (customer, boundary) cells where a subscription starts or ends, sorted: the keys are already in customer
    # order and a subscription's start precedes its end, so a stable sort only reorders within a customer.
    keys = np.empty(2 * len(code), np.int64)
    keys[0::2] = code * width + lo
    keys[1::2] = code * width + hi
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    new_cell = np.ones(len(keys), bool)
    new_cell[1:] = sorted_keys[1:] != sorted_keys[:-1]
    cells = sorted_keys[new_cell]
    where = np.empty(len(keys), np.int64)
    where[order] = np.cumsum(new_cell) - 1
    level = np.bincount(where[0::2], weights=mrr, minlength=len(cells))
    level -= np.bincount(where[1::2], weights=mrr, minlength=len(cells))
    cust, pos = np.divmod(cells, width)
    first = np.ones(len(cells), bool)
    first[1:] = cust[1:] != cust[:-1]
    # Running sum within each customer: the r-th step of every customer adds the (r − 1)-th, r = 1, 2, …
    # (a loop over the number of steps of the busiest customer, never more than the boundaries).
    idx = np.arange(len(cells))
    rank = idx - np.maximum.accumulate(np.where(first, idx, 0))
    by_rank = np.argsort(rank.astype(np.int16 if width < 2**15 else np.int64), kind="stable")
    ends = np.cumsum(np.bincount(rank))
    for r in range(1, len(ends)):
        i = by_rank[ends[r - 1] : ends[r]]
        level[i] += level[i - 1]
    level = np.round(level, 9)
    prev = np.zeros(len(cells))
    prev[1:] = level[:-1]
    prev[first] = 0.0
    return cust, pos, level, prev


def _mrr_flows_dense(book: MrrBook, periods: Periods) -> MrrFlows:
    """mrr_flows by classifying every cell of the whole matrix (used for a single period, and as the reference)."""
    k = len(periods)
    starts = days_of(periods.starts)
    acc = {name: np.zeros(k) for name in (*MOVEMENTS, "start", "end", "paying_start", "paying_end")}
    cnt = {name: np.zeros(k, np.int64) for name in MOVEMENTS}
    for c0 in range(0, max(len(book.ids), 1), CHUNK):
        block = slice(c0, min(c0 + CHUNK, len(book.ids)))
        m = book.matrix(periods, block)
        m0, m1 = m[:, :-1], m[:, 1:]
        kind, amount = classify(m0, m1, book.first_start[block][:, None] < starts[None, :])
        for j, name in enumerate(MOVEMENTS):
            hit = kind == j
            acc[name] += np.where(hit, amount, 0).sum(axis=0)
            cnt[name] += hit.sum(axis=0)
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
    kind, _ = classify(m0, m1, book.first_start < days_of(sub.starts)[0])
    out = pd.DataFrame({"customer_id": book.ids, "mrr_start": m0, "mrr_end": m1, "movement": MOVEMENT_NAMES[kind],
                        "change": m1 - m0})
    return out[out["movement"] != ""].sort_values(["movement", "change"]).reset_index(drop=True)
