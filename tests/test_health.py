"""Customer health: components, scores and bands by hand, the backtest, the registered metrics, invariants."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from csm.activity import period_members
from csm.engine import Analysis, Settings
from csm.errors import OptionError
from csm.health_model import backtest, health_by_period, health_scores, percentile_rank, present_components
from csm.metrics import REGISTRY, compute

from .conftest import dataset, frame
from .test_customer_counts import one_change_per_period

# Five customers, monthly Jan–Mar 2024, every subscription 100 a month:
#   w since 2023-10-01, x since 2023-11-01, v since 2023-12-15 (leaves 2024-03-10),
#   y since 2023-12-01 (leaves 2024-02-10), z since 2024-01-01 (leaves 2024-02-20).
SUBS = frame(
    [("w", "2023-10-01", None), ("x", "2023-11-01", None), ("v", "2023-12-15", "2024-03-10"),
     ("y", "2023-12-01", "2024-02-10"), ("z", "2024-01-01", "2024-02-20")],
    "customer_id start_date end_date",
).assign(mrr=100.0)
USAGE = frame(
    [("w", d) for d in ("2024-01-02", "2024-01-09", "2024-01-30", "2024-02-01", "2024-02-02")]
    + [("x", d) for d in ("2024-01-03", "2024-01-04", "2024-02-05", "2024-02-06")]
    + [("v", "2024-01-05")],
    "customer_id date",
)
TICKETS = frame(
    [("y", "2024-01-03"), ("y", "2024-01-04"), ("z", "2024-01-10"), ("v", "2024-01-11"),
     ("v", "2024-02-01"), ("v", "2024-02-02"), ("v", "2024-02-03")],
    "customer_id created_at",
)
SURVEYS = frame(
    [("w", "2023-12-20", 10.0), ("x", "2024-01-15", 8.0), ("v", "2024-01-05", 7.0), ("y", "2024-01-20", 2.0)],
    "customer_id date score",
).assign(survey_type="nps")
OWNERS = frame([("w", "Ann"), ("x", "Raj")], "customer_id owner")


def analysis(**kw) -> Analysis:
    ds = dataset(subscriptions=SUBS, usage=USAGE, tickets=TICKETS, surveys=SURVEYS, customers=OWNERS)
    return Analysis(ds, Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31), **kw))


def test_january_scores_match_hand_computed_table():
    """n = 5 customers active on Jan 31. Percentile ranks are (below + ties ÷ 2) ÷ 5 × 100.

    usage events w 3, x 2, v 1, y 0, z 0 → 90, 70, 50, 0, 0 (no usage = 0)
    tickets      w 0, x 0, v 1, y 2, z 1 → 100, 100, 40, 10, 40 (no tickets = 100; 100 − percentile)
    latest NPS   w 10, x 8, v 7, y 2, z — → 100, 80, 70, 20, blank
    MRR trend    m0 = MRR on Dec 31 (the range starts there): 100 → 100 is 50; z paid nothing then → blank
    tenure days  w 123, x 92, v 48, y 62, z 31 → 90, 70, 30, 50, 10
    """
    h = health_scores(analysis(), "2024-01")
    expected = pd.DataFrame({
        "customer_id": ["z", "y", "v", "x", "w"],
        "owner": [np.nan, np.nan, np.nan, "Raj", "Ann"],
        "usage_events": [0.0, 0, 1, 2, 3],
        "tickets": [1.0, 2, 1, 0, 0],
        "mrr_before": [0.0, 100, 100, 100, 100],
        "mrr": [100.0, 100, 100, 100, 100],
        "tenure_days": [31.0, 62, 48, 92, 123],
        "usage": [0.0, 0, 50, 70, 90],
        "voice": [np.nan, 20, 70, 80, 100],
        "support": [40.0, 10, 40, 100, 100],
        "mrr_trend": [np.nan, 50, 50, 50, 50],
        "tenure": [10.0, 50, 30, 70, 90],
        "score": [50 / 3, 26, 48, 74, 86],
        "band": ["red", "red", "yellow", "green", "green"],
    })
    pd.testing.assert_frame_equal(h.table, expected, check_dtype=False, atol=1e-6)
    assert h.band_counts == {"red": 2, "yellow": 1, "green": 2}
    assert h.components == ("usage", "voice", "support", "mrr_trend", "tenure")
    assert h.customers("red")["customer_id"].tolist() == ["z", "y"]


def test_red_customers_churn_next_period_in_the_backtest():
    """y and z (red in January) leave in February; v (red in February) leaves in March."""
    got = backtest(analysis())
    assert got.values.tolist() == [
        ["2024-01", "red", 2, 2, 100.0], ["2024-01", "yellow", 1, 0, 0.0], ["2024-01", "green", 2, 0, 0.0],
        ["2024-02", "red", 1, 1, 100.0], ["2024-02", "yellow", 1, 0, 0.0], ["2024-02", "green", 1, 0, 0.0],
    ]


def test_scores_by_period():
    """Feb: w 80, x 69.33, v 30.67 (usage 2, 2, 0; v's 3 tickets; tenure 152, 121, 77 days).
    Mar: w 65, x 51 (no usage, no tickets; tenure 183 and 152 days)."""
    got = health_by_period(analysis())
    assert got["customers"].tolist() == [5, 3, 2]
    assert got["mean_score"].tolist() == pytest.approx([(50 / 3 + 26 + 48 + 74 + 86) / 5, 60.0, 58.0])
    assert got[["red", "yellow", "green"]].values.tolist() == [[2, 1, 2], [1, 1, 1], [0, 2, 0]]
    feb = health_scores(analysis(), "2024-02").table.set_index("customer_id")["score"]
    assert feb.to_dict() == pytest.approx({"v": 92 / 3, "x": 208 / 3, "w": 80.0})


def test_registered_metrics():
    a = analysis()
    s = compute(a, "health_score")
    assert [p.value for p in s.points] == pytest.approx([(50 / 3 + 26 + 48 + 74 + 86) / 5, 60.0, 58.0])
    assert s.extra == {"red": [2, 1, 0], "yellow": [1, 1, 2], "green": [2, 1, 0]}
    assert s.points[2].worked.startswith("116 ÷ 2 customers = 58 (weights: Usage 20 %")
    r = compute(a, "at_risk_customers")
    assert [p.value for p in r.points] == [2, 1, 0]
    assert r.points[0].worked == "2 of 5 customers below 40 (40 %)"
    assert REGISTRY["health_score"].group == REGISTRY["at_risk_customers"].group == "health"


def test_user_weights_from_settings_or_argument():
    by_arg = health_scores(analysis(), "2024-01", weights={"usage": 1, "support": 1}).table
    by_settings = health_scores(analysis(health_weights=(("usage", 1.0), ("support", 1.0))), "2024-01").table
    pd.testing.assert_frame_equal(by_arg, by_settings)
    assert by_arg.set_index("customer_id")["score"].to_dict() == {"w": 95, "x": 85, "v": 45, "y": 5, "z": 20}
    with pytest.raises(OptionError, match="there is no health component 'nps'"):
        health_scores(analysis(), weights={"nps": 1})


def test_requires_names_the_missing_data():
    cust = frame([("a", "2024-01-01")], "customer_id signup_date")
    a = Analysis(dataset(customers=cust), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)))
    assert present_components(a) == ("tenure",)
    assert "at least one signal besides tenure" in REGISTRY["health_score"].requires(a)
    assert REGISTRY["at_risk_customers"].requires(analysis()) is None


def test_percentile_rank_uses_mid_ranks_for_ties():
    assert percentile_rank(np.array([0, 5, 5, 9])).tolist() == [12.5, 50.0, 50.0, 87.5]
    assert percentile_rank(np.array([0.5, 2.25, 2.25, 9.0])).tolist() == [12.5, 50.0, 50.0, 87.5]


@settings(max_examples=40, deadline=None)
@given(one_change_per_period(), st.lists(st.tuples(st.integers(0, 11), st.integers(0, 180)), max_size=40))
def test_bands_partition_the_active_customers(rows, events):
    assume(rows)
    subs = frame(rows, "customer_id start_date end_date mrr")
    usage = frame([(f"c{c}", str(np.datetime64("2024-01-01") + d)) for c, d in events] or [("c0", "2024-01-01")],
                  "customer_id date")
    a = Analysis(dataset(subscriptions=subs, usage=usage), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)))
    by_period = health_by_period(a)
    assert (by_period[["red", "yellow", "green"]].sum(axis=1) == a.counts.E).all()
    for i, label in enumerate(a.periods.labels):
        t = health_scores(a, label).table
        assert sorted(t["customer_id"]) == period_members(a.intervals, a.periods, i)["end"].tolist()
        assert t["score"].between(0, 100).all()
