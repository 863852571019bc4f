"""Active customer rate, DAU/MAU, feature adoption and portfolio growth against hand-computed tables."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.engine import Analysis, Settings
from csm.metrics import REGISTRY, compute

from .conftest import dataset, frame

JAN1, MAR31 = dt.date(2024, 1, 1), dt.date(2024, 3, 31)

# Served customers (T: active on any day of the period):
# Jan s1 s2; Feb s1 s3 (s2's first inactive day is Feb 1: it is among the customers at the start of Feb and churns
# in Feb, but is not active on any day of it); Mar s1 s3 s4.
SUBS = frame(
    [("s1", "2024-01-01", None, 10.0), ("s2", "2024-01-01", "2024-02-01", 10.0), ("s3", "2024-02-15", None, 10.0),
     ("s4", "2024-03-01", None, 10.0)],
    "customer_id start_date end_date mrr",
)
USAGE = frame(
    [
        ("2024-01-02", "s1", "u1", "A"),
        ("2024-01-02", "s1", "u1", "A"),  # the same user on the same day twice
        ("2024-01-03", "s1", "u1", "A"),
        ("2024-01-02", "s1", "u2", "B"),
        ("2024-01-05", "s2", None, "A"),
        ("2024-01-07", "x", None, "A"),  # a customer with no subscription: uses the product, is never served
        ("2024-02-03", "s1", "u1", "A"),
        ("2024-02-10", "s2", None, "A"),  # after s2 left, in the period it churned in
        ("2024-03-02", "s2", None, "A"),  # a period after s2 churned: not served
        ("2024-03-01", "s3", None, "B"),
    ],
    "date customer_id user_id feature",
)


def analysis(**tables) -> Analysis:
    kw = tables.pop("settings", {})
    return Analysis(dataset(**tables), Settings(start=JAN1, end=MAR31, **kw))


def values(a: Analysis, metric_id: str) -> list:
    return [p.value for p in compute(a, metric_id).points]


EXPECTED = {  # Jan, Feb, Mar
    "active_customer_rate": [100, 50, pytest.approx(100 / 3)],  # s1 s2 of 2; s1 of s1 s3; s3 of 3
    # user-days: Jan u1×2, u2, s2, x = 5 over 31 days, 4 users; Feb u1, s2 = 2 over 29, 2 users; Mar s2, s3 = 2
    # over 31, 2 users
    "dau_mau": [pytest.approx(5 / 31 / 4), pytest.approx(1 / 29), pytest.approx(1 / 31)],
    # active: Jan s1 s2 x (A 3, B 1); Feb s1 s2 (A 2); Mar s2 s3 (A 1, B 1); two features
    "feature_adoption": [pytest.approx(400 / 6), 50, 50],
    "portfolio_growth": [3, 1, 0],
}
OPPS = frame([("2024-01-04", "repurchase", 100.0), ("2024-01-09", "Expansion", 500.0),
              ("2024-01-20", " expansion ", 250.0), ("2024-02-02", "innovation", None)], "date type amount")


@pytest.mark.parametrize("metric_id", EXPECTED)
def test_adoption_metrics_match_hand_computed_table(metric_id):
    a = analysis(subscriptions=SUBS, usage=USAGE, opportunities=OPPS)
    assert values(a, metric_id) == EXPECTED[metric_id]


def test_active_rate_without_customer_data_divides_by_usage_so_far():
    s = compute(analysis(usage=USAGE), "active_customer_rate")
    # First usage: s1 s2 x in Jan, s3 in Mar. Jan 3 of 3; Feb s1 s2 of 3; Mar s2 s3 of 4.
    assert s.variant == "usage" and [p.value for p in s.points] == [100, pytest.approx(200 / 3), 50]
    assert s.points[2].worked == "2 active customers ÷ 4 customers with usage so far × 100 = 50 %"


def test_dau_mau_worked_line_counts_every_calendar_day():
    p = compute(analysis(usage=USAGE), "dau_mau").points[1]
    assert p.worked == "(2 user-days ÷ 29 days = 0.07 a day) ÷ 2 users = 0.03"
    assert (p.n, p.denominator) == (2, 2)


def test_feature_adoption_per_feature_series():
    s = compute(analysis(usage=USAGE), "feature_adoption")
    assert s.extra == {"A": [100, 100, 50], "B": [pytest.approx(100 / 3), 0, 50]}
    assert s.points[0].worked == "4 customer-feature pairs ÷ (3 customers × 2 features) × 100 = 66.67 %"
    no_feature = USAGE.drop(columns="feature")
    assert "feature" in REGISTRY["feature_adoption"].requires(analysis(usage=no_feature))


def test_portfolio_growth_counts_and_sums_by_type():
    s = compute(analysis(opportunities=OPPS), "portfolio_growth")
    assert s.extra["expansion_count"] == [2, 0, 0] and s.extra["expansion_amount"] == [750, 0, 0]
    assert s.extra["innovation_count"] == [0, 1, 0] and s.extra["innovation_amount"] == [0, 0, 0]
    assert s.points[0].worked == "3 opportunities: 1 repurchase ($100), 2 expansion ($750)"
    assert s.points[2].worked == "0 opportunities" and s.warnings == ()


def test_empty_usage_period_is_null_with_one_warning():
    a = Analysis(dataset(usage=USAGE), Settings(start=dt.date(2024, 5, 1), end=dt.date(2024, 6, 30)))
    for mid in ("dau_mau", "feature_adoption"):
        s = compute(a, mid)
        assert [p.value for p in s.points] == [None, None] and len(s.warnings) == 1


# ----- invariants ---------------------------------------------------------------------------------------------
DAY0 = np.datetime64("2023-12-15")


@st.composite
def usage(draw):
    rows = [(str(DAY0 + draw(st.integers(0, 120))), draw(st.sampled_from(["s1", "s2", "s3", "s4", "x", "y"])),
             draw(st.sampled_from(["u1", "u2", "u3", None])), draw(st.sampled_from(["A", "B", "C", None])))
            for _ in range(draw(st.integers(1, 40)))]
    return frame(rows, "date customer_id user_id feature")


@settings(max_examples=60, deadline=None)
@given(usage(), st.booleans(), st.randoms())
def test_usage_rates_within_bounds_and_row_order_free(u, with_subs, rnd):
    tables = {"usage": u, **({"subscriptions": SUBS} if with_subs else {})}
    a = analysis(**tables)
    shuffled = analysis(**{**tables, "usage": u.sample(frac=1, random_state=rnd.randint(0, 2**31))})
    for mid in ("active_customer_rate", "dau_mau", "feature_adoption"):
        if REGISTRY[mid].requires(a):
            continue
        got = compute(a, mid)
        top = 1 if mid == "dau_mau" else 100
        assert all(0 <= p.value <= top + 1e-9 for p in got.points if p.value is not None)
        assert values(shuffled, mid) == pytest.approx([p.value for p in got.points], nan_ok=True)
        assert compute(shuffled, mid).extra == got.extra
