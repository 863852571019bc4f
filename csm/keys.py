"""Work on customer keys and dates that several metrics share, computed once per analysis (`Analysis.memo`).

Hashing a 2M-row column of customer ids costs about half a second at a million customers, and usage, transactions,
tickets and surveys are each read by several metrics (adoption, ARPU, CLV, repeat purchases, health). Here each
such column is factorised once per analysis, into one customer code space shared with the intervals: codes
0 … m − 1 are the customers of `a.intervals` (a row's code is its customer's interval code), the table's other
customers follow. Metrics then count with bincounts and bitmaps over codes instead of hashing the strings again:

- `customer_codes(a, kind)`: a code per row of a table's customer_id (−1 blank) and the number of codes;
- `interval_codes(a, kind)`: each row's customer as a code of `a.intervals` (−1: blank, or no active interval);
- `codes(a, kind, column)`: any other key column (user_id, feature) factorised once;
- `periods_of(a, kind, column)`: the period index of each row's date (−1 outside the range);
- `distinct_pairs(code, pidx, n, k)`: the distinct (code, period) pairs, by a bitmap when it is small.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .engine import Analysis

BITMAP_CELLS = 1 << 26  # (code, period) cells marked in a bitmap up to this many (64 MB), else sorted


def factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize of the values as objects: int64 codes (−1 for blanks) and the distinct values by code."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)


def codes(a: Analysis, kind: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(code per row of `a.table(kind)[column]` (−1 blank), the distinct values by code), once per analysis."""
    return a.memo(("codes", kind, column), lambda: factorize(a.table(kind)[column].to_numpy(dtype=object)))


@dataclass(frozen=True, eq=False)
class CustomerCodes:
    """A table's customer_id column in the analysis' customer code space."""

    code: np.ndarray  # int64 per row, −1 for a blank key
    n: int  # codes are 0 … n − 1
    known: int  # codes below this are the intervals' customers (code = interval code); 0 when not anchored
    keys: np.ndarray | None  # when not anchored (a column that is not all text): the distinct keys by code


def _interval_keys(a: Analysis) -> np.ndarray | None:
    """The intervals' customer keys as Python strings (their hashes are kept by the strings, so each table's
    factorisation re-reads them cheaply); None when the churn event has no data, so there are no intervals."""
    if a.churn_event_missing() is not None:
        return None
    return a.memo("interval_keys", lambda: np.asarray(a.intervals.ids, dtype=object))


def customer_codes(a: Analysis, kind: str) -> CustomerCodes:
    """The table's customer_id as codes shared with the intervals, once per analysis.

    One factorisation of the intervals' keys followed by the column: the intervals' keys come first and are
    distinct, so they take codes 0 … m − 1 in order, and every row of a customer with intervals gets that code."""

    def compute() -> CustomerCodes:
        col = a.table(kind)["customer_id"].to_numpy(dtype=object)
        anchor = _interval_keys(a)
        if anchor is None or pd.api.types.infer_dtype(col, skipna=True) != "string":
            code, keys = factorize(col)  # interval codes, if asked for, by looking the keys up as text
            return CustomerCodes(code, len(keys), 0, keys)
        code, keys = factorize(np.concatenate([anchor, col]))
        return CustomerCodes(code[len(anchor):], len(keys), len(anchor), None)

    return a.memo(("customer_codes", kind), compute)


def interval_index(a: Analysis) -> pd.Index:
    """The intervals' customer keys as an object Index (hashed once per analysis, for lookups by key)."""
    return a.memo("interval_index", lambda: pd.Index(np.asarray(a.intervals.ids, dtype=object), dtype=object))


def to_interval_codes(a: Analysis, keys) -> np.ndarray:
    """Position of each distinct key (compared as text) in `a.intervals.ids`, −1 where it has no interval."""
    keys = np.asarray(keys, dtype=object)
    ids = a.intervals.ids
    if len(keys) == len(ids) and np.array_equal(keys.astype(str), ids):  # e.g. the MRR book's keys: the same list
        return np.arange(len(ids), dtype=np.int64)
    text = pd.Index(keys.astype(str), dtype=object)
    return interval_index(a).get_indexer(text).astype(np.int64, copy=False)


def interval_codes(a: Analysis, kind: str) -> np.ndarray:
    """Each row's customer as a code of `a.intervals` (−1: blank key, or a customer with no interval)."""

    def compute() -> np.ndarray:
        c = customer_codes(a, kind)
        if c.keys is None:
            return np.where(c.code < c.known, c.code, -1)
        lookup = np.append(to_interval_codes(a, c.keys), -1)  # code −1 (blank) picks the trailing −1
        return lookup[c.code]

    return a.memo(("interval_codes", kind), compute)


def periods_of(a: Analysis, kind: str, column: str = "date") -> np.ndarray:
    """Period index of each row's `column` (−1 outside the range or blank), once per analysis."""
    return a.memo(("periods_of", kind, column), lambda: a.period_index(a.table(kind)[column]))


def distinct_pairs(code: np.ndarray, pidx: np.ndarray, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (code, period) pairs among rows with a code (≥ 0, below n) and a period (pidx ≥ 0), sorted:
    (codes, periods). By a bitmap of n × k cells when that is small (each pair marked once), else by one sort."""
    ok = (pidx >= 0) & (code >= 0)
    keys = code[ok].astype(np.int64) * k + pidx[ok]
    if n * k <= BITMAP_CELLS:
        seen = np.zeros(n * k, bool)
        seen[keys] = True
        pairs = np.flatnonzero(seen)
    else:
        pairs = sorted_unique(keys)
    return pairs // max(k, 1), pairs % max(k, 1)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique of an integer array by one sort (np.unique itself is several times slower on millions)."""
    s = np.sort(values)
    first = np.ones(len(s), bool)
    first[1:] = s[1:] != s[:-1]
    return s[first]


def distinct_per_period(code: np.ndarray, pidx: np.ndarray, n: int, k: int) -> np.ndarray:
    """Number of distinct codes per period (float, one entry per period)."""
    return np.bincount(distinct_pairs(code, pidx, n, k)[1], minlength=k)[:k].astype(float)
