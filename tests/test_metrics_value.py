"""Transaction revenue, ARPU, repeat purchases, CLV and retention cost against hand-computed tables."""
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

# Four customers, Jan–Mar 2024 (monthly), worked by hand:
#   a: $100 Jan 5, $50 add-on Jan 20, −$20 refund of the add-on Feb 10, $100 Mar 1
#   b: $30 Jan 10, $30 Mar 15
#   c: $200 one-off Feb 2, $10 Feb 3 (flag blank)
#   d: $40 Dec 20 2023 (before the range), $40 Mar 5
TX = frame(
    [
        ("a", "2024-01-05", 100.0, True),
        ("a", "2024-01-20", 50.0, False),
        ("a", "2024-02-10", -20.0, False),
        ("a", "2024-03-01", 100.0, True),
        ("b", "2024-01-10", 30.0, True),
        ("b", "2024-03-15", 30.0, True),
        ("c", "2024-02-02", 200.0, False),
        ("c", "2024-02-03", 10.0, None),
        ("d", "2023-12-20", 40.0, True),
        ("d", "2024-03-05", 40.0, True),
    ],
    "customer_id date amount recurring",
)
TX["recurring"] = TX["recurring"].astype("boolean")


def analysis(tx=TX, **kw) -> Analysis:
    return Analysis(dataset(transactions=tx), Settings(start=JAN1, end=MAR31, **kw))


def values(a: Analysis, metric_id: str) -> list:
    return [p.value for p in compute(a, metric_id).points]


EXPECTED = {  # Jan, Feb, Mar
    "revenue": [180, 190, 170],  # the Feb refund counts toward revenue
    "non_recurring_revenue": [50, 180, 0],  # Feb: −20 + 200; the blank flag is left out
    "arpu": [180 / 2, 190 / 2, 170 / 3],  # a b / a c (a's refund counts a as transacting) / a b d
    # purchases up to the end of each period: Jan a2 b1 d1, Feb a2 b1 c2 d1, Mar a3 b2 c2 d2
    "repeat_purchase_rate": [100 / 3, 50, 100],
}


@pytest.mark.parametrize("metric_id", EXPECTED)
def test_transaction_metrics_match_hand_computed_table(metric_id):
    assert values(analysis(), metric_id) == pytest.approx(EXPECTED[metric_id])


def test_repeat_purchase_window_period_and_tiers():
    s = compute(analysis(repeat_window="period"), "repeat_purchase_rate")
    # In the period only: Jan a2 b1; Feb c2 (a's refund is no purchase); Mar a1 b1 d1.
    assert [p.value for p in s.points] == [50, 100, 0]
    assert s.variant == "period" and "in the period" in s.formula
    tiers = compute(analysis(), "repeat_purchase_rate").extra
    assert tiers == {"1": [pytest.approx(200 / 3), 50, 0], "2–5": [pytest.approx(100 / 3), 50, 100],
                     "6–10": [0, 0, 0], "11+": [0, 0, 0]}


def test_repeat_purchase_tiers_at_their_edges():
    rows = [("one", "2024-01-02", 1.0)] + [("five", "2024-01-02", 1.0)] * 5 + [("six", "2024-01-03", 1.0)] * 6 + \
           [("ten", "2024-01-03", 1.0)] * 10 + [("eleven", "2024-01-04", 1.0)] * 11
    a = Analysis(dataset(transactions=frame(rows, "customer_id date amount")), Settings(start=JAN1, end=JAN1))
    s = compute(a, "repeat_purchase_rate")
    assert s.points[0].value == 80 and s.extra == {"1": [20], "2–5": [20], "6–10": [40], "11+": [20]}


def test_revenue_and_arpu_worked_lines():
    a = analysis()
    assert compute(a, "revenue").points[1].worked == "Σ of 3 transactions (1 refunds) = $190"
    p = compute(a, "arpu").points[2]
    assert (p.numerator, p.denominator, p.worked) == (170, 3, "$170 ÷ 3 customers = $56.67")


def test_empty_period_is_null_with_one_warning():
    a = Analysis(dataset(transactions=TX), Settings(start=dt.date(2024, 4, 1), end=dt.date(2024, 5, 31)))
    s = compute(a, "arpu")
    assert [p.value for p in s.points] == [None, None]
    assert len(s.warnings) == 1 and "2024-04, 2024-05" in s.warnings[0]
    assert values(a, "revenue") == [0, 0]


def test_arpu_falls_back_to_arpa_with_subscriptions_only():
    subs = frame([("x", "2024-01-01", None, 100.0), ("y", "2024-01-01", "2024-02-10", 50.0)],
                 "customer_id start_date end_date mrr")
    a = Analysis(dataset(subscriptions=subs), Settings(start=JAN1, end=MAR31))
    s = compute(a, "arpu")
    assert [p.value for p in s.points] == values(a, "arpa") == [75, 100, 100]
    assert s.variant == "arpa" and "ARPA" in s.formula and s.points[0].worked.startswith("ARPA")


def test_requirements_name_the_missing_table():
    a = Analysis(dataset(funnel=frame([("2024-01-01", 10, 1)], "date visitors conversions")),
                 Settings(start=JAN1, end=MAR31))
    assert REGISTRY["revenue"].requires(a) == "needs a transactions table (customer_id, date, amount)"
    assert "subscriptions" in REGISTRY["arpu"].requires(a)
    plain = frame([("a", "2024-01-05", 10.0)], "customer_id date amount")
    assert "recurring" in REGISTRY["non_recurring_revenue"].requires(analysis(plain))


# ----- CLV ----------------------------------------------------------------------------------------------------
def test_clv_matches_seed_001_worked_example():
    """Seeds 001/002: $50 a purchase × 3 purchases a month × 24 months = $3,600."""
    rows = [(c, f"2024-05-{d:02d}", 50.0) for c in ("p", "q", "r") for d in (3, 12, 21)]
    a = Analysis(dataset(transactions=frame(rows, "customer_id date amount")),
                 Settings(start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 31), lifespan_months=24))
    s = compute(a, "clv")
    assert s.variant == "purchase" and s.points[0].value == 3600
    assert s.points[0].worked == ("$50 per purchase ($450 ÷ 9 purchases) × 3 purchases per customer per month "
                                  "(9 ÷ 3 customers ÷ 1 months) × 24 months (set) = $3,600")


def test_clv_purchase_method_hand_computed_with_set_lifespan():
    # Jan: $180 over 3 purchases by 2 buyers → $60 × 1.5; Feb: $190 over 2 purchases by c → $95 × 2;
    # Mar: $170 over 3 purchases by 3 buyers → $56.67 × 1.
    assert values(analysis(lifespan_months=12), "clv") == pytest.approx([90 * 12, 190 * 12, 170 * 12 / 3])


CUSTOMERS = frame([(f"x{i}", "2023-06-01", "2024-01-15" if i < 2 else None) for i in range(10)],
                  "customer_id signup_date churn_date")
BUYS = frame([("x2", "2024-01-04", 25.0), ("x2", "2024-01-18", 25.0), ("x3", "2024-01-09", 50.0)],
             "customer_id date amount")


def test_clv_lifespan_from_monthly_churn():
    # 10 customers at the start of Jan, 2 churn → 20 % a month → 5 months; $100 ÷ 2 buyers = $50 a month.
    a = Analysis(dataset(customers=CUSTOMERS, transactions=BUYS), Settings(start=JAN1, end=MAR31))
    assert a.churn_event == "customer_dates"
    s = compute(a, "clv")
    assert [p.value for p in s.points] == [pytest.approx(250), None, None]  # Feb, Mar: no churn, no purchases
    assert "5 months (1 ÷ monthly churn 20 % = 2 ÷ 10)" in s.points[0].worked
    assert len(s.warnings) == 1


def test_clv_quarter_churn_is_turned_monthly():
    # Q1: 2 of 10 churn → 20 % a quarter → 6.67 % a month → 15 months; $100 ÷ 2 buyers ÷ 3 months = $16.67.
    a = Analysis(dataset(customers=CUSTOMERS, transactions=BUYS), Settings(start=JAN1, end=MAR31,
                                                                          granularity="quarter"))
    p = compute(a, "clv").points[0]
    assert p.value == pytest.approx(250)
    assert "15 months (1 ÷ monthly churn 6.67 % = 2 ÷ 10 ÷ 3 months)" in p.worked


def test_clv_subscription_method():
    # 4 customers at $100; one leaves in Feb: S 4, C 1, E 3, ARPA $100 → $100 × 80 % ÷ 25 % = $320.
    subs = frame([(c, "2023-01-01", "2024-02-10" if c == "w" else None, 100.0) for c in "wxyz"],
                 "customer_id start_date end_date mrr")
    a = Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29),
                                                       gross_margin=80))
    s = compute(a, "clv")
    assert s.variant == "subscription" and s.points[0].value == pytest.approx(320)
    assert s.points[0].worked == ("ARPA $100 ($300 ÷ 3 customers) × 80 % margin × 4 months (1 ÷ monthly churn 25 % "
                                  "= 1 ÷ 4) = $320")
    forced = Analysis(dataset(subscriptions=subs), Settings(clv_method="purchase"))
    assert "transactions" in REGISTRY["clv"].requires(forced)


# ----- retention cost -----------------------------------------------------------------------------------------
COSTS = frame([("2024-01-03", 300.0, "CS"), ("2024-02-01", 100.0, "marketing"), ("2024-02-20", 60.0, "cs ")],
              "date amount category")


@pytest.mark.parametrize(("categories", "expected"), [
    (None, [30, 20, 0]),  # T: 10 in Jan, 8 after x0 and x1 leave on Jan 15
    (("cs",), [30, 7.5, 0]),  # categories match ignoring case and spaces
])
def test_customer_retention_cost(categories, expected):
    a = Analysis(dataset(customers=CUSTOMERS, costs=COSTS),
                 Settings(start=JAN1, end=MAR31, retention_categories=categories))
    s = compute(a, "customer_retention_cost")
    assert [p.value for p in s.points] == expected
    assert s.points[0].worked == "$300 ÷ 10 customers = $30"


def test_retention_cost_needs_customer_counts():
    a = Analysis(dataset(costs=COSTS), Settings(start=JAN1, end=MAR31))
    assert "customer counts" in REGISTRY["customer_retention_cost"].requires(a)


# ----- invariants ---------------------------------------------------------------------------------------------
@st.composite
def transactions(draw):
    n = draw(st.integers(1, 30))
    rows = [(draw(st.sampled_from("abcdef")), str(np.datetime64("2023-12-01") + draw(st.integers(0, 120))),
             draw(st.sampled_from([-15.0, 5.0, 20.0, 49.99, 100.0]))) for _ in range(n)]
    return frame(rows, "customer_id date amount")


@settings(max_examples=60, deadline=None)
@given(transactions(), st.sampled_from(["cumulative", "period"]), st.randoms())
def test_repeat_rate_and_tiers_are_shares_and_ignore_row_order(tx, window, rnd):
    a = analysis(tx, repeat_window=window)
    s = compute(a, "repeat_purchase_rate")
    v = np.array([np.nan if p.value is None else p.value for p in s.points])
    assert ((v[~np.isnan(v)] >= 0) & (v[~np.isnan(v)] <= 100)).all()
    tiers = np.array([[np.nan if x is None else x for x in col] for col in s.extra.values()])
    defined = ~np.isnan(v)
    assert tiers[:, defined].sum(axis=0) == pytest.approx(np.full(defined.sum(), 100.0))
    shuffled = analysis(tx.sample(frac=1, random_state=rnd.randint(0, 2**31)), repeat_window=window)
    for mid in ("revenue", "arpu", "repeat_purchase_rate"):
        assert values(shuffled, mid) == pytest.approx(values(a, mid), nan_ok=True)
    assert compute(shuffled, "repeat_purchase_rate").extra == s.extra


def test_arpa_and_arpu_say_what_they_need_when_the_churn_event_has_no_data():
    """ARPA (and ARPU's fallback to it) divides by E of the churn event in force: inactivity without transactions
    leaves it out with the reason, never a crash."""
    subs = frame([("Y", "2024-01-01", None, 10.0)], "customer_id start_date end_date mrr")
    a = Analysis(dataset(subscriptions=subs), Settings(churn_event="inactivity", start=dt.date(2024, 1, 1),
                                                      end=dt.date(2024, 1, 31)))
    for mid in ("arpa", "arpu"):
        assert REGISTRY[mid].requires(a) == "the churn event 'inactivity' needs a transactions table"
    assert REGISTRY["mrr"].requires(a) is None


def test_clv_without_a_lifespan_says_why_and_what_to_do():
    """Issue 16: "× an unknown lifespan (2,290 of 0 customers churned) = —" named neither the cause nor the cure."""
    tx = frame([("a", "2024-01-05", 50.0), ("a", "2024-01-20", 50.0), ("b", "2024-02-03", 30.0)],
               "customer_id date amount")
    jan, feb = REGISTRY["clv"].compute(Analysis(dataset(transactions=tx), Settings())).points
    assert jan.value is None and "no customers at the start of the period" in jan.worked
    assert feb.value is None and "none of the 1 customers at the start churned" in feb.worked
    assert all("set 'Lifespan in months' (--lifespan-months)" in p.worked for p in (jan, feb))
