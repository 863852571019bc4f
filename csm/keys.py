"""Work on customer keys and dates that several metrics share, computed once per analysis (`Analysis.memo`:
it reads only the base settings, so the analysis's siblings reuse it too).

Hashing a 2M-row column of customer ids costs about half a second at a million customers, and usage, transactions,
tickets and surveys are each read by several metrics (adoption, ARPU, CLV, repeat purchases, health). Here each
such column is factorised once per analysis. The customers of usage, tickets and surveys (the tables that the
active customer rate and health match to the intervals' customers) are factorised together, into one code space,
whose distinct keys are then looked up once in the intervals. Metrics count with bincounts and bitmaps over codes
instead of hashing the strings again:

- `codes(a, kind, column)`: a code per row of a key column (customer_id, user_id, feature; −1 blank), the keys;
- `interval_codes(a, kind)`: each row's customer as a code of `a.intervals` (−1: blank, or no active interval),
  by way of `interval_lookup(a, kind)`, the interval code of each of the table's customer codes;
- `periods_of(a, kind, column)`: the period index of each row's date (−1 outside the range);
- `distinct_pairs(code, pidx, n, k)`: the distinct (code, period) pairs, by a bitmap when it is small.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .engine import Analysis

try:
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pandas runs without it; the objects are hashed instead
    pa = pc = None

BITMAP_CELLS = 1 << 26  # (code, period) cells marked in a bitmap up to this many (64 MB), else sorted


def factorize(values, by_bytes: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize of the values as objects: int64 codes (−1 for blanks) and the distinct values by code, in order
    of first appearance.

    `by_bytes`: when every value is a str, hash their UTF-8 bytes with pyarrow's dictionary encoding (the same
    codes and values). Measured at 1M customers: 35 % quicker on customer ids (each repeated a few times), but
    slower on nearly-distinct user ids and on a handful of feature names, where Python's cached string hashes win.
    """
    values = np.asarray(values, dtype=object)
    if by_bytes and pa is not None and pd.api.types.infer_dtype(values, skipna=True) == "string":
        try:
            pool = pa.system_memory_pool()  # malloc's: freed memory serves numpy's next arrays (lower peak RSS)
            encoded = pc.dictionary_encode(pa.array(values, type=pa.string(), from_pandas=True, memory_pool=pool),
                                           memory_pool=pool)
        except (pa.ArrowException, UnicodeError):  # e.g. a lone surrogate: hash the objects
            pass
        else:
            codes = encoded.indices.fill_null(-1).to_numpy().astype(np.int64)
            return codes, np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=object)
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)


MATCHED = ("usage", "tickets", "surveys")  # tables whose customers are matched to the intervals' customers


def codes(a: Analysis, kind: str, column: str = "customer_id") -> tuple[np.ndarray, np.ndarray]:
    """(code per row of `a.table(kind)[column]` (−1 blank), the distinct values by code), once per analysis and
    its siblings (it reads only the filtered tables). The customer_id of the MATCHED tables share one code space."""
    if column == "customer_id" and kind in MATCHED:
        space = _matched(a, anchored=False)
        return space.codes[kind], space.keys
    return a.memo(("codes", kind, column),
                    lambda: factorize(a.table(kind)[column].to_numpy(dtype=object), column == "customer_id"))


@dataclass(frozen=True, eq=False)
class _Space:
    """The customer_id columns of the MATCHED tables, factorised together."""

    codes: dict[str, np.ndarray]  # kind → code per row (−1 blank)
    keys: np.ndarray  # the distinct keys by code
    known: int  # codes below this are the intervals' customers, each its interval code (0: not anchored so)


def _matched(a: Analysis, anchored: bool) -> _Space:
    """The MATCHED tables' customer codes, computed once. When the first to ask wants interval codes, the
    intervals' keys go first into the same factorisation (they are distinct, so they take codes 0 … m − 1 in
    order, and each row of such a customer gets its interval code); a later ask of either kind reads the same."""

    def compute() -> _Space:
        cols = {}
        for kind in MATCHED:
            t = a.table(kind)
            if t is not None and "customer_id" in t:
                cols[kind] = t["customer_id"].to_numpy(dtype=object)
        anchor = interval_keys(a) if anchored and all(_text(c) for c in cols.values()) else np.zeros(0, object)
        code, keys = factorize(np.concatenate([anchor, *cols.values()]), by_bytes=True)
        cuts = np.cumsum([len(anchor), *(len(c) for c in cols.values())])
        return _Space({k: code[cuts[i]:cuts[i + 1]] for i, k in enumerate(cols)}, keys, len(anchor))

    return a.memo("matched_codes", compute)


def _text(values: np.ndarray) -> bool:
    """Whether every key that is not blank is a str (else keys are compared with the intervals' as text)."""
    return pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def interval_keys(a: Analysis) -> np.ndarray:
    """The intervals' customer keys as Python strings, made once (a string keeps its hash, so each factorisation
    that starts with them re-reads them cheaply)."""
    return a.memo("interval_keys", lambda: np.asarray(a.intervals.ids, dtype=object))


def to_interval_codes(a: Analysis, keys) -> np.ndarray:
    """Position of each distinct key (compared as text) in `a.intervals.ids`, −1 where it has no interval.

    By one factorisation of the intervals' keys followed by these (the intervals' keys take codes 0 … m − 1, and a
    key equal to one of them gets its code): faster than an Index lookup."""
    ids = a.intervals.ids
    if len(keys) == len(ids) and np.array_equal(np.asarray(keys).astype(str), ids):  # e.g. the MRR book's keys
        return np.arange(len(ids), dtype=np.int64)
    keys = np.asarray(keys, dtype=object)
    if not _text(keys):
        keys = keys.astype(str).astype(object)
    anchor = interval_keys(a)
    code = factorize(np.concatenate([anchor, keys]))[0][len(anchor):]
    return np.where(code < len(anchor), code, -1)


def interval_lookup(a: Analysis, kind: str) -> np.ndarray:
    """For each customer code of the table (`codes(a, kind)`), the customer's code in `a.intervals` (−1: no
    interval); one entry more, −1, for the blank code −1."""

    def compute() -> np.ndarray:
        if kind in MATCHED:
            space = _matched(a, anchored=True)
            if space.known:  # the intervals' customers took the first codes
                code = np.arange(len(space.keys) + 1, dtype=np.int64)
                code[space.known:] = -1
                return code
            keys = space.keys
        else:
            keys = codes(a, kind)[1]
        return np.append(to_interval_codes(a, keys), -1)

    return a.memo(("interval_lookup", "matched" if kind in MATCHED else kind), compute)


def interval_codes(a: Analysis, kind: str) -> np.ndarray:
    """Each row's customer as a code of `a.intervals` (−1: blank key, or a customer with no interval)."""
    return a.memo(("interval_codes", kind), lambda: interval_lookup(a, kind)[codes(a, kind)[0]])


def periods_of(a: Analysis, kind: str, column: str = "date") -> np.ndarray:
    """Period index of each row's `column` (−1 outside the range or blank), once per analysis and siblings."""
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
