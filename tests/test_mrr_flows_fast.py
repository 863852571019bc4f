"""The fast paths of the subscription metrics against plain NumPy: MRR flows from steps against the dense
customer × boundary matrix (bit for bit), customer keys, day sorting and look-ups, distinct counts per period."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from csm import mrr_book as revenue
from csm.activity import OPEN, count_customers, merge_intervals, search_days, sort_days, to_days, unique_keys
from csm.mrr_book import MrrBook, _mrr_flows_dense, mrr_flows
from csm.periods import make_periods

DAY0 = np.datetime64("2023-10-01")
PERIODS = {
    "month": make_periods("month", dt.date(2024, 1, 1), dt.date(2024, 9, 30)),
    "week": make_periods("week", dt.date(2024, 1, 1), dt.date(2024, 4, 30)),
    "quarter": make_periods("quarter", dt.date(2023, 10, 1), dt.date(2024, 12, 31), 4),
    "two months": make_periods("month", dt.date(2024, 2, 1), dt.date(2024, 3, 31)),
}


@st.composite
def subscriptions(draw):
    """Overlapping, touching, same-day, empty and open-ended subscriptions; some with mrr 0."""
    n = draw(st.integers(0, 40))
    rows = []
    for _ in range(n):
        cust = draw(st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h", "ä", "𝄞x", ""]))
        start = DAY0 + draw(st.integers(0, 400))
        if rows and draw(st.booleans()):  # start where an earlier subscription ended (or began)
            prev = draw(st.sampled_from(rows))
            cust = prev[0] if draw(st.booleans()) else cust
            start = np.datetime64(prev[2] or prev[1])
        length = draw(st.one_of(st.none(), st.integers(-3, 200)))
        mrr = draw(st.sampled_from([0.0, 9.99, 10.0, 33.33, 49.0, 100.0, 1200 / 12, 0.1, 1e-10, 123.456789]))
        rows.append((cust, str(start), None if length is None else str(start + length), mrr))
    df = pd.DataFrame(rows, columns=["customer_id", "start_date", "end_date", "mrr"])
    df["start_date"] = pd.to_datetime(df["start_date"])
    df["end_date"] = pd.to_datetime(df["end_date"])
    df["customer_id"] = df["customer_id"].astype(draw(st.sampled_from([object, "str"])))
    return df


def _bits(x: np.ndarray) -> np.ndarray:
    return np.asarray(x, np.float64).view(np.int64)


@settings(max_examples=150, deadline=None)
@given(subscriptions(), st.sampled_from(sorted(PERIODS)), st.sampled_from([1, 2, 3, 65_536]))
def test_flows_from_steps_equal_the_dense_matrix_bit_for_bit(subs, which, chunk):
    periods = PERIODS[which]
    book = MrrBook.from_frame(subs)
    saved = revenue.CHUNK
    revenue.CHUNK = chunk  # blocks of a few customers: the block-by-block summation order is exercised
    try:
        fast, dense = mrr_flows(book, periods), _mrr_flows_dense(book, periods)
    finally:
        revenue.CHUNK = saved
    for name in ("start", "end", *revenue.MOVEMENTS, "paying_start", "paying_end"):
        assert np.array_equal(_bits(getattr(fast, name) + 0.0), _bits(getattr(dense, name) + 0.0)), name
    for name in revenue.MOVEMENTS:
        assert fast.counts[name].dtype == np.int64
        assert np.array_equal(fast.counts[name], dense.counts[name]), name


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="ab\x00é€𝄞-09", max_size=12), max_size=60))
def test_unique_keys_is_np_unique(values):
    keys = np.array(values, dtype=object).astype(str)
    ids, code = unique_keys(keys)
    want_ids, want_code = np.unique(keys, return_inverse=True)
    assert ids.dtype == want_ids.dtype and np.array_equal(ids, want_ids)
    assert code.dtype == np.int64 and np.array_equal(code, want_code.reshape(-1))


DAYS = st.one_of(st.integers(-40_000, 40_000), st.just(int(OPEN)), st.integers(int(OPEN), int(OPEN) + 10),
                 st.integers(-(2**40), 2**40))


@settings(max_examples=150, deadline=None)
@given(st.lists(DAYS, max_size=80), st.lists(st.integers(-100, 3000), min_size=1, max_size=30))
def test_sort_days_and_search_days_are_np_sort_and_searchsorted(days, among):
    d = np.array(days, np.int64)
    assert np.array_equal(sort_days(d), np.sort(d)) and sort_days(d).dtype == np.int64
    among = np.sort(np.array(among, np.int64))
    for side in ("left", "right"):
        assert np.array_equal(search_days(among, d, side), np.searchsorted(among, d, side=side))


@settings(max_examples=100, deadline=None)
@given(subscriptions())
def test_reactivated_and_churned_count_each_customer_once_a_period(subs):
    paid = subs[subs["mrr"] > 0]
    iv = merge_intervals(paid["customer_id"], to_days(paid["start_date"]), to_days(paid["end_date"]))
    periods = PERIODS["week"]
    counts = count_customers(iv, periods)
    starts, ends = to_days(periods.starts), to_days(periods.ends)
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        first_in = (iv.first_start[iv.code] >= s) & (iv.first_start[iv.code] < e)
        react = set(iv.code[~iv.first & (iv.start >= s) & (iv.start < e) & ~first_in])
        churned = set(iv.code[(iv.end >= s) & (iv.end < e) & (iv.end < OPEN)])
        assert (counts.R[i], counts.C[i]) == (len(react), len(churned))


def test_flows_from_steps_equal_the_dense_matrix_on_many_customers():
    """Amounts so large that the order of the additions shows even after rounding to 1e-6."""
    rng = np.random.default_rng(7)
    n = 4000
    start = DAY0 + rng.integers(0, 300, n)
    end = start + rng.integers(-5, 250, n)
    subs = pd.DataFrame({"customer_id": [f"c{i:04d}" for i in rng.integers(0, 700, n)],
                         "start_date": pd.to_datetime(start), "end_date": pd.to_datetime(end),
                         "mrr": np.where(rng.random(n) < 0.1, 0.0, rng.random(n) * 1e8)})
    subs.loc[rng.random(n) < 0.2, "end_date"] = pd.NaT
    book = MrrBook.from_frame(subs)
    saved = revenue.CHUNK
    for chunk in (7, 64, 65_536):
        revenue.CHUNK = chunk
        try:
            fast, dense = mrr_flows(book, PERIODS["week"]), _mrr_flows_dense(book, PERIODS["week"])
        finally:
            revenue.CHUNK = saved
        for name in ("start", "end", *revenue.MOVEMENTS):
            assert np.array_equal(_bits(getattr(fast, name) + 0.0), _bits(getattr(dense, name) + 0.0)), (chunk, name)


def _matrix_by_rows(book: MrrBook, periods) -> np.ndarray:
    """The customer × boundary matrix as it was first written: cells customer-major, a cumulative sum along rows."""
    bounds = to_days(periods.boundaries)
    nb, width = len(bounds), len(bounds) + 1
    lo, hi = np.searchsorted(bounds, book.start), np.searchsorted(bounds, book.end)
    sel = hi > lo
    cells = len(book.ids) * width
    flat = np.bincount(book.code[sel] * width + lo[sel], weights=book.mrr[sel], minlength=cells)
    flat -= np.bincount(book.code[sel] * width + hi[sel], weights=book.mrr[sel], minlength=cells)
    return np.round(np.cumsum(flat.reshape(len(book.ids), width), axis=1)[:, :nb], 9)


@settings(max_examples=100, deadline=None)
@given(subscriptions(), st.sampled_from(sorted(PERIODS)), st.sampled_from([1, 2, 3, 65_536]))
def test_matrix_blocks_equal_the_matrix_by_rows_bit_for_bit(subs, which, size):
    periods = PERIODS[which]
    book = MrrBook.from_frame(subs)
    want = _matrix_by_rows(book, periods)
    assert np.array_equal(_bits(book.matrix(periods)), _bits(want))
    assert book.matrix(periods).flags.c_contiguous  # reductions over customers add them row by row
    got = [(block, m) for block, m in book.blocks(periods, size=size)]
    assert [b.start for b, _ in got] == list(range(0, max(len(book.ids), 1), size))
    assert np.array_equal(_bits(np.concatenate([m for _, m in got])), _bits(want))
    if len(book.ids) > 2:
        assert np.array_equal(_bits(book.matrix(periods, slice(1, 3))), _bits(want[1:3]))


@settings(max_examples=100, deadline=None)
@given(subscriptions(), st.lists(st.booleans(), min_size=40, max_size=40))
def test_paid_keys_give_the_books_and_intervals_own_keys(subs, keep):
    """The paid rows keyed once (PaidKeys) give the MRR book and the intervals what keying their own rows gives."""
    from csm.activity import PaidKeys, intervals_from_subscriptions

    paid = PaidKeys.of(subs)
    want_ids, want_code = unique_keys(subs["customer_id"].to_numpy(dtype=object)[paid.rows].astype(str))
    assert paid.ids.dtype == want_ids.dtype and paid.ids.tolist() == want_ids.tolist()
    assert paid.code.tolist() == want_code.tolist()
    mask = np.array(keep[: len(paid.rows)], bool)
    ids, code = paid.subset(mask)
    sub_ids, sub_code = unique_keys(subs["customer_id"].to_numpy(dtype=object)[paid.rows].astype(str)[mask])
    assert ids.dtype == sub_ids.dtype and ids.tolist() == sub_ids.tolist() and code.tolist() == sub_code.tolist()
    rows = subs.iloc[paid.rows]
    iv = merge_intervals(rows["customer_id"], to_days(rows["start_date"]), to_days(rows["end_date"]))
    shared = intervals_from_subscriptions(subs, paid)
    for field in ("code", "start", "end", "ids"):
        assert np.array_equal(getattr(shared, field), getattr(iv, field))
