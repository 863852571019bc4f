"""Churn variant reconciliation: the customers behind each variant, and why two variants differ, by hand."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import assume, given, settings

from csm.engine import CHURN_VARIANTS, Analysis, Settings
from csm.errors import OptionError
from csm.metrics.retention import churn_series
from csm.reconcile import churn_customers, describe_customers, reconcile, variants_side_by_side

from .conftest import dataset, frame
from .test_customer_counts import CHURN, SUBS, one_change_per_period

RANGE = dict(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31))


def analysis(subs=SUBS, **tables) -> Analysis:
    return Analysis(dataset(subscriptions=subs, **tables), Settings(**RANGE))


# The four customers of test_customer_counts (a: new Jan 1, out Feb 20, back Mar 10; b: Jan 5 – Jan 20;
# c: Dec 1 – Feb 15; d: Nov 1 – Feb 3, Feb 10 – Feb 25). Numerator and denominator customers by hand.
SETS = {  # (period, variant) → (numerator, denominator)
    ("2024-01", "start"): ("b", "cd"),
    ("2024-01", "start_cohort"): ("", "cd"),
    ("2024-01", "acquired"): ("b", "ab"),
    ("2024-01", "total"): ("b", "abcd"),
    ("2024-01", "average"): ("b", "acd"),
    ("2024-01", "customer_days"): ("b", "abcd"),
    ("2024-01", "end"): ("b", "acd"),
    ("2024-02", "start"): ("acd", "acd"),
    ("2024-02", "start_cohort"): ("acd", "acd"),
    ("2024-02", "acquired"): ("acd", ""),
    ("2024-02", "end"): ("acd", ""),
    ("2024-03", "total"): ("", "a"),
    ("2024-03", "average"): ("", "a"),
}


@pytest.mark.parametrize(("period", "variant"), list(SETS))
def test_churn_customers_match_hand_computed_sets(period, variant):
    cs = churn_customers(analysis(), variant, period)
    num, den = SETS[(period, variant)]
    assert (cs.numerator, cs.denominator) == (tuple(num), tuple(den))
    assert cs.denominator_is_set == (variant not in ("average", "customer_days"))
    assert bool(cs.note) == (not cs.denominator_is_set)


def test_start_vs_start_cohort_in_january_names_b():
    """b joined and left in January: `start` counts the churn, `start_cohort` (only customers of S) does not."""
    got = reconcile(analysis(), "start", "start_cohort", "2024-01")
    expected = pd.DataFrame(
        [("b", None, "start", "numerator", "joined on 2024-01-05 and left on 2024-01-20, within the period")],
        columns=["customer_id", "name", "counted_by", "part", "why"],
    )
    pd.testing.assert_frame_equal(got, expected)


def test_left_and_came_back_within_the_period_with_names():
    """e leaves Jan 10 and is back Jan 20: churned for `start`, still a retained customer for `start_cohort`."""
    subs = pd.concat([SUBS, frame([("e", "2023-12-01", "2024-01-10", 10.0), ("e", "2024-01-20", None, 10.0)],
                                  "customer_id start_date end_date mrr")], ignore_index=True)
    names = frame([("b", "Bolt Ltd"), ("e", "Echo Inc")], "customer_id name")
    got = reconcile(analysis(subs, customers=names), "start", "start_cohort", "2024-01")
    assert got.to_dict("records") == [
        {"customer_id": "b", "name": "Bolt Ltd", "counted_by": "start", "part": "numerator",
         "why": "joined on 2024-01-05 and left on 2024-01-20, within the period"},
        {"customer_id": "e", "name": "Echo Inc", "counted_by": "start", "part": "numerator",
         "why": "left on 2024-01-10 and came back on 2024-01-20, within the period (active at the start and at the end)"},
    ]


def test_start_vs_total_differ_in_the_denominator_by_the_new_customers():
    got = reconcile(analysis(), "start", "total", "2024-01")
    assert got[["customer_id", "counted_by", "part", "why"]].values.tolist() == [
        ["a", "total", "denominator", "joined on 2024-01-01; still active at the end"],
        ["b", "total", "denominator", "joined on 2024-01-05 and left on 2024-01-20, within the period"],
    ]


def test_describe_names_every_kind_of_february():
    assert describe_customers(analysis(), "2024-02", ["a", "b", "c", "d", "zz"]) == {
        "a": "active at the start; left on 2024-02-20",
        "b": "not active in the period",
        "c": "active at the start; left on 2024-02-15",
        "d": "active at the start; left on 2024-02-03, came back on 2024-02-10 and left again on 2024-02-25",
        "zz": "never active under the chosen churn event",
    }
    assert describe_customers(analysis(), "2024-03", ["a"]) == {"a": "came back on 2024-03-10; still active at the end"}
    assert describe_customers(analysis(), "2024-01", ["c"]) == {"c": "active throughout the period"}


def test_variants_side_by_side_match_the_metric():
    got = variants_side_by_side(analysis(), "2024-01")
    assert got["variant"].tolist() == list(CHURN_VARIANTS)
    assert got["value"].tolist() == pytest.approx([CHURN[v][0] for v in CHURN_VARIANTS])
    assert got["in_force"].tolist() == [v == "start" for v in CHURN_VARIANTS]
    row = got.set_index("variant").loc["average"]
    assert (row["numerator"], row["denominator"], row["worked"]) == (1, 2.5, "1 ÷ ((2 + 3) ÷ 2) × 100 = 40 %")
    assert row["formula"].startswith("churned customers ÷ ((customers at start")


def test_unknown_variant_or_period_is_a_sentence():
    with pytest.raises(OptionError, match="churn variant must be one of"):
        churn_customers(analysis(), "median", "2024-01")
    with pytest.raises(OptionError, match="there is no period '2023-12'"):
        reconcile(analysis(), "start", "end", "2023-12")


@settings(max_examples=40, deadline=None)
@given(one_change_per_period())
def test_sets_match_the_counts_and_reconciliation_is_symmetric(rows):
    assume(rows)  # an empty table is no dataset
    subs = frame(rows, "customer_id start_date end_date mrr")
    a = Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)))
    for v in ("start", "start_cohort", "acquired", "total", "end"):
        for p in churn_series(a, v).points:
            cs = churn_customers(a, v, p.period)
            assert (len(cs.numerator), len(cs.denominator)) == (p.numerator, p.denominator)
    label = a.periods.labels[2]
    assert reconcile(a, "start", "start", label).empty
    ab = reconcile(a, "start", "total", label)
    ba = reconcile(a, "total", "start", label)
    cols = ["part", "customer_id", "counted_by"]
    assert ab.sort_values(cols)[cols].values.tolist() == ba.sort_values(cols)[cols].values.tolist()
