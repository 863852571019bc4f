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

from .activity import packed_words
from .engine import Analysis

BITMAP_CELLS = 1 << 26  # (code, period) cells marked in a bitmap up to this many (64 MB), else sorted


def factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize of the values as objects: int64 codes (−1 for blanks) and the distinct values by code, in order
    of first appearance.

    The readers give each distinct text of a repetitive column one Python string that its cells share, so where the
    cells hold few distinct objects they are told apart by address first (integers hash far quicker than strings:
    bench large's 2M usage customer ids, one object for each of their 588k ids, 0.23 s instead of 0.57 s), and only those objects
    are hashed as values.
    Equal objects then get one code, each row its object's: the same codes and values as pd.factorize of the rows
    (a value appears first where its first object does). A column of nearly all distinct objects (user ids made one
    string a cell) is hashed as it is."""
    values = np.ascontiguousarray(values, dtype=object)
    address = _addresses(values)
    if address is None or not _repetitive(address):
        codes, uniques = pd.factorize(values)
        return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)
    by_object, objects = pd.factorize(address >> _aligned_bits(address))
    row = np.empty(len(objects), np.int64)
    row[by_object] = np.arange(len(values))  # a row of each object (any: they all hold that object)
    codes, uniques = pd.factorize(values[row])
    return codes.astype(np.int64, copy=False)[by_object], np.asarray(uniques, dtype=object)


def _addresses(values: np.ndarray) -> np.ndarray | None:
    """The address of each cell's object (the object array's own pointers, read as integers; no copy), or None
    where NumPy does not lend them. Valid while `values` lives, which the view keeps alive."""
    try:
        return np.frombuffer(values, dtype=np.intp) if len(values) else None
    except (TypeError, ValueError, BufferError):
        return None


def _aligned_bits(address: np.ndarray) -> int:
    """How many low bits every address has zero (objects are aligned to 8 or 16 bytes): shifted out, the addresses
    stay distinct and hash evenly (pandas' integer hash spreads aligned pointers badly: 0.2 s → 0.11 s at 2M)."""
    low = int(np.bitwise_or.reduce(address))
    return (low & -low).bit_length() - 1 if low else 0


HEAD = 1 << 16  # rows of a column looked at to tell whether its cells share objects


def _repetitive(address: np.ndarray) -> bool:
    """Whether the first rows (HEAD, or a sixteenth of the column if more) hold at most 70 % distinct objects: then
    telling the rows apart by address first saves more than it costs."""
    head = address[: max(HEAD, len(address) // 16)]
    return len(pd.unique(head)) <= 0.7 * len(head)


MATCHED = ("usage", "tickets", "surveys")  # tables whose customers are matched to the intervals' customers


def codes(a: Analysis, kind: str, column: str = "customer_id") -> tuple[np.ndarray, np.ndarray]:
    """(code per row of `a.table(kind)[column]` (−1 blank), the distinct values by code), once per analysis and
    its siblings (it reads only the filtered tables). The customer_id of the MATCHED tables share one code space."""
    if column == "customer_id" and kind in MATCHED:
        space = _matched(a, anchored=False)
        return space.codes[kind], space.keys
    return a.memo(("codes", kind, column), lambda: factorize(a.table(kind)[column].to_numpy(dtype=object)))


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
        per_kind = {}
        for kind in MATCHED:
            t = a.table(kind)
            if t is not None and "customer_id" in t:
                per_kind[kind] = factorize(t["customer_id"].to_numpy(dtype=object))
        # Each table's distinct keys, in order of first appearance, then the tables' together (looked up among the
        # intervals' keys as packed words, else hashed with them): the codes one factorisation of all rows gives.
        distinct = [keys for _, keys in per_kind.values()]
        every = np.concatenate([np.zeros(0, object), *distinct])
        at = _positions(a.intervals.ids, every) if anchored and _text(every) else None
        if at is not None:  # the intervals' customers by their interval codes, the others after them
            known = len(a.intervals.ids)
            others = np.flatnonzero(at < 0)
            other_code, rest = factorize(every[others])
            code, keys = at.copy(), np.concatenate([interval_keys(a), rest])
            code[others] = known + other_code
        else:
            anchor = interval_keys(a) if anchored and all(_text(k) for k in distinct) else np.zeros(0, object)
            code, keys = factorize(np.concatenate([anchor, every]))
            code, known = code[len(anchor):], len(anchor)
        cuts = np.cumsum([0, *(len(k) for k in distinct)])
        # (the distinct keys are never blank; a row's −1 picks the −1 appended to its table's codes)
        return _Space({kind: np.append(code[cuts[i]:cuts[i + 1]], -1)[row_code]
                       for i, (kind, (row_code, _)) in enumerate(per_kind.items())}, keys, known)

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

    By packed words where the keys fit in one (`_positions`), else by one factorisation of the intervals' keys
    followed by these (the intervals' keys take codes 0 … m − 1, and a key equal to one of them gets its code)."""
    ids = a.intervals.ids
    if keys is ids or (len(keys) == len(ids) and np.array_equal(np.asarray(keys).astype(str), ids)):  # the book's
        return np.arange(len(ids), dtype=np.int64)
    keys = np.asarray(keys, dtype=object)
    if not _text(keys):
        keys = keys.astype(str).astype(object)
    at = _positions(ids, keys)
    if at is not None:
        return at
    anchor = interval_keys(a)
    code = factorize(np.concatenate([anchor, keys]))[0][len(anchor):]
    return np.where(code < len(anchor), code, -1)


def _positions(ids: np.ndarray, keys: np.ndarray) -> np.ndarray | None:
    """Position of each key (an object array) in `ids` (distinct keys, numpy str), −1 where it is not there: both
    packed into one 64-bit word a key (activity.packed_words; equal words, equal text) and looked up as integers, no
    string hashed. None, for the caller to hash them, when a key is not a str, would not fit in one word, or ends in
    NUL (which numpy's str drops)."""
    if ids.dtype.kind != "U" or not len(ids) or not len(keys) or pd.api.types.infer_dtype(keys, skipna=False) != "string":
        return None
    size = np.fromiter(map(len, keys), np.int64, len(keys))
    width = max(ids.dtype.itemsize // 4, int(size.max()), 1)
    if width > 32:  # no code point takes fewer than 2 bits
        return None
    text = keys.astype(f"<U{width}")
    if not np.array_equal(np.char.str_len(text), size):
        return None
    p_ids = ids.astype(f"<U{width}").view(np.uint32).reshape(len(ids), width)
    p_keys = text.view(np.uint32).reshape(len(keys), width)
    bits = max(int(p_ids.max()), int(p_keys.max()), 1).bit_length()
    if width > 64 // bits:
        return None
    (w_ids,), (w_keys,) = packed_words(p_ids, bits), packed_words(p_keys, bits)
    index = pd.Index(w_ids)  # integers hash quickly (and a binary search of random keys misses the cache)
    return index.get_indexer(w_keys).astype(np.int64, copy=False) if index.is_unique else None


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


def sort_keys(values: np.ndarray) -> np.ndarray:
    """np.sort of int64 keys, done on a 32-bit copy when they all fit in one (0 … 2**32 − 1): the same values,
    about 40 % quicker on millions."""
    values = np.asarray(values)
    if len(values) and values.min() >= 0 and values.max() < 2**32:
        return np.sort(values.astype(np.uint32)).astype(np.int64)
    return np.sort(values)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique of an integer array by one sort (np.unique itself is several times slower on millions)."""
    s = sort_keys(values)
    first = np.ones(len(s), bool)
    first[1:] = s[1:] != s[:-1]
    return s[first]


def distinct_per_period(code: np.ndarray, pidx: np.ndarray, n: int, k: int) -> np.ndarray:
    """Number of distinct codes per period (float, one entry per period)."""
    return np.bincount(distinct_pairs(code, pidx, n, k)[1], minlength=k)[:k].astype(float)
