"""Breakdowns: a metric per value of a customer attribute (or ticket agent), by hand and adding up to the total."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from csm.breakdown import breakdown, breakdown_options
from csm.engine import Analysis, Settings
from csm.errors import OptionError
from csm.metrics import compute

from .conftest import dataset, frame
from .test_customer_counts import SUBS, one_change_per_period

RANGE = dict(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31))
# The four customers of test_customer_counts, with a plan on their subscriptions (a, c basic; b, d pro) and a
# customers table giving a segment to three of them.
PLANS = SUBS.assign(plan=SUBS["customer_id"].map({"a": "basic", "b": "pro", "c": "basic", "d": "pro"}))
SEGMENTS = frame([("a", "smb"), ("b", "smb"), ("c", "enterprise")], "customer_id segment")
TICKETS = frame(
    [("a", "2024-01-03", True, "Kim"), ("b", "2024-01-06", False, "Kim"), ("c", "2024-01-09", True, "Lee"),
     ("d", "2024-02-02", False, "Lee"), ("d", "2024-02-03", True, None), ("a", "2024-03-12", True, "Kim")],
    "customer_id created_at first_contact_resolved agent",
)


def analysis(**kw) -> Analysis:
    return Analysis(dataset(subscriptions=PLANS, customers=SEGMENTS, tickets=TICKETS), Settings(**RANGE, **kw))


def test_churned_customers_by_plan_match_hand_computed_table():
    got = breakdown(analysis(), "churned_customers", "plan")
    assert got.columns.tolist() == ["plan", "period", "value", "numerator", "denominator", "n"]
    assert got[["plan", "period", "value"]].values.tolist() == [
        ["basic", "2024-01", 0], ["basic", "2024-02", 2], ["basic", "2024-03", 0],  # a and c leave in February
        ["pro", "2024-01", 1], ["pro", "2024-02", 1], ["pro", "2024-03", 0],  # b in January, d in February
    ]


def test_churn_rate_by_plan_keeps_numerator_and_denominator():
    got = breakdown(analysis(), "customer_churn_rate", "plan")
    rows = got.replace({np.nan: None})[["plan", "period", "value", "numerator", "denominator"]].values.tolist()
    assert rows == [
        ["basic", "2024-01", 0.0, 0, 1], ["basic", "2024-02", 100.0, 2, 2], ["basic", "2024-03", None, 0, 0],
        ["pro", "2024-01", 100.0, 1, 1], ["pro", "2024-02", 100.0, 1, 1], ["pro", "2024-03", None, 0, 0],
    ]


@pytest.mark.parametrize("metric_id", ["customers_start", "customers_end", "new_customers", "reactivated_customers",
                                       "churned_customers", "mrr", "new_mrr", "churned_mrr"])
@pytest.mark.parametrize("by", ["plan", "segment"])
def test_counts_split_by_an_attribute_add_up_to_the_total(metric_id, by):
    a = analysis()
    got = breakdown(a, metric_id, by)
    total = [p.value for p in compute(a, metric_id).points]
    assert got.groupby("period", sort=True)["value"].sum().tolist() == pytest.approx(total)
    if by == "segment":  # d has no segment: the "(blank)" group, last
        assert got["segment"].unique().tolist() == ["enterprise", "smb", "(blank)"]


def test_agent_splits_the_tickets_not_the_customers():
    a = analysis()
    got = breakdown(a, "first_contact_resolution_rate", "agent")
    rows = got.replace({np.nan: None})[["agent", "period", "numerator", "denominator"]].values.tolist()
    assert rows == [
        ["Kim", "2024-01", 1, 2], ["Kim", "2024-02", 0, 0], ["Kim", "2024-03", 1, 1],
        ["Lee", "2024-01", 1, 1], ["Lee", "2024-02", 0, 1], ["Lee", "2024-03", 0, 0],
        ["(blank)", "2024-01", 0, 0], ["(blank)", "2024-02", 1, 1], ["(blank)", "2024-03", 0, 0],
    ]
    total = compute(a, "first_contact_resolution_rate").points
    sums = got.groupby("period")[["numerator", "denominator"]].sum()
    assert sums.values.tolist() == [[p.numerator, p.denominator] for p in total]


def test_filters_in_force_still_apply():
    got = breakdown(analysis(filters=(("segment", ("smb",)),)), "churned_customers", "plan")
    assert got[["plan", "value"]].values.tolist() == [["basic", 0], ["basic", 1], ["basic", 0],  # a only
                                                     ["pro", 1], ["pro", 0], ["pro", 0]]  # b only


def test_options_follow_the_data_the_metric_reads():
    a = analysis()
    assert breakdown_options(a, "customer_churn_rate") == ["plan", "segment"]
    assert breakdown_options(a, "first_contact_resolution_rate") == ["plan", "segment", "agent"]
    costs = frame([("2024-01-05", 100.0)], "date amount")
    b = Analysis(dataset(subscriptions=PLANS, costs=costs), Settings(**RANGE))
    assert breakdown_options(b, "customer_retention_cost") == []
    with pytest.raises(OptionError, match="customer_churn_rate cannot be split by 'agent': it can be split by plan, segment"):
        breakdown(a, "customer_churn_rate", "agent")
    with pytest.raises(OptionError, match="there is no metric 'churn'"):
        breakdown_options(a, "churn")


@settings(max_examples=30, deadline=None)
@given(one_change_per_period(), st.lists(st.sampled_from(["gold", "silver", None]), min_size=12, max_size=12))
def test_split_counts_always_add_up(rows, plans):
    assume(rows)
    subs = frame(rows, "customer_id start_date end_date mrr")
    subs["plan"] = subs["customer_id"].map(lambda c: plans[int(c[1:])])
    assume(subs["plan"].notna().any())
    a = Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)))
    for metric_id in ("customers_end", "churned_customers"):
        got = breakdown(a, metric_id, "plan")
        sums = got.groupby("period", sort=True)["value"].sum()
        assert sums.tolist() == [p.value for p in compute(a, metric_id).points]
