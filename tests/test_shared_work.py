"""The shared per-analysis work of csm.keys and the Dataset memo: same answers as the plain computations, whatever
order the metrics ask in, and a Dataset that still pickles."""
from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pandas as pd
import pytest

from csm import keys
from csm.engine import Analysis, Settings
from csm.metrics import compute, compute_all
from tests.conftest import dataset, frame

SUBS = frame(
    [
        ("a", "2024-01-01", None, 10.0),
        ("b", "2024-01-15", "2024-03-01", 20.0),
        ("c", "2024-02-01", None, 30.0),
        ("d", "2024-01-01", "2024-01-01", 5.0),  # empty: no interval
    ],
    "customer_id start_date end_date mrr",
)
USAGE = frame(
    [
        ("2024-01-03", "a", "u1", "Reports"),
        ("2024-01-03", "a", "u1", "Reports"),
        ("2024-01-20", "b", None, " API"),
        ("2024-02-02", "c", "u2", None),
        ("2024-02-05", "z", "u3", "Reports"),  # a customer with no interval
        ("2024-03-10", "b", "u4", "API"),
    ],
    "date customer_id user_id feature",
)
TICKETS = frame(
    [("a", "2024-01-05"), (None, "2024-01-06"), ("c", "2024-02-10"), ("z", "2024-02-11")],
    "customer_id created_at",
)
TX = frame(
    [("a", "2024-01-02", 10.0), ("a", "2024-01-09", 5.0), ("b", "2024-02-01", -3.0), ("b", "2024-02-03", 7.0)],
    "customer_id date amount",
)


def _analysis(**settings) -> Analysis:
    return Analysis(dataset(subscriptions=SUBS, usage=USAGE, tickets=TICKETS, transactions=TX), Settings(**settings))


def test_codes_are_a_factorisation_shared_by_the_matched_tables():
    a = _analysis()
    code, ids = keys.codes(a, "usage")
    assert ids[code].tolist() == USAGE["customer_id"].tolist()
    t_code, t_ids = keys.codes(a, "tickets")
    assert t_ids is ids  # one code space for usage, tickets and surveys
    assert t_code[1] == -1 and ids[t_code[[0, 2, 3]]].tolist() == ["a", "c", "z"]
    assert keys.codes(a, "usage")[0] is code  # computed once


@pytest.mark.parametrize("interval_codes_first", [True, False])
def test_interval_codes_follow_the_intervals_whichever_is_asked_first(interval_codes_first):
    a = _analysis()
    if interval_codes_first:
        got = keys.interval_codes(a, "usage")
    else:
        keys.codes(a, "usage")
        got = keys.interval_codes(a, "usage")
    ids = a.intervals.ids.tolist()
    want = [ids.index(c) if c in ids else -1 for c in USAGE["customer_id"]]
    assert got.tolist() == want
    assert keys.interval_codes(a, "tickets").tolist() == [ids.index("a"), -1, ids.index("c"), -1]
    assert keys.to_interval_codes(a, np.array(["c", "zz", "a"], dtype=object)).tolist() == [
        ids.index("c"), -1, ids.index("a")]


def test_keys_that_are_not_text_are_matched_as_text():
    a = _analysis()
    assert keys.to_interval_codes(a, np.array([1, "a"], dtype=object)).tolist() == [-1, a.intervals.ids.tolist().index("a")]


def test_distinct_pairs_by_bitmap_and_by_sort_agree(monkeypatch):
    rng = np.random.default_rng(3)
    code = rng.integers(-1, 50, 2000)
    pidx = rng.integers(-1, 7, 2000)
    ok = (code >= 0) & (pidx >= 0)
    want = sorted(set(zip(code[ok].tolist(), pidx[ok].tolist(), strict=True)))
    by_bitmap = keys.distinct_pairs(code, pidx, 50, 7)
    monkeypatch.setattr(keys, "BITMAP_CELLS", 0)
    by_sort = keys.distinct_pairs(code, pidx, 50, 7)
    for c, p in (by_bitmap, by_sort):
        assert list(zip(c.tolist(), p.tolist(), strict=True)) == want
    assert keys.distinct_per_period(code, pidx, 50, 7).tolist() == np.bincount(
        [p for _, p in want], minlength=7).tolist()
    assert keys.sorted_unique(np.array([3, 1, 3, 2, 1])).tolist() == [1, 2, 3]


def test_sort_keys_is_np_sort_whatever_the_range():
    rng = np.random.default_rng(8)
    for high in (1, 50, 2**31, 2**32, 2**33, 2**62):
        for low in (0, -5):
            values = rng.integers(low, high, 3000, dtype=np.int64)
            got = keys.sort_keys(values)
            assert got.dtype == np.int64 and got.tolist() == np.sort(values).tolist()
    assert keys.sort_keys(np.zeros(0, np.int64)).tolist() == []


def _dump(results: dict) -> dict:
    return {m: [(p.value, p.numerator, p.denominator, p.worked) for p in s.points] + [s.extra]
            for m, s in results.items()}


def test_metric_order_does_not_change_results():
    """Shared work computed by whichever metric asks first: any order gives the same series (compute_all asks
    for interval codes first; here dau_mau makes the usage codes before any interval is looked up)."""
    ids = ("dau_mau", "feature_adoption", "health_score", "at_risk_customers", "active_customer_rate", "arpu",
           "clv", "repeat_purchase_rate")
    forward, _ = compute_all(_analysis())
    a = _analysis()
    other = {m: compute(a, m) for m in ids}
    assert _dump({m: forward[m] for m in ids}) == _dump(other)


def test_dataset_memo_is_not_pickled_and_replace_starts_empty():
    ds = dataset(subscriptions=SUBS, usage=USAGE)
    assert ds.has("usage", "feature") and not ds.has("usage", "minutes") and not ds.has("tickets")
    span = ds.span()
    assert span == (np.datetime64("2024-01-01"), np.datetime64("2024-03-10"))
    assert "span" in ds.memo
    back = pickle.loads(pickle.dumps(ds))
    assert len(back.memo) == 0 and back.span() == span
    assert len(dataclasses.replace(ds, currency="EUR").memo) == 0


def test_has_sees_a_value_past_the_head():
    values = [None] * 5000 + ["x"]
    ds = dataset(usage=pd.DataFrame({"date": pd.to_datetime(["2024-01-01"] * 5001), "customer_id": ["a"] * 5001,
                                     "feature": values}))
    assert ds.has("usage", "feature")


def _copies(vals: np.ndarray, rng) -> np.ndarray:
    """The values with some str cells replaced by equal strings that are other objects (as a reader makes them)."""
    out = vals.copy()
    for i in rng.choice(len(out), len(out) // 2, replace=False) if len(out) else ():
        if isinstance(out[i], str):
            out[i] = "".join(list(out[i]))  # a new object, equal (a one-character string may be Python's own)
    return out


@pytest.mark.parametrize("shared", [True, False], ids=["cells share objects", "one object a cell"])
def test_factorize_gives_pandas_codes_and_values(shared):
    """Told apart by address first (cells sharing objects) or hashed as they are: pd.factorize's codes and values,
    the very objects, whatever mix of text, blanks, numbers, bytes and lone surrogates."""
    rng = np.random.default_rng(5)
    pool = np.array(["a", "b", "é", "", " a", "x" * 20, None, np.nan, pd.NA, 1, b"a", 2.5, "\ud800", 1.0, "1"],
                    dtype=object)
    for case in range(500):
        vals = pool[rng.integers(0, int(rng.integers(1, len(pool) + 1)), int(rng.integers(0, 40)))]
        if case % 2:  # text and blanks only
            vals = np.array([v for v in vals if isinstance(v, str) or v is None], dtype=object)
        if not shared:
            vals = np.array([_fresh(v) for v in vals], dtype=object)
        vals = _copies(vals, rng)
        code, uniques = keys.factorize(vals)
        want_code, want_uniques = pd.factorize(vals)
        assert code.dtype == np.int64 and code.tolist() == want_code.tolist()
        assert [(type(u), u) for u in uniques] == [(type(u), u) for u in want_uniques]
        assert all(u is w for u, w in zip(uniques, want_uniques, strict=True))


def _fresh(v):
    return "".join(["", v, ""]) + "" if isinstance(v, str) and len(v) > 1 else v


def test_factorize_takes_the_address_path_on_shared_cells_and_not_on_distinct_ones():
    shared = np.array([f"C{i:07d}" for i in range(1000)], dtype=object)[np.arange(50_000) % 1000]
    distinct = np.array([f"U{i:07d}" for i in range(50_000)], dtype=object)
    assert keys._repetitive(keys._addresses(shared)) and not keys._repetitive(keys._addresses(distinct))
    for vals in (shared, distinct, shared[::-1], np.concatenate([shared, distinct])):
        code, uniques = keys.factorize(vals)
        want_code, want_uniques = pd.factorize(vals)
        assert code.tolist() == want_code.tolist() and uniques.tolist() == want_uniques.tolist()
    assert keys._aligned_bits(np.array([16, 48, 80])) == 4 and keys._aligned_bits(np.array([0])) == 0


def _hashed_positions(ids: np.ndarray, keys_: np.ndarray) -> list[int]:
    where = {k: i for i, k in enumerate(ids.tolist())}
    return [where.get(k, -1) if isinstance(k, str) else -1 for k in keys_.tolist()]


def test_positions_by_packed_words_are_those_of_a_hash_lookup():
    """Keys packed into one 64-bit word and looked up as integers: each key's position among the intervals' keys,
    or None (the caller hashes them) for keys too long for a word, not all str, or ending in NUL."""
    from csm.activity import unique_keys

    rng = np.random.default_rng(11)
    alphabets = ["0123456789", "C0123456789", "abcxyz-_ ", "aé€𝄞\x00"]
    for case in range(300):
        alphabet = alphabets[case % len(alphabets)]
        pool = ["".join(rng.choice(list(alphabet), int(rng.integers(0, 6)))) for _ in range(40)]
        ids = unique_keys(np.array(pool[:25] or [""], dtype=str))[0]
        keys_ = np.array([pool[i] for i in rng.integers(0, len(pool), 30)], dtype=object)
        got = keys._positions(ids, keys_)
        if any(k.endswith("\x00") for k in keys_):
            assert got is None
            continue
        bits = max(max((ord(c) for k in [*keys_, *ids.tolist()] for c in k), default=1), 1).bit_length()
        width = max(ids.dtype.itemsize // 4, max(len(k) for k in keys_), 1)
        if width > 64 // bits:
            assert got is None
        else:
            assert got is not None and got.tolist() == _hashed_positions(ids, keys_)
    ids = np.array(["a", "b"])
    assert keys._positions(ids, np.array(["a", None], dtype=object)) is None
    assert keys._positions(ids, np.array(["a" * 40], dtype=object)) is None
    assert keys._positions(ids, np.array(["b", "c", "a"], dtype=object)).tolist() == [1, -1, 0]


def test_interval_codes_match_with_and_without_packed_words(monkeypatch):
    want = {}
    for packed in (True, False):
        if not packed:
            monkeypatch.setattr(keys, "_positions", lambda ids, keys_: None)
        a = _analysis()
        got = {k: keys.interval_codes(a, k).tolist() for k in ("usage", "tickets")}
        got["to"] = keys.to_interval_codes(a, np.array(["c", "zz", "a"], dtype=object)).tolist()
        want[packed] = (got, keys.codes(a, "usage")[1].tolist())
    assert want[True] == want[False]
