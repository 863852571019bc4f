"""Cohort retention (logo and revenue) against a matrix computed by hand."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings

from csm.cohorts import cohort_retention
from csm.engine import Analysis, Settings
from csm.errors import OptionError

from .conftest import dataset, frame
from .test_customer_counts import one_change_per_period

# Monthly, Jan–Apr 2024:
#   p: Jan 10 → open at 100, plus 50 from Mar 1 (expansion)     q: Jan 20 – Feb 15 at 50
#   r: Jan 5 – Jan 25 (joins and leaves in January: in January's cohort), back Mar 5 at 40
#   s: Feb 3 – Apr 10 at 200                                     t: Feb 14 – Mar 1 at 100, back Apr 1 at 100
#   u: since Dec 2023 (before the range: in no cohort)           v: Apr 2 → open at 70
SUBS = frame(
    [
        ("p", "2024-01-10", None, 100.0),
        ("p", "2024-03-01", None, 50.0),
        ("q", "2024-01-20", "2024-02-15", 50.0),
        ("r", "2024-01-05", "2024-01-25", 30.0),
        ("r", "2024-03-05", None, 40.0),
        ("s", "2024-02-03", "2024-04-10", 200.0),
        ("t", "2024-02-14", "2024-03-01", 100.0),
        ("t", "2024-04-01", None, 100.0),
        ("u", "2023-12-01", None, 10.0),
        ("v", "2024-04-02", None, 70.0),
    ],
    "customer_id start_date end_date mrr",
)
NAN = np.nan
COHORTS = ["2024-01", "2024-02", "2024-04"]


def analysis(subs=SUBS) -> Analysis:
    return Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 4, 30)))


def matrix(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, index=pd.Index(COHORTS, name="cohort"), columns=pd.RangeIndex(4, name="age"),
                        dtype=float)


def test_logo_cohorts_match_hand_computed_matrix():
    c = cohort_retention(analysis(), "logo")
    pd.testing.assert_frame_equal(c.matrix, matrix([
        [200 / 3, 100 / 3, 200 / 3, 200 / 3],  # p, q, r joined; r gone by Jan 31, q by Feb 29; r back Mar 5
        [100, 50, 50, NAN],  # s and t; t gone Mar 1; s gone Apr 10 but t back Apr 1
        [100, NAN, NAN, NAN],  # v
    ]))
    assert c.sizes.values.tolist() == [["2024-01", 3, 1, 2], ["2024-02", 2, 0, 2], ["2024-04", 1, 0, 1]]
    assert c.earlier == 1
    jan = c.long[c.long["cohort"] == "2024-01"]
    assert jan[["age", "period", "amount", "base"]].values.tolist() == [
        [0, "2024-01", 2, 3], [1, "2024-02", 1, 3], [2, "2024-03", 2, 3], [3, "2024-04", 2, 3]]


def test_revenue_cohorts_match_hand_computed_matrix():
    c = cohort_retention(analysis(), "revenue")
    pd.testing.assert_frame_equal(c.matrix, matrix([
        [100, 100 / 150 * 100, 190 / 150 * 100, 190 / 150 * 100],  # 150 at Jan's end; 100 after q leaves; p's
        # expansion to 150 and r's return at 40 make 190
        [100, 200 / 300 * 100, 100 / 300 * 100, NAN],  # 300; s alone 200; t alone 100
        [100, NAN, NAN, NAN],
    ]))
    assert c.sizes["mrr"].tolist() == [150.0, 300.0, 70.0]
    assert c.long["value"].notna().all() and len(c.long) == 4 + 3 + 1


def test_unknown_kind_is_a_sentence():
    with pytest.raises(OptionError, match="cohort kind must be one of logo, revenue"):
        cohort_retention(analysis(), "users")


@settings(max_examples=50, deadline=None)
@given(one_change_per_period())
def test_logo_cohorts_stay_within_bounds_and_agree_with_revenue_cohorts(rows):
    assume(rows)
    a = Analysis(dataset(subscriptions=frame(rows, "customer_id start_date end_date mrr")),
                 Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)))
    c = cohort_retention(a, "logo")
    assert ((c.long["value"] >= 0) & (c.long["value"] <= 100)).all()
    # age 0 is 100 % exactly for the cohorts in which nobody joined and left within the first period
    full = c.sizes.set_index("cohort")
    assert ((c.matrix[0] == 100) == (full.loc[c.matrix.index, "left_in_first_period"] == 0)).all()
    assert c.sizes["joined"].sum() == a.counts.N.sum()
    # the members of every cohort active at the end of a period are among the customers active then
    active = c.long.groupby("period")["amount"].sum()
    e = pd.Series(a.counts.E, index=list(a.periods.labels))
    assert (active <= e[active.index]).all()
    r = cohort_retention(a, "revenue")  # every customer pays 10: a revenue cohort's MRR is 10 × its active members
    # (a cohort whose MRR at the end of its first period is 0 has no revenue row: nothing to divide by)
    rev = r.long.set_index(["cohort", "age"])["amount"]
    logo = c.long.set_index(["cohort", "age"])["amount"]
    pd.testing.assert_series_equal(rev, logo.loc[rev.index] * 10.0, check_dtype=False)
    assert set(logo.index.get_level_values(0)) - set(rev.index.get_level_values(0)) == set(
        full.index[full["customers"] == 0])


def test_missing_data_is_a_sentence():
    cust = frame([("a", "2024-01-05")], "customer_id signup_date")
    a = Analysis(dataset(customers=cust), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 29)))
    assert cohort_retention(a, "logo").matrix.values.tolist() == [[100.0, 100.0]]
    with pytest.raises(OptionError, match="revenue cohorts cannot be built: they need a subscriptions table"):
        cohort_retention(a, "revenue")
