"""Cohort retention — METRICS.md "Breakdowns and cohorts".

A cohort is the customers whose first-ever activation falls in one period, exactly as METRICS.md defines it.
Customers who joined and left within their first period stay in their cohort (so age 0 can be below 100 %; how
many did is in `sizes.left_in_first_period`), and count again at a later age if they come back. Cell (cohort, age k):

- `logo`: % of the cohort active at the end of period cohort + k;
- `revenue`: the cohort's MRR at the end of period cohort + k ÷ its MRR at the end of its first period × 100
  (can exceed 100 with expansion). Revenue cohorts follow the paid subscriptions (first paid day), whatever
  the churn event.

Everything is computed for all cohorts at once from per-interval boundary indices (`searchsorted`) and
bincounts, or from the MrrBook's customer × boundary matrix in blocks: no loop over customers.

    >>> c = cohort_retention(analysis)                      # doctest: +SKIP
    >>> c.matrix.loc["2024-01", 2]                          # % of January's cohort active at the end of March
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .activity import OPEN, days_of
from .engine import Analysis
from .errors import OptionError
from .mrr_book import CHUNK

KINDS = ("logo", "revenue")


@dataclass(frozen=True, eq=False)
class Cohorts:
    """A cohort retention table and what it was built from."""

    kind: str
    matrix: pd.DataFrame  # index: cohort label; columns: age 0..K-1; values: % (NaN beyond the range)
    sizes: pd.DataFrame  # cohort, joined, left_in_first_period, customers, mrr (revenue only)
    long: pd.DataFrame  # cohort, age, period, amount (customers or MRR), base, value — one row per defined cell
    earlier: int = 0  # customers first active before the first period (in no cohort)


def _cohort_index(first_start: np.ndarray, a: Analysis) -> np.ndarray:
    """Period index of each customer's first activation; -1 outside the range (or never active)."""
    starts = days_of(a.periods.starts)
    last_end = days_of(a.periods.ends[-1:])[0]
    p = np.searchsorted(starts, first_start, side="right") - 1
    return np.where((p >= 0) & (first_start < last_end), p, -1)


def _grid(amount: np.ndarray, base_col: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From cohort × boundary amounts (K × K+1), the cohort × age amounts, their bases, and the validity mask."""
    k = amount.shape[0]
    i = np.arange(k)[:, None]
    b = i + np.arange(k)[None, :] + 1  # boundary read at age k: the last day of period i + k
    ok = b <= k
    at_age = np.where(ok, amount[i, np.minimum(b, k)], np.nan)
    return at_age, np.broadcast_to(base_col[:, None], at_age.shape), ok


def _logo_amounts(a: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(cohort × boundary active members, joined per cohort, members per cohort, customers before the range)."""
    iv = a.intervals
    k = len(a.periods)
    bounds = days_of(a.periods.boundaries)
    coh_of = _cohort_index(iv.first_start, a)
    earlier = int(((iv.first_start < days_of(a.periods.starts[:1])[0]) & (iv.first_start < OPEN)).sum())
    lo = np.searchsorted(bounds, iv.start, side="left")  # first boundary covered
    hi = np.searchsorted(bounds, iv.end, side="left")  # first boundary not covered
    coh = coh_of[iv.code]
    at_base = (coh >= 0) & (lo <= coh + 1) & (coh + 1 < hi)  # interval covers the end of the first period
    still = np.zeros(len(iv.ids), bool)
    still[iv.code[at_base]] = True
    rows = (coh >= 0) & (hi > lo)
    width = k + 2
    flat = np.bincount(coh[rows] * width + lo[rows], minlength=k * width)
    flat -= np.bincount(coh[rows] * width + hi[rows], minlength=k * width)
    active = np.cumsum(flat.reshape(k, width), axis=1)[:, : k + 1]
    valid = coh_of >= 0
    joined = np.bincount(coh_of[valid], minlength=k)[:k]
    members = np.bincount(coh_of[still], minlength=k)[:k]  # still active at the end of their first period
    return active.astype(float), joined, members, earlier


def _revenue_amounts(a: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """(cohort × boundary MRR of members, joined, members, member MRR at base, customers before the range)."""
    book = a.mrr_book
    k = len(a.periods)
    coh_all = _cohort_index(book.first_start, a)
    earlier = int((book.first_start < days_of(a.periods.starts[:1])[0]).sum())
    amount = np.zeros((k, k + 1))
    members = np.zeros(k, np.int64)
    for block, m in book.blocks(a.periods, size=CHUNK) if len(book.ids) else ():  # blocks bound the memory
        coh = coh_all[block]
        ok = coh >= 0
        base = np.zeros(len(coh))
        base[ok] = m[np.flatnonzero(ok), coh[ok] + 1]
        mem = ok
        members += np.bincount(coh[ok & (base > 0)], minlength=k)[:k]
        if mem.any():  # the members' rows, gathered in the matrix's own (boundary-major) order
            sums = pd.DataFrame(np.compress(mem, m.T, axis=1).T, copy=False).groupby(coh[mem]).sum()
            amount[sums.index.to_numpy()] += sums.to_numpy()
    joined = np.bincount(coh_all[coh_all >= 0], minlength=k)[:k]
    return np.round(amount, 6), joined, members, earlier


def cohort_retention(analysis: Analysis, kind: str = "logo") -> Cohorts:
    """Cohort retention by period of first activation: `logo` (customers) or `revenue` (MRR), in %."""
    if kind not in KINDS:
        raise OptionError(f"cohort kind must be one of {', '.join(KINDS)}, not {kind!r}")
    missing = analysis.churn_event_missing() if kind == "logo" else (
        None if analysis.dataset.has("subscriptions") else "they need a subscriptions table with customer_id, "
        "start_date and mrr (or amount + billing_period)")
    if missing:
        raise OptionError(f"{kind} cohorts cannot be built: {missing}")
    labels = list(analysis.periods.labels)
    k = len(labels)
    if kind == "logo":
        amount, joined, members, earlier = _logo_amounts(analysis)
    else:
        amount, joined, members, earlier = _revenue_amounts(analysis)
    # Logo cohorts divide by everyone who joined; revenue cohorts by the cohort's MRR at the end of its first period.
    base = joined.astype(float) if kind == "logo" else amount[np.arange(k), np.arange(k) + 1]
    at_age, bases, ok = _grid(amount, base)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(ok & (bases > 0), at_age / np.where(bases > 0, bases, 1) * 100, np.nan)
    has = base > 0
    matrix = pd.DataFrame(pct[has], index=pd.Index(np.asarray(labels)[has], name="cohort"),
                          columns=pd.RangeIndex(k, name="age"))
    sizes = pd.DataFrame({"cohort": labels, "joined": joined, "left_in_first_period": joined - members,
                          "customers": members})
    if kind == "revenue":
        sizes["mrr"] = base
    sizes = sizes[joined > 0].reset_index(drop=True)
    ci, ai = np.nonzero(ok & has[:, None])
    long = pd.DataFrame({
        "cohort": np.asarray(labels)[ci],
        "age": ai,
        "period": np.asarray(labels)[ci + ai],
        "amount": at_age[ci, ai],
        "base": bases[ci, ai],
        "value": pct[ci, ai],
    })
    if kind == "logo":
        long[["amount", "base"]] = long[["amount", "base"]].astype(np.int64)
    return Cohorts(kind, matrix, sizes, long, earlier)
