"""First-contact resolution, resolution time, onboarding speed, conversion and free-to-paid against hand-computed
tables, with edge cases and invariants."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.engine import Analysis, Settings
from csm.metrics import REGISTRY, compute

from .conftest import dataset, frame

JAN1, MAR31 = dt.date(2024, 1, 1), dt.date(2024, 3, 31)


def analysis(**tables) -> Analysis:
    kw = tables.pop("settings", {})
    return Analysis(dataset(**tables), Settings(start=JAN1, end=MAR31, **kw))


def values(a: Analysis, metric_id: str) -> list:
    return [p.value for p in compute(a, metric_id).points]


# ----- tickets ------------------------------------------------------------------------------------------------
TICKETS = frame(
    [
        ("t1", "2024-01-03 09:00", "2024-01-03 10:30", True, 1),  # 1.5 h, first contact
        ("t2", "2024-01-10 08:00", "2024-01-12 08:00", False, 2),  # 48 h
        ("t3", "2024-01-31 23:00", "2024-02-01 01:00", None, 1),  # 2 h, resolved in Feb; flag blank → contacts 1
        ("t4", "2024-02-05 10:00", None, None, 3),  # open
        ("t5", "2024-02-06 12:00", "2024-02-06 18:00", True, None),  # 6 h
        ("t6", "2024-02-07 10:00", None, None, 1),  # open, one contact so far
    ],
    "ticket_id created_at resolved_at first_contact_resolved contacts",
)
TICKETS["first_contact_resolved"] = TICKETS["first_contact_resolved"].astype("boolean")


@pytest.mark.parametrize(("kw", "metric_id", "expected"), [
    ({}, "first_contact_resolution_rate", [pytest.approx(200 / 3), pytest.approx(200 / 3), None]),  # t1 t3 / t5 t6
    ({"fcr_denominator": "resolved"}, "first_contact_resolution_rate", [pytest.approx(200 / 3), 100, None]),
    ({}, "resolution_time_hours", [24.75, 4, None]),  # median(1.5, 48); median(2, 6) by resolution day
])
def test_ticket_metrics_match_hand_computed_table(kw, metric_id, expected):
    assert values(analysis(tickets=TICKETS, settings=kw), metric_id) == expected


def test_fcr_worked_line_and_warning():
    s = compute(analysis(tickets=TICKETS, settings={"fcr_denominator": "resolved"}), "first_contact_resolution_rate")
    assert s.variant == "resolved" and s.points[1].worked == "1 first-contact ÷ 1 resolved tickets × 100 = 100 %"
    assert s.warnings == ("first_contact_resolution_rate is undefined (null) in 2024-03: no resolved tickets were "
                          "created.",)


def test_fcr_from_contacts_only_and_requirements():
    by_count = TICKETS.drop(columns="first_contact_resolved")
    assert values(analysis(tickets=by_count), "first_contact_resolution_rate")[:2] == [
        pytest.approx(200 / 3), pytest.approx(100 / 3)]  # t1 t3 of 3 / t6 of 3
    bare = TICKETS[["ticket_id", "created_at"]]
    assert "first_contact_resolved" in REGISTRY["first_contact_resolution_rate"].requires(analysis(tickets=bare))
    assert "resolved_at" in REGISTRY["resolution_time_hours"].requires(analysis(tickets=bare))


# ----- onboarding ---------------------------------------------------------------------------------------------
ONBOARDING = frame(
    [
        ("o1", "2023-12-15", "2024-01-01", "2024-01-11"),  # 10 days from onboarding start
        ("o2", "2023-12-20", None, "2024-01-19"),  # 30 days from signup (no onboarding start)
        ("o3", "2024-01-01", "2024-01-05", "2024-01-25"),  # 20 days
        ("o4", "2024-01-01", "2024-01-01", "2024-02-10"),  # 40 days
        ("o5", "2024-01-01", None, None),  # not done
    ],
    "customer_id signup_date onboarding_start onboarding_complete",
)


def test_onboarding_matches_hand_computed_table():
    s = compute(analysis(customers=ONBOARDING), "onboarding_days")
    assert [p.value for p in s.points] == [20, 40, None]
    # p90 of 10, 20, 30 by linear interpolation: 20 + 0.8 × 10 = 28; within 30 days inclusive.
    assert s.extra == {"mean": [20, 40, None], "p90": [28, 40, None], "within_target": [100, 0, None]}
    assert s.points[0].worked == "median of 3 customers completing onboarding in 2024-01 = 20 days"
    assert s.points[0].n == 3 and s.points[0].small_sample


def test_onboarding_target_and_bad_rows():
    bad = pd.concat([ONBOARDING, frame([("o6", "2024-01-20", None, "2024-01-10")],
                                       "customer_id signup_date onboarding_start onboarding_complete")])
    s = compute(analysis(customers=bad, settings={"onboarding_target_days": 15}), "onboarding_days")
    assert s.extra["within_target"][0] == pytest.approx(100 / 3) and s.points[0].value == 20
    assert any("completes before it starts" in w for w in s.warnings)


# ----- conversion ---------------------------------------------------------------------------------------------
def test_conversion_sums_rows_before_dividing():
    funnel = frame([("2024-01-01", 100, 5), ("2024-01-02", 300, 7), ("2024-03-01", 0, 0)],
                   "date visitors conversions")
    s = compute(analysis(funnel=funnel), "conversion_rate")
    assert [p.value for p in s.points] == [3, None, None]  # 12 ÷ 400; Feb no rows; Mar zero visitors
    assert s.points[0].worked == "12 conversions ÷ 400 visitors × 100 = 3 %"
    assert len(s.warnings) == 1 and "2024-02, 2024-03" in s.warnings[0]


# ----- free to paid -------------------------------------------------------------------------------------------
FREE = frame(
    [
        ("f1", "2024-01-01", "2024-01-15", None),  # free Jan 1–15 (the paid day included), upgrades in Jan
        ("f2", "2024-01-10", None, None),  # free from Jan 10 on
        ("f3", "2023-12-01", None, "2024-02-10"),  # free until it churns on Feb 10 (last free day Feb 9)
        ("f4", "2024-02-01", "2024-02-01", None),  # signs up and pays the same day: free that morning, upgrades
        ("f5", "2023-11-01", "2023-12-01", None),  # paid before the range: not free in it
        ("f6", None, "2024-03-03", None),  # no signup date: never free, and no upgrade
        ("f7", "2023-10-01", "2024-03-20", "2024-03-10"),  # free until Mar 9; pays after churning: no upgrade
        ("f8", "2024-01-20", "2024-03-01", None),  # free Jan 20 – Mar 1 (the paid day); upgrades in Mar
    ],
    "customer_id signup_date paid_date churn_date",
)


def test_free_to_paid_matches_hand_computed_table():
    s = compute(analysis(customers=FREE), "free_to_paid_rate")
    # METRICS.md: ÷ customers free on any day of P (free: signup ≤ d ≤ paid, d < churn; state per day).
    # Jan free: f1 f2 f3 f7 f8, upgrades f1; Feb: f2 f3 f4 f7 f8, upgrades f4; Mar: f2 f7 f8, upgrades f8.
    assert [(p.value, p.numerator, p.denominator) for p in s.points] == [(20, 1, 5), (20, 1, 5),
                                                                          (pytest.approx(100 / 3), 1, 3)]
    assert s.extra == {"upgrades": [1, 1, 1]}


# ----- invariants ---------------------------------------------------------------------------------------------
DAY0 = np.datetime64("2023-12-01")


@st.composite
def tickets(draw):
    rows = []
    for i in range(draw(st.integers(1, 25))):
        created = np.datetime64(DAY0, "h") + draw(st.integers(0, 24 * 120))
        wait = draw(st.one_of(st.none(), st.integers(0, 24 * 20)))
        rows.append((f"t{i}", str(created), None if wait is None else str(created + wait),
                     draw(st.sampled_from([True, False, None])), draw(st.sampled_from([1, 2, 3, None]))))
    t = frame(rows, "ticket_id created_at resolved_at first_contact_resolved contacts")
    t["first_contact_resolved"] = t["first_contact_resolved"].astype("boolean")
    return t


@st.composite
def customers(draw):
    rows = []
    for i in range(draw(st.integers(1, 25))):
        def day():
            return draw(st.one_of(st.none(), st.integers(0, 150).map(lambda d: str(DAY0 + d))))
        rows.append((f"c{i}", day(), day(), day(), day(), day()))
    return frame(rows, "customer_id signup_date paid_date churn_date onboarding_start onboarding_complete")


def _check_rate_and_order(table, kind, metric_ids, rnd, **kw):
    a = analysis(**{kind: table}, settings=kw)
    shuffled = analysis(**{kind: table.sample(frac=1, random_state=rnd.randint(0, 2**31))}, settings=kw)
    for mid in metric_ids:
        if REGISTRY[mid].requires(a):
            continue
        got = compute(a, mid)
        if REGISTRY[mid].unit == "percent":  # free-to-paid too: every upgrader of P is among P's free customers
            assert all(0 <= p.value <= 100 for p in got.points if p.value is not None)
        assert values(shuffled, mid) == pytest.approx([p.value for p in got.points], nan_ok=True)
        other = compute(shuffled, mid).extra
        for name, xs in got.extra.items():
            assert np.array(other[name], dtype=float) == pytest.approx(np.array(xs, dtype=float), nan_ok=True)


@settings(max_examples=50, deadline=None)
@given(tickets(), st.sampled_from(["created", "resolved"]), st.randoms())
def test_ticket_rates_within_bounds_and_row_order_free(t, denominator, rnd):
    _check_rate_and_order(t, "tickets", ("first_contact_resolution_rate", "resolution_time_hours"), rnd,
                          fcr_denominator=denominator)


@settings(max_examples=50, deadline=None)
@given(customers(), st.randoms())
def test_customer_rates_within_bounds_and_row_order_free(c, rnd):
    _check_rate_and_order(c, "customers", ("free_to_paid_rate", "onboarding_days"), rnd)
    a = analysis(customers=c)
    if REGISTRY["free_to_paid_rate"].requires(a) is None:  # the upgrades: paid in P, free that day
        paid, signup = pd.to_datetime(c["paid_date"]), pd.to_datetime(c["signup_date"])
        churn = pd.to_datetime(c["churn_date"]) if "churn_date" in c else pd.Series(pd.NaT, index=c.index)
        free_that_day = (signup <= paid) & (churn.isna() | (paid < churn))
        for p, start, end in zip(compute(a, "free_to_paid_rate").points, a.periods.starts, a.periods.ends,
                                 strict=True):
            assert p.numerator == ((paid >= start) & (paid < end) & free_that_day).sum()
