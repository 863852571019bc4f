"""MRR and its movements against hand-computed tables, the seed 002 NRR example, and invariants."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.engine import Analysis, Settings
from csm.metrics import compute
from csm.mrr_book import MOVEMENTS, MrrBook, classify, customer_movements, mrr_flows

from .conftest import dataset, frame

SUBS = frame(
    [
        ("a", "2024-01-01", "2024-02-10", 100.0),  # new in Jan; upgraded Feb 10 (same-day handover) → expansion
        ("a", "2024-02-10", None, 150.0),
        ("b", "2024-01-01", "2024-02-15", 50.0),  # new in Jan, churns in Feb
        ("c", "2023-12-01", "2024-02-01", 80.0),  # churns in Feb (end = Feb 1: Jan 31 is its last day)
        ("c", "2024-03-05", None, 90.0),  # reactivates in Mar
        ("d", "2023-06-01", "2024-03-15", 200.0),  # churns in Mar
        ("e", "2023-06-01", "2024-01-20", 60.0),  # downgrades in Jan → contraction
        ("e", "2024-01-20", None, 45.0),
    ],
    "customer_id start_date end_date mrr",
)
EXPECTED = {  # Jan, Feb, Mar
    "mrr": [475.0, 395.0, 285.0],
    "new_mrr": [150.0, 0.0, 0.0],
    "reactivation_mrr": [0.0, 0.0, 90.0],
    "expansion_mrr": [0.0, 50.0, 0.0],
    "contraction_mrr": [15.0, 0.0, 0.0],
    "churned_mrr": [0.0, 130.0, 200.0],
    # start: Dec 31 = c 80 + d 200 + e 60 = 340; Jan 31 = 475; Feb 29 = 395
    "net_revenue_retention": [(340 - 15) / 340 * 100, (475 + 50 - 130) / 475 * 100, (395 - 200) / 395 * 100],
    "gross_revenue_retention": [(340 - 15) / 340 * 100, (475 - 130) / 475 * 100, (395 - 200) / 395 * 100],
    "mrr_growth_rate": [(475 - 340) / 340 * 100, (395 - 475) / 475 * 100, (285 - 395) / 395 * 100],
    "revenue_churn_rate": [15 / 340 * 100, 130 / 475 * 100, 200 / 395 * 100],
    "expansion_mrr_rate": [0.0, 50 / 475 * 100, 0.0],
    "quick_ratio": [150 / 15, 50 / 130, 90 / 200],
    "arpa": [475 / 5, 395 / 3, 285 / 3],  # a b c d e / a d e / a c e
}


def analysis(subs=SUBS, **kw) -> Analysis:
    return Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31), **kw))


@pytest.mark.parametrize("metric_id", EXPECTED)
def test_revenue_metrics_match_hand_computed_table(metric_id):
    assert [p.value for p in compute(analysis(), metric_id).points] == pytest.approx(EXPECTED[metric_id])


def test_drill_down_names_the_customers_behind_each_movement():
    a = analysis()
    feb = customer_movements(a.mrr_book, a.periods, 1)
    assert feb[["customer_id", "movement", "change"]].to_dict("records") == [
        {"customer_id": "c", "movement": "churned", "change": -80.0},
        {"customer_id": "b", "movement": "churned", "change": -50.0},
        {"customer_id": "a", "movement": "expansion", "change": 50.0},
    ]


def test_classify_names_each_change_once_with_its_amount():
    m0 = np.array([0.0, 0.0, 10.0, 10.0, 10.0, 10.0, 0.0, 0.0])
    m1 = np.array([5.0, 5.0, 15.0, 4.0, 0.0, 10.0, 0.0, -0.0])
    kind, amount = classify(m0, m1, np.array([False, True, True, True, True, True, True, False]))
    assert [MOVEMENTS[k] if k >= 0 else None for k in kind] == [
        "new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", None, None, None]
    assert amount.tolist() == [5.0, 5.0, 5.0, 6.0, 10.0, 0.0, 0.0, 0.0]
    kind, _ = classify(np.array([[0.0], [10.0]]), np.array([[5.0, 0.0], [10.0, 20.0]]), np.array([[False], [True]]))
    assert kind.tolist() == [[0, -1], [-1, 2]]  # broadcast: customers × periods


def test_nrr_matches_seed_002_worked_example():
    """Seed 002: ($100,000 + $20,000 − $5,000 − $5,000) ÷ $100,000 × 100 = 110 %."""
    rows = [("exp", "2023-01-01", "2024-05-10", 40_000.0), ("exp", "2024-05-10", None, 60_000.0),  # +20,000
            ("con", "2023-01-01", "2024-05-10", 30_000.0), ("con", "2024-05-10", None, 25_000.0),  # −5,000
            ("gone", "2023-01-01", "2024-05-20", 5_000.0), ("flat", "2023-01-01", None, 25_000.0)]  # −5,000
    a = Analysis(dataset(subscriptions=frame(rows, "customer_id start_date end_date mrr")),
                 Settings(start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 31)))
    p = compute(a, "net_revenue_retention").points[0]
    assert (p.value, p.numerator, p.denominator) == (110.0, 110_000, 100_000)
    assert p.worked == "($100,000 + $20,000 − $5,000 − $5,000) ÷ $100,000 × 100 = 110 %"


def test_annual_plan_counts_one_twelfth():
    # The loader turns amount 1,200 billed yearly into mrr 100; the book sums mrr as given.
    subs = frame([("y", "2024-01-10", None, 1200 / 12)], "customer_id start_date end_date mrr")
    assert [p.value for p in compute(analysis(subs), "mrr").points] == [100.0, 100.0, 100.0]


@st.composite
def subscriptions(draw):
    n = draw(st.integers(1, 25))
    rows = []
    for _ in range(n):
        cust = draw(st.sampled_from("abcdefgh"))
        start = np.datetime64("2023-11-01") + draw(st.integers(0, 200))
        length = draw(st.one_of(st.none(), st.integers(1, 150)))
        mrr = draw(st.sampled_from([0.0, 9.99, 10.0, 33.33, 49.0, 100.0, 1200 / 12]))
        rows.append((cust, str(start), None if length is None else str(start + length), mrr))
    return frame(rows, "customer_id start_date end_date mrr")


@settings(max_examples=80, deadline=None)
@given(subscriptions(), st.sampled_from(["week", "month", "quarter"]))
def test_movements_reconcile_mrr(subs, granularity):
    """MRR(end) = MRR(start) + new + reactivation + expansion − contraction − churned, every period."""
    a = analysis(subs, granularity=granularity)
    f = a.flows
    assert f.end == pytest.approx(f.start + f.new_mrr + f.reactivation_mrr + f.expansion_mrr - f.contraction_mrr
                                  - f.churned_mrr, abs=1e-6)
    assert (f.start[1:] == f.end[:-1]).all()
    grr = np.array([np.nan if p.value is None else p.value for p in compute(a, "gross_revenue_retention").points])
    assert (grr[~np.isnan(grr)] <= 100 + 1e-9).all()


@settings(max_examples=30, deadline=None)
@given(subscriptions(), st.randoms())
def test_mrr_does_not_depend_on_row_order(subs, rnd):
    shuffled = subs.sample(frac=1, random_state=rnd.randint(0, 2**31))
    one, two = mrr_flows(MrrBook.from_frame(subs), analysis().periods), mrr_flows(MrrBook.from_frame(shuffled),
                                                                                  analysis().periods)
    for name in ("end", "new_mrr", "churned_mrr", "expansion_mrr", "contraction_mrr", "reactivation_mrr"):
        assert getattr(one, name) == pytest.approx(getattr(two, name))
