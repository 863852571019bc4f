"""The scenario planner's recurrence by hand, the recent rates from a small book by hand, scenarios as text, and the
invariants: a scenario equal to the baseline is the baseline; lower churn never gives fewer customers."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.engine import Analysis, Settings
from csm.errors import OptionError
from csm.forecast import scenario as sc
from csm.forecast.projection import RATES, STEPS, Rates, horizon_sentence, project, recent_rates

from .conftest import dataset, frame


def rates(variant: str = "start", customers: float = 100.0, mrr: float | None = 10_000.0, **values) -> Rates:
    base = {"new_customers": 10.0, "churn_rate": 5.0, "new_mrr": 1_000.0, "expansion_rate": 2.0,
            "contraction_rate": 1.0, "churned_mrr_rate": 3.0}
    base.update(values)
    return Rates(base, {}, ("2024-12",), "2024-12", "month", 1, np.datetime64("2025-01-01"), 1.0, variant, customers,
                 mrr, "USD", 0.8)


def test_baseline_projection_by_hand():
    p = project(rates(), 3)
    assert p.labels == ("2025-01", "2025-02", "2025-03")
    # C = 5 % × S; E = S + 10 − C          MRR' = MRR × (1 + 2 % − 1 % − 3 %) + 1,000
    np.testing.assert_allclose(p.churned, [5.0, 5.25, 5.4875])
    np.testing.assert_allclose(p.customers, [105.0, 109.75, 114.2625])
    np.testing.assert_allclose(p.mrr, [10_800.0, 11_584.0, 12_352.32])
    np.testing.assert_allclose(p.arr, [129_600.0, 139_008.0, 148_227.84])
    np.testing.assert_allclose(p.revenue, p.mrr)  # no transactions: revenue = MRR × 1 month
    assert p.worked[0] == ("2025-01: C = 5 % × 100 = 5; E = 100 + 10 − 5 = 105 customers; MRR = $10,000 × (1 + 2 % − "
                           "1 % − 3 %) + $1,000 = $10,800")
    # CLV = ARPA at the horizon × 80 % margin ÷ monthly churn of the last period (5.4875 ÷ 109.75 = 5 %)
    assert p.clv == pytest.approx(12_352.32 / 114.2625 * 0.8 / 0.05)
    assert "lifespan 20 months" in p.clv_worked


def test_scenario_projection_by_hand():
    s = sc.Scenario.parse("Lower churn, more expansion", "churn_rate-1,expansion_rate=4")
    p = project(rates(), 3, s)
    np.testing.assert_allclose(p.churned, [4.0, 4.24, 4.4704])  # 4 % of 100, 106, 111.76
    np.testing.assert_allclose(p.customers, [106.0, 111.76, 117.2896])
    np.testing.assert_allclose(p.mrr, [11_000.0, 12_000.0, 13_000.0])  # × (1 + 4 % − 1 % − 3 %) + 1,000
    assert p.name == "Lower churn, more expansion" and p.rates["churn_rate"] == 4.0
    assert horizon_sentence(project(rates(), 3), p, "mrr", "USD") == "MRR in 2025-03: $13,000 instead of $12,352"


@pytest.mark.parametrize(("variant", "first"), [
    ("start", 100 + 10 - 5.0),
    ("acquired", 100 + 10 - 0.5),  # C = 5 % × N
    ("total", (100 + 10) * 0.95),  # C = 5 % × (S + N)
    ("end", (100 + 10) / 1.05),  # C = 5 % × E
    ("average", (100 * (1 - 0.025) + 10) / 1.025),  # C = 5 % × (S + E) ÷ 2
])
def test_each_churn_variant_steps_with_its_own_denominator(variant, first):
    assert project(rates(variant), 1).customers[0] == pytest.approx(first)


def test_recent_rates_from_a_small_book_by_hand():
    #   a: Dec → open, 100   b: Dec → Feb 10, 100   c: Feb 5 → open, 50   d: Mar 3 → open, 80
    #   e: Dec → open, 100, and a second subscription from Mar 1 at 20 (expansion in March)
    subs = frame([("a", "2023-12-01", None, 100.0), ("b", "2023-12-01", "2024-02-10", 100.0),
                  ("c", "2024-02-05", None, 50.0), ("d", "2024-03-03", None, 80.0),
                  ("e", "2023-12-01", None, 100.0), ("e", "2024-03-01", None, 20.0)],
                 "customer_id start_date end_date mrr")
    a = Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31)))
    r = recent_rates(a, a.periods.find("2024-03"), window=2)
    # February: S = 3, C = 1 (b), N = 1 (c); MRR 300 → 250 (new 50, churned 100)
    # March:    S = 3, C = 0,     N = 1 (d); MRR 250 → 350 (new 80, expansion 20)
    assert r.window == ("2024-02", "2024-03") and r.customers == 4 and r.mrr == 350
    assert r.values == pytest.approx({"new_customers": 1.0, "churn_rate": 50 / 3, "new_mrr": 65.0,
                                      "expansion_rate": 4.0, "contraction_rate": 0.0, "churned_mrr_rate": 50 / 3})
    assert r.worked["new_mrr"] == "mean of $50, $80 (2024-02…2024-03) = $65"
    assert r.next_start == np.datetime64("2024-04-01")
    assert project(r, 2).labels == ("2024-04", "2024-05")


def test_scenario_text_round_trip_and_refusals():
    s = sc.Scenario.parse("Lower churn", "churn_rate-1, new_mrr=5000, expansion_rate+0.5")
    assert s.text() == "churn_rate-1,new_mrr=5000,expansion_rate+0.5"
    assert sc.decode(sc.encode([s, sc.Scenario("Flat")])) == [s, sc.Scenario("Flat")]
    assert sc.Scenario.from_json(s.to_json()) == s
    assert s.apply({"churn_rate": 0.5, "new_mrr": 1.0}) == {"churn_rate": 0.0, "new_mrr": 5000.0}  # never below 0
    with pytest.raises(OptionError, match="rate=value"):
        sc.Scenario.parse("x", "churn_rate*2")
    with pytest.raises(OptionError, match="no rate 'churn'"):
        sc.Scenario.parse("x", "churn=2", known=tuple(RATES))


names = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=20)
overrides = st.lists(st.tuples(st.sampled_from(list(RATES)), st.sampled_from(sc.MODES),
                               st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: float(f"{x:.6g}"))), max_size=5)


@settings(max_examples=80, deadline=None)
@given(names, overrides)
def test_scenarios_survive_the_url(name, items):
    s = sc.Scenario(name, tuple(sc.Override(r, m, v) for r, m, v in items))
    assert sc.decode(sc.encode([s])) == [s]


rate_values = st.fixed_dictionaries({
    "new_customers": st.floats(0, 500), "churn_rate": st.floats(0, 60), "new_mrr": st.floats(0, 1e5),
    "expansion_rate": st.floats(0, 20), "contraction_rate": st.floats(0, 20), "churned_mrr_rate": st.floats(0, 20)})


@settings(max_examples=80, deadline=None)
@given(rate_values, st.sampled_from(list(STEPS)), st.floats(0, 1e5), st.integers(1, 24))
def test_a_scenario_equal_to_the_baseline_gives_the_baseline(values, variant, customers, horizon):
    r = rates(variant, customers, **values)
    same = sc.Scenario("Same", (*(sc.Override(k, "set", v) for k, v in values.items()),
                                sc.Override("new_mrr", "add", 0.0)))  # the last override of a rate wins
    base, scen = project(r, horizon), project(r, horizon, same)
    for what in ("customers", "churned", "mrr", "arr", "revenue"):
        np.testing.assert_array_equal(getattr(base, what), getattr(scen, what))


@settings(max_examples=120, deadline=None)
@given(rate_values, st.sampled_from(list(STEPS)), st.floats(0, 1e5), st.floats(0, 100), st.floats(0, 100),
       st.integers(1, 24))
def test_lower_churn_never_gives_fewer_customers(values, variant, customers, c1, c2, horizon):
    low, high = sorted((c1, c2))
    r = rates(variant, customers, **values)
    a = project(r, horizon, sc.Scenario("low", (sc.Override("churn_rate", "set", low),)))
    b = project(r, horizon, sc.Scenario("high", (sc.Override("churn_rate", "set", high),)))
    assert np.all(a.customers >= b.customers - 1e-9 * np.maximum(1, b.customers))
    assert np.all(a.customers >= 0) and np.all(b.customers >= 0)
