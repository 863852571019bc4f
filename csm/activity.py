"""The customer model of METRICS.md: active intervals per customer, and from them S, E, N, R, C, T per period.

Every customer has a set of active intervals `[start, end)` in whole days (end = first day no longer active;
open intervals end at `OPEN`). Overlapping or touching intervals of one customer merge. All counts are computed
for every period at once with sorting, `searchsorted` and cumulative sums: no Python loop over rows or periods.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .periods import Periods

OPEN = np.int64(2**31)  # an interval still open: far beyond any real day number


def to_days(values) -> np.ndarray:
    """Calendar dates (datetime64 of any unit, NaT allowed) → int64 day numbers; NaT → OPEN."""
    arr = np.asarray(values, dtype="datetime64[D]")
    out = arr.astype(np.int64)
    out[np.isnat(arr)] = OPEN
    return out


def optional_dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """An optional date column, or all-blank when the table does not have it (e.g. no end dates mapped)."""
    return frame[column] if column in frame else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")


def days_of(periods_days: np.ndarray) -> np.ndarray:
    return np.asarray(periods_days, dtype="datetime64[D]").astype(np.int64)


def unique_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(keys, return_inverse=True)` for an array of str (numpy `U`), the codes as int64.

    The keys are sorted as integers: each key's code points, packed into as few 64-bit words as their largest code
    point allows, compare as the strings do (code point by code point; a shorter key is padded with 0). A stable sort
    of those words is quick on keys that are already nearly in order, as exported ids often are.
    """
    n = len(keys)
    if n == 0 or keys.dtype.kind != "U" or keys.dtype.byteorder == ">":
        ids, code = np.unique(keys, return_inverse=True)
        return ids, code.reshape(-1).astype(np.int64)
    width = keys.dtype.itemsize // 4
    points = np.ascontiguousarray(keys).view(np.uint32).reshape(n, width)
    words = packed_words(points, max(int(points.max()).bit_length(), 1))
    order = np.argsort(words[0], kind="stable") if len(words) == 1 else np.lexsort(words[::-1])
    new = np.zeros(n, bool)
    new[0] = True
    for word in words:
        w = word[order]
        new[1:] |= w[1:] != w[:-1]
    code = np.empty(n, np.int64)
    code[order] = np.cumsum(new) - 1
    return keys[order[new]], code


def packed_words(points: np.ndarray, bits: int) -> list[np.ndarray]:
    """Rows of code points (n × width, each below 2**bits) packed 64 // bits to a uint64 word, the first in the
    highest bits, a short row padded with 0: the words compare, word after word, as the rows do code point by code
    point (numpy's order of str, a shorter key before its extensions)."""
    n, width = points.shape
    per_word = 64 // bits
    words = []
    for first in range(0, width, per_word):  # a loop over the characters of the widest key
        word = np.zeros(n, np.uint64)
        for i in range(first, first + per_word):
            word <<= np.uint64(bits)
            if i < width:
                word |= points[:, i]
        words.append(word)
    return words


@dataclass(frozen=True)
class Intervals:
    """Merged active intervals, sorted by customer then start. `ids[code]` is the customer's key."""

    code: np.ndarray  # int64 customer code per interval
    start: np.ndarray  # int64 day number
    end: np.ndarray  # int64 day number, exclusive; OPEN when still active
    ids: np.ndarray  # customer keys (object array of str), indexed by code

    def __len__(self) -> int:
        return len(self.code)

    @cached_property
    def first(self) -> np.ndarray:
        """Whether each interval is its customer's first."""
        f = np.ones(len(self.code), bool)
        f[1:] = self.code[1:] != self.code[:-1]
        return f

    @cached_property
    def first_start(self) -> np.ndarray:
        """Each customer's first-ever activation day, indexed by code (OPEN for customers with no interval)."""
        out = np.full(len(self.ids), OPEN, np.int64)
        out[self.code[self.first]] = self.start[self.first]
        return out

    def frame(self) -> pd.DataFrame:
        """The intervals as a readable table (customer, start, end; end blank when still active)."""
        end = self.end.astype("datetime64[D]")
        end[self.end == OPEN] = np.datetime64("NaT")
        return pd.DataFrame(
            {"customer_id": self.ids[self.code], "start": self.start.astype("datetime64[D]"), "end": end}
        )


@dataclass(frozen=True, eq=False)
class PaidKeys:
    """The paid subscriptions (mrr > 0) of a subscriptions table and their customers, keyed once for the intervals
    and the MRR book, which both read them."""

    rows: np.ndarray  # positions of the paid rows in the table
    ids: np.ndarray  # sorted distinct customer keys of those rows (numpy str)
    code: np.ndarray  # each paid row's customer code

    @classmethod
    def of(cls, subs: pd.DataFrame) -> PaidKeys:
        rows = np.flatnonzero((subs["mrr"] > 0).to_numpy())  # the columns read, not the whole frame
        return cls(rows, *unique_keys(subs["customer_id"].to_numpy(dtype=object)[rows].astype(str)))

    def subset(self, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`unique_keys` of the paid rows where `keep`: the keys that remain (in order), their codes renumbered."""
        if keep.all():
            return self.ids, self.code
        code = self.code[keep]
        present = np.zeros(len(self.ids), bool)
        present[code] = True
        return self.ids[present], (np.cumsum(present) - 1)[code]


def merge_intervals(customer_ids, starts, ends, keys: tuple[np.ndarray, np.ndarray] | None = None) -> Intervals:
    """Merge overlapping or touching intervals per customer. Empty intervals (end ≤ start) are dropped. `keys`:
    `unique_keys` of the customer ids, when the caller has them.

    >>> iv = merge_intervals(["a", "a", "b"], to_days(["2024-01-01", "2024-02-01", "2024-01-05"]),
    ...                      to_days(["2024-02-01", None, "2024-01-09"]))
    >>> len(iv), iv.frame().end.isna().tolist()
    (2, [True, False])
    """
    ids, code = keys if keys is not None else unique_keys(np.asarray(customer_ids, dtype=object).astype(str))
    s = np.asarray(starts, np.int64)
    e = np.asarray(ends, np.int64)
    keep = e > s
    code, s, e = code[keep], s[keep], e[keep]
    order = np.lexsort((s, code))
    code, s, e = code[order], s[order], e[order]
    if len(code) == 0:
        return Intervals(code, s, e, ids)
    # Running max of end within each customer: an interval starts a new run when it begins after every
    # earlier interval of the same customer has ended (a gap of at least one day).
    new_cust = np.ones(len(code), bool)
    new_cust[1:] = code[1:] != code[:-1]
    # Offset each customer's ends so a cumulative maximum never carries across customers.
    span = np.int64(2**33)  # wider than any day range, so customer blocks never overlap
    offset = code * span
    run_max = np.maximum.accumulate(e + offset) - offset
    prev_max = np.empty_like(run_max)
    prev_max[0] = np.iinfo(np.int64).min
    prev_max[1:] = run_max[:-1]
    starts_run = new_cust | (s > prev_max)
    m_code = code[starts_run]
    m_start = s[starts_run]
    m_end = np.maximum.reduceat(e, np.flatnonzero(starts_run))
    return Intervals(m_code, m_start, m_end, ids)


@dataclass(frozen=True)
class Counts:
    """Per-period customer counts (arrays of one value per period)."""

    S: np.ndarray  # active on the last day before P
    E: np.ndarray  # active on the last day of P
    N: np.ndarray  # first-ever activation in P
    R: np.ndarray  # reactivated in P (not new)
    C: np.ndarray  # churned in P (an interval ends in P)
    T: np.ndarray  # active on any day of P
    retained: np.ndarray  # active both on the last day before P and on the last day of P
    customer_days: np.ndarray  # active customer-days in P
    days: np.ndarray  # calendar days in P


def sort_days(days: np.ndarray) -> np.ndarray:
    """`np.sort` of int64 day numbers, by counting each day when they span a short range (OPEN sorts last)."""
    finite = days < OPEN
    fin = days if finite.all() else days[finite]
    if len(fin) == 0 or int(fin.max()) - int(fin.min()) > 4 * len(fin) + 4096:
        return np.sort(days)
    lo = fin.min()
    out = np.repeat(np.arange(lo, fin.max() + 1), np.bincount(fin - lo))
    return out if len(fin) == len(days) else np.concatenate([out, np.sort(days[~finite])])


def search_days(sorted_days: np.ndarray, days: np.ndarray, side: str = "left") -> np.ndarray:
    """`np.searchsorted(sorted_days, days, side)` for many int64 days among a few sorted ones (period starts,
    boundaries): one search per calendar day from the first to the last of them, then a lookup per day."""
    if len(sorted_days) == 0 or int(sorted_days[-1]) - int(sorted_days[0]) > 4 * len(days) + 4096:
        return np.searchsorted(sorted_days, days, side=side)
    before = sorted_days[0] - 1  # the table's first day; earlier days find the same place, later ones its last
    table = np.searchsorted(sorted_days, np.arange(before, sorted_days[-1] + 2), side=side)
    return table[np.clip(days - before, 0, len(table) - 1)]


def _distinct_per_period(code: np.ndarray, pidx: np.ndarray, k: int) -> np.ndarray:
    """Number of distinct customers per period among (customer, period) pairs listed so that equal pairs are
    adjacent (as for intervals by customer then start, whose periods never go back); pidx = -1 is ignored."""
    ok = pidx >= 0
    code, pidx = code[ok], pidx[ok]
    new = np.ones(len(code), bool)
    new[1:] = (code[1:] != code[:-1]) | (pidx[1:] != pidx[:-1])
    return np.bincount(pidx[new], minlength=k)[:k].astype(np.int64)


def _period_of(days: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    idx = search_days(starts, days, side="right") - 1
    return np.where((idx >= 0) & (days < ends[-1]), idx, -1)


def _covered_integral(s_sorted: np.ndarray, s_cum: np.ndarray, e_sorted: np.ndarray, e_cum: np.ndarray, x):
    """Σ over intervals of active days before day x: Σ_{s<x} (x − s) − Σ_{e<x} (x − e); cums are prefix sums."""
    ns = np.searchsorted(s_sorted, x, side="left")
    ne = np.searchsorted(e_sorted, x, side="left")
    return (ns * x - s_cum[ns]) - (ne * x - e_cum[ne])


def count_customers(iv: Intervals, periods: Periods) -> Counts:
    """S, E, N, R, C, T, retained and customer-days for every period, vectorised."""
    k = len(periods)
    starts = days_of(periods.starts)
    ends = days_of(periods.ends)
    bounds = days_of(periods.boundaries)  # k + 1 days
    s_sorted = sort_days(iv.start)
    e_sorted = sort_days(iv.end)

    # Active on boundary day b: intervals with s ≤ b < e (intervals of one customer are disjoint).
    active = np.searchsorted(s_sorted, bounds, side="right") - np.searchsorted(e_sorted, bounds, side="right")
    S, E = active[:-1], active[1:]

    fs = sort_days(iv.first_start[iv.first_start < OPEN])
    N = np.searchsorted(fs, ends, side="left") - np.searchsorted(fs, starts, side="left")

    p_start = _period_of(iv.start, starts, ends)
    p_first_by_code = np.full(len(iv.ids), -2, np.int64)
    p_first_by_code[iv.code[iv.first]] = p_start[iv.first]
    p_first = p_first_by_code[iv.code]
    react = ~iv.first & (p_start >= 0) & (p_start != p_first)
    R = _distinct_per_period(iv.code[react], p_start[react], k)

    p_end = np.where(iv.end < OPEN, _period_of(np.minimum(iv.end, OPEN - 1), starts, ends), -1)
    C = _distinct_per_period(iv.code, p_end, k)

    # T = customers active on any day of P: intervals overlapping [start, end), less the second and later
    # intervals of a customer that also overlap P (one that ends exactly on the first day of P is not active in it).
    overlapping = np.searchsorted(s_sorted, ends, side="left") - np.searchsorted(e_sorted, starts, side="right")
    prev_end = np.full(len(iv.code), -OPEN, np.int64)
    prev_end[1:] = np.where(iv.first[1:], -OPEN, iv.end[:-1])
    repeat = (p_start >= 0) & (prev_end > starts[np.maximum(p_start, 0)])
    T = overlapping - np.bincount(p_start[repeat], minlength=k)[:k]

    # Retained: the same interval covers both boundary days, or one interval ends in P and the next of the
    # same customer starts in P and is still active at its end.
    lo = search_days(bounds, iv.start)  # first boundary covered
    hi = search_days(bounds, iv.end)  # first boundary not covered
    span = hi - lo >= 2
    diff = np.bincount(lo[span], minlength=k + 2)[: k + 2] - np.bincount(hi[span] - 1, minlength=k + 2)[: k + 2]
    retained = np.cumsum(diff)[:k]
    nxt_same = np.zeros(len(iv.code), bool)
    nxt_same[:-1] = iv.code[1:] == iv.code[:-1]
    cand = np.flatnonzero(nxt_same & (hi > lo))
    last_cov = hi[cand] - 1
    bridge = (lo[cand + 1] == last_cov + 1) & (hi[cand + 1] > last_cov + 1) & (last_cov < k)
    retained = retained + np.bincount(last_cov[bridge], minlength=k)[:k]

    s_cum = np.concatenate([[0], np.cumsum(s_sorted)])  # prefix sums: s_cum[n] = sum of the first n
    e_fin = e_sorted[e_sorted < OPEN]
    e_cum = np.concatenate([[0], np.cumsum(e_fin)])
    integral = _covered_integral(s_sorted, s_cum, e_fin, e_cum, np.concatenate([starts, ends[-1:]]))
    customer_days = np.diff(integral)

    return Counts(S, E, N, R, C, T, retained, customer_days, ends - starts)


def period_members(iv: Intervals, periods: Periods, i: int) -> dict[str, np.ndarray]:
    """The customers behind each count of period i (sorted keys), for drill-down and reconciliation."""
    ps = days_of(periods.starts[i : i + 1])[0]
    pe = days_of(periods.ends[i : i + 1])[0]
    d0, d1 = ps - 1, pe - 1
    c = iv.code
    at0 = (iv.start <= d0) & (d0 < iv.end)
    at1 = (iv.start <= d1) & (d1 < iv.end)
    starts_in = (iv.start >= ps) & (iv.start < pe)
    first_p = (iv.first_start >= ps) & (iv.first_start < pe)
    new = np.flatnonzero(first_p)
    react = np.setdiff1d(c[starts_in & ~iv.first], new)
    churned = c[(iv.end >= ps) & (iv.end < pe)]
    served = c[(iv.start < pe) & (iv.end > ps)]
    s_set, e_set = np.unique(c[at0]), np.unique(c[at1])

    def keys(codes: np.ndarray) -> np.ndarray:
        return iv.ids[np.unique(codes)]

    return {
        "start": keys(s_set),
        "end": keys(e_set),
        "new": keys(new),
        "reactivated": keys(react),
        "churned": keys(churned),
        "served": keys(served),
        "retained": keys(np.intersect1d(s_set, e_set)),
    }


def keys_minus(a, b) -> np.ndarray:
    """Sorted keys of a that are not in b (hashing: np.setdiff1d is slow on text)."""
    return np.sort(pd.Index(a).difference(pd.Index(b)).to_numpy(dtype=object))


def keys_union(a, b) -> np.ndarray:
    """Sorted keys that are in a or in b."""
    return pd.Index(a).union(pd.Index(b)).to_numpy()


def intervals_from_subscriptions(subs: pd.DataFrame, paid: PaidKeys | None = None) -> Intervals:
    """`[start_date, end_date)` of every subscription with mrr > 0; blank end = still active."""
    paid = PaidKeys.of(subs) if paid is None else paid
    return merge_intervals(None, to_days(subs["start_date"].to_numpy()[paid.rows]),
                           to_days(optional_dates(subs, "end_date").to_numpy()[paid.rows]), (paid.ids, paid.code))


def intervals_from_customers(customers: pd.DataFrame, churn_events: pd.DataFrame | None = None) -> Intervals:
    """`[signup_date, churn_date)` of every customer with a signup date.

    With a churn-events table a customer may churn several times: each churn day (the customers table's and every
    event's, on or after the signup) ends an interval. A later churn means the customer came back in between; the
    data does not say when, so they count as back the day after each churn but the last."""
    c = customers[customers["signup_date"].notna()]
    if churn_events is None or churn_events.empty:
        return merge_intervals(c["customer_id"], to_days(c["signup_date"]), to_days(optional_dates(c, "churn_date")))
    first = _first_signups(c)
    ids = np.concatenate([c["customer_id"].to_numpy(dtype=object), churn_events["customer_id"].to_numpy(dtype=object)])
    days = np.concatenate([to_days(optional_dates(c, "churn_date")), to_days(churn_events["churn_date"])])
    start = pd.Series(ids).map(first).to_numpy(dtype=float)
    ok = (days != OPEN) & ~np.isnan(start) & (days >= start)
    churns = pd.DataFrame({"id": ids[ok], "day": days[ok]}).drop_duplicates().sort_values(["id", "day"])
    later = churns["id"].duplicated().to_numpy()  # not the customer's first churn
    back = np.where(later, np.roll(churns["day"].to_numpy(), 1) + 1, churns["id"].map(first).to_numpy(np.int64))
    never = ~first.index.isin(churns["id"])
    return merge_intervals(np.concatenate([churns["id"].to_numpy(dtype=object), first.index[never].to_numpy(dtype=object)]),
                           np.concatenate([back, first.to_numpy()[never]]),
                           np.concatenate([churns["day"].to_numpy(np.int64), np.full(never.sum(), OPEN)]))


def _first_signups(c: pd.DataFrame) -> pd.Series:
    """Each customer's first signup day (day number), indexed by customer key."""
    return pd.Series(to_days(c["signup_date"]), index=c["customer_id"].to_numpy()).groupby(level=0).min()


def churn_events_before_signup(customers: pd.DataFrame, churn_events: pd.DataFrame) -> int:
    """Churn events of customers with no signup date, or dated on or before it (no day as a customer): the
    customer-dates count leaves them out."""
    first = _first_signups(customers[customers["signup_date"].notna()])
    start = churn_events["customer_id"].map(first).to_numpy(dtype=float)
    return int((np.isnan(start) | (to_days(churn_events["churn_date"]) <= start)).sum())


def intervals_from_purchases(transactions: pd.DataFrame, inactivity_days: int) -> Intervals:
    """`[d, d + N)` for every purchase (positive amount) on day d."""
    buys = transactions[transactions["amount"] > 0]
    d = to_days(buys["date"])
    return merge_intervals(buys["customer_id"], d, d + np.int64(inactivity_days))
