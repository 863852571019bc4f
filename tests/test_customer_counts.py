"""Customer counts S, E, N, R, C, T and the seven churn variants against hand-computed tables."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.activity import count_customers, merge_intervals, period_members, to_days
from csm.engine import Analysis, Settings
from csm.metrics import compute
from csm.periods import make_periods

from .conftest import dataset, frame

# Four customers over Jan–Mar 2024 (monthly periods), worked by hand:
#   a: Jan 1 – Feb 20 (two overlapping subscriptions merge), back Mar 10, still active
#   b: joins Jan 5, leaves Jan 20 (join and leave in the same period)
#   c: Dec 1 2023 – Feb 15
#   d: Nov 1 2023 – Feb 3, back Feb 10 – Feb 25 (leaves, returns and leaves again in one period)
SUBS = frame(
    [
        ("a", "2024-01-01", "2024-02-01", 100.0),
        ("a", "2024-01-15", "2024-02-20", 50.0),
        ("a", "2024-03-10", None, 120.0),
        ("b", "2024-01-05", "2024-01-20", 30.0),
        ("c", "2023-12-01", "2024-02-15", 80.0),
        ("d", "2023-11-01", "2024-02-03", 200.0),
        ("d", "2024-02-10", "2024-02-25", 210.0),
    ],
    "customer_id start_date end_date mrr",
)
EXPECTED = {  # Jan, Feb, Mar
    "S": [2, 3, 0],
    "E": [3, 0, 1],
    "N": [2, 0, 0],
    "R": [0, 1, 1],
    "C": [1, 3, 0],
    "T": [4, 3, 1],
    "retained": [2, 0, 0],
    "customer_days": [31 + 15 + 31 + 31, 19 + 14 + 2 + 15, 22],
}


def analysis(subs=SUBS, **kw) -> Analysis:
    return Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31), **kw))


def test_counts_match_hand_computed_table():
    c = analysis().counts
    got = {k: getattr(c, k).tolist() for k in EXPECTED}
    assert got == EXPECTED


def test_members_name_the_customers_behind_each_count():
    a = analysis()
    feb = period_members(a.intervals, a.periods, 1)
    for i in range(3):  # the members agree with the counts
        m = period_members(a.intervals, a.periods, i)
        c = a.counts
        assert [len(m[k]) for k in ("start", "end", "new", "reactivated", "churned", "served", "retained")] == [
            c.S[i], c.E[i], c.N[i], c.R[i], c.C[i], c.T[i], c.retained[i]]
    assert {k: v.tolist() for k, v in feb.items()} == {
        "start": ["a", "c", "d"], "end": [], "new": [], "reactivated": ["d"], "churned": ["a", "c", "d"],
        "served": ["a", "c", "d"], "retained": [],
    }


CHURN = {  # variant → Jan, Feb, Mar values (None = undefined)
    "start": [50.0, 100.0, None],  # C ÷ S
    "start_cohort": [0.0, 100.0, None],  # (S − retained) ÷ S: b joined and left, so Jan is 0
    "acquired": [50.0, None, None],  # C ÷ N
    "total": [25.0, 100.0, 0.0],  # C ÷ T
    "average": [40.0, 200.0, 0.0],  # C ÷ ((S + E) ÷ 2)
    "customer_days": [1 / (108 / 31) * 100, 3 / (50 / 29) * 100, 0.0],
    "end": [1 / 3 * 100, None, 0.0],  # C ÷ E
}


@pytest.mark.parametrize("variant", CHURN)
def test_churn_variants_match_hand_computed_values(variant):
    s = compute(analysis(churn_variant=variant), "customer_churn_rate")
    assert s.variant == variant
    assert [p.value for p in s.points] == pytest.approx(CHURN[variant])


def test_churn_worked_line_and_formula():
    s = compute(analysis(churn_variant="average"), "customer_churn_rate")
    assert s.points[0].worked == "1 ÷ ((2 + 3) ÷ 2) × 100 = 40 %"
    assert s.formula.startswith("churned customers ÷ ((customers at start")
    assert s.points[2].value == 0 and s.points[0].small_sample
    assert any("undefined" in w for w in compute(analysis(), "customer_churn_rate").warnings)


def test_retention_and_growth():
    a = analysis()
    assert [p.value for p in compute(a, "customer_retention_rate").points] == [100.0, 0.0, None]
    assert [p.value for p in compute(a, "customer_growth_rate").points] == [50.0, -100.0, None]


def test_churn_matches_seed_001_worked_example():
    """Seed 001: 1,000 customers at the start of May, 64 churned during May → 6.4 %."""
    rows = [(f"c{i:04d}", "2024-04-01", "2024-05-15" if i < 64 else None, 10.0) for i in range(1000)]
    a = Analysis(dataset(subscriptions=frame(rows, "customer_id start_date end_date mrr")),
                 Settings(start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 31)))
    p = compute(a, "customer_churn_rate").points[0]
    assert (p.period, p.value, p.numerator, p.denominator) == ("2024-05", 6.4, 64, 1000)
    assert p.worked == "64 ÷ 1,000 × 100 = 6.4 %"


def test_upgrade_on_the_same_day_is_not_churn():
    subs = frame([("u", "2024-01-01", "2024-02-10", 50.0), ("u", "2024-02-10", None, 90.0)],
                 "customer_id start_date end_date mrr")
    c = analysis(subs).counts
    assert c.C.tolist() == [0, 0, 0] and c.R.tolist() == [0, 0, 0] and c.E.tolist() == [1, 1, 1]


def test_customer_whose_last_day_is_the_day_before_the_period_churns_in_it_but_is_not_served():
    subs = frame([("x", "2023-10-01", "2024-02-01", 10.0), ("y", "2023-10-01", "2024-02-01", 10.0),
                  ("y", "2024-02-20", None, 10.0)], "customer_id start_date end_date mrr")
    c = analysis(subs).counts  # both were active on Jan 31; end = Feb 1 is their first inactive day
    assert (c.S.tolist(), c.C.tolist(), c.T.tolist(), c.R.tolist()) == ([2, 2, 1], [0, 2, 0], [2, 1, 1], [0, 1, 0])


def test_zero_mrr_subscriptions_are_not_customers():
    subs = frame([("t", "2024-01-01", "2024-01-15", 0.0), ("t", "2024-01-15", None, 40.0)],
                 "customer_id start_date end_date mrr")
    c = analysis(subs).counts
    assert c.N.tolist() == [1, 0, 0] and c.C.tolist() == [0, 0, 0]


def test_customer_dates_event():
    cust = frame([("x", "2023-12-10", "2024-02-05"), ("y", "2024-01-20", None), ("z", None, None)],
                 "customer_id signup_date churn_date")
    a = Analysis(dataset(customers=cust), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31)))
    assert a.churn_event == "customer_dates"
    assert (a.counts.S.tolist(), a.counts.N.tolist(), a.counts.C.tolist()) == ([1, 2, 1], [1, 0, 0], [0, 1, 0])


def test_inactivity_event_counts_purchases_not_refunds():
    tx = frame([("p", "2024-01-10", 20.0), ("p", "2024-03-01", -20.0), ("q", "2024-01-31", 5.0),
                ("q", "2024-02-20", 5.0)], "customer_id date amount")
    a = Analysis(dataset(transactions=tx), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31),
                                                    inactivity_days=30))
    assert a.churn_event == "inactivity"
    # p active Jan 10 – Feb 9 (the refund buys nothing); q Jan 31 – Mar 21 (two purchases merge).
    assert a.counts.C.tolist() == [0, 1, 1] and a.counts.E.tolist() == [2, 1, 0]


# ---- invariants ------------------------------------------------------------------------------------------------
DAY0 = np.datetime64("2024-01-01")


@st.composite
def one_change_per_period(draw):
    """Customers whose state changes at most once per month: each month, a customer may toggle on the 15th."""
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        months = draw(st.lists(st.booleans(), min_size=6, max_size=6))  # active in month m after its 15th?
        on = draw(st.booleans())
        start = DAY0 if on else None
        for m, flip in enumerate(months):
            day = np.datetime64(f"2024-{m + 1:02d}-15")
            if flip:
                if on:
                    rows.append((f"c{i}", str(start), str(day), 10.0))
                else:
                    start = day
                on = not on
        if on:
            rows.append((f"c{i}", str(start), None, 10.0))
    return rows


@settings(max_examples=60, deadline=None)
@given(one_change_per_period())
def test_flow_identity_when_each_customer_changes_once_a_period(rows):
    subs = frame(rows, "customer_id start_date end_date mrr") if rows else frame([], "customer_id start_date end_date mrr")
    iv = merge_intervals(subs["customer_id"], to_days(subs["start_date"]), to_days(subs["end_date"]))
    c = count_customers(iv, make_periods("month", dt.date(2024, 1, 1), dt.date(2024, 6, 30)))
    assert (c.E == c.S + c.N + c.R - c.C).all()
    assert (c.E <= c.T).all() and (c.retained <= np.minimum(c.S, c.E)).all()
    assert (c.T <= c.S + c.N + c.R).all()


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(SUBS))))
def test_counts_do_not_depend_on_row_order(order):
    a = analysis(SUBS.iloc[list(order)])
    assert {k: getattr(a.counts, k).tolist() for k in EXPECTED} == EXPECTED
