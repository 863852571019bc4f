"""Work on customer keys and dates that several metrics share, computed once per analysis (`Analysis.memo`).

Hashing a 2M-row column of customer ids costs about half a second at a million customers, and usage, transactions,
tickets and surveys are each read by several metrics (adoption, ARPU, CLV, repeat purchases, health). Here each
such column is factorised once per analysis, and its distinct keys are looked up once in the intervals' customers,
which gives the code space that the customer counts, the active customer rate and health share. Metrics then count
with bincounts and bitmaps over codes instead of hashing the strings again:

- `codes(a, kind, column)`: a code per row of a key column (customer_id, user_id, feature; −1 blank), the keys;
- `interval_codes(a, kind)`: each row's customer as a code of `a.intervals` (−1: blank, or no active interval);
- `periods_of(a, kind, column)`: the period index of each row's date (−1 outside the range);
- `distinct_pairs(code, pidx, n, k)`: the distinct (code, period) pairs, by a bitmap when it is small.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .engine import Analysis

BITMAP_CELLS = 1 << 26  # (code, period) cells marked in a bitmap up to this many (64 MB), else sorted


def factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize of the values as objects: int64 codes (−1 for blanks) and the distinct values by code."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)


def codes(a: Analysis, kind: str, column: str = "customer_id") -> tuple[np.ndarray, np.ndarray]:
    """(code per row of `a.table(kind)[column]` (−1 blank), the distinct values by code), once per analysis."""
    return a.memo(("codes", kind, column), lambda: factorize(a.table(kind)[column].to_numpy(dtype=object)))


def interval_index(a: Analysis) -> pd.Index:
    """The intervals' customer keys as an object Index (hashed once per analysis, for the lookups below)."""
    return a.memo("interval_index", lambda: pd.Index(np.asarray(a.intervals.ids, dtype=object), dtype=object))


def to_interval_codes(a: Analysis, keys) -> np.ndarray:
    """Position of each distinct key (compared as text) in `a.intervals.ids`, −1 where it has no interval."""
    ids = a.intervals.ids
    if len(keys) == len(ids) and np.array_equal(np.asarray(keys).astype(str), ids):  # e.g. the MRR book's keys
        return np.arange(len(ids), dtype=np.int64)
    keys = np.asarray(keys, dtype=object)
    if pd.api.types.infer_dtype(keys, skipna=False) != "string":  # text already: keep the strings (and hashes)
        keys = keys.astype(str).astype(object)
    return interval_index(a).get_indexer(pd.Index(keys, dtype=object)).astype(np.int64, copy=False)


def interval_codes(a: Analysis, kind: str) -> np.ndarray:
    """Each row's customer as a code of `a.intervals` (−1: blank key, or a customer with no interval), by looking
    up each distinct key of the table once."""

    def compute() -> np.ndarray:
        code, keys = codes(a, kind)
        lookup = np.append(to_interval_codes(a, keys), -1)  # code −1 (blank) picks the trailing −1
        return lookup[code]

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
