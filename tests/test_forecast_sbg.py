"""The shifted-beta-geometric retention model (Fader & Hardie 2007) and its forecast of the app's logo cohorts."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betaln

from csm.cohorts import cohort_retention
from csm.engine import Analysis, Settings
from csm.forecast import sbg
from csm.forecast.cohort_forecast import pooled_survival, retention_forecast, survivor_matrix
from csm.forecast.fitting import FitError

from .conftest import dataset, frame

# Fader & Hardie (2007), "How to Project Customer Retention", Table 1: survivors of 1,000 customers, years 0–7.
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


@pytest.mark.parametrize(("survivors", "want"), [
    (REGULAR, {"alpha": 0.704, "beta": 1.18}),  # the paper: α = 0.704, β = 1.182
    (HIGH_END, {"alpha": 0.668, "beta": 3.81}),  # the paper: α = 0.668, β = 3.806
])
def test_sbg_params_match_fader_hardie_2007(survivors, want):
    fit = sbg.fit_survivors(survivors)
    assert fit.converged
    assert fit.rounded(3) == want
    assert fit.params == pytest.approx({"alpha": want["alpha"], "beta": {1.18: 1.182, 3.81: 3.806}[want["beta"]]},
                                       abs=6e-4)


def test_sbg_log_likelihood_matches_fader_hardie_2007():
    """The paper's spreadsheet: LL = −1,680.3 (regular) and −1,611.2 (high end) at the maximum."""
    assert sbg.fit_survivors(REGULAR).log_likelihood == pytest.approx(-1680.27, abs=0.05)
    assert sbg.fit_survivors(HIGH_END).log_likelihood == pytest.approx(-1611.16, abs=0.05)


def test_sbg_formulas_by_hand():
    a, b = 0.704, 1.182
    # P(T = 1) = α ÷ (α + β); P(T = t) = (β + t − 2) ÷ (α + β + t − 1) × P(T = t − 1)  (the paper's recursion)
    p = [a / (a + b)]
    for t in range(2, 8):
        p.append((b + t - 2) / (a + b + t - 1) * p[-1])
    np.testing.assert_allclose(sbg.churn_probability(a, b, np.arange(1, 8)), p)
    np.testing.assert_allclose(sbg.survival(a, b, np.arange(1, 8)), 1 - np.cumsum(p))
    np.testing.assert_allclose(sbg.retention_rate(a, b, [1, 2]), [b / (a + b), (b + 1) / (a + b + 1)])
    assert sbg.survival(a, b, 0) == pytest.approx(1.0)


def test_derl_closed_form_equals_the_discounted_sum():
    """Fader & Hardie (2010): DERL via ₂F₁ = Σ_{t≥1} S(s + t) ÷ S(s) ÷ (1 + d)^(t − 1)."""
    a, b, d = 0.704, 1.182, 0.1
    t = np.arange(1, 4000)
    for s in (0, 1, 4):
        direct = np.sum(np.exp(betaln(a, b + s + t) - betaln(a, b + s)) / (1 + d) ** (t - 1))
        assert sbg.remaining_lifetime(a, b, s, d) == pytest.approx(direct, rel=1e-9)
    assert np.isinf(sbg.remaining_lifetime(a, b, 3))  # α ≤ 1: unbounded without discounting
    assert sbg.remaining_lifetime(2.0, 3.0, 4) == pytest.approx((3.0 + 4) / (2.0 - 1))


def test_several_cohorts_add_their_drops_and_survivors():
    n = np.array([[100, 80, 70, 65], [50, 45, np.nan, np.nan]])
    dropped, censored = sbg.drops_and_survivors(n)
    assert dropped.tolist() == [20 + 5, 10, 5]
    assert censored.tolist() == [45, 0, 65]


def test_rising_counts_are_refused():
    with pytest.raises(FitError, match="must not rise"):
        sbg.fit_survivors([100, 80, 90])


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 20), st.floats(0.05, 50))
def test_survival_is_non_increasing_and_within_0_1(a, b):
    s = sbg.survival(a, b, np.arange(0, 60))
    assert np.all((s >= 0) & (s <= 1 + 1e-12))
    assert np.all(np.diff(s) <= 1e-12)


# ----- the app's cohorts --------------------------------------------------------------------------------------
def _subs(n_customers: int, months: int, monthly_churn: float, seed: int = 1):
    """Customers joining on the 1st of each month, each leaving after a geometric number of months."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n_customers):
        joined = dt.date(2023, 1 + k % 12, 1) if months >= 12 else dt.date(2023, 1 + k % months, 1)
        stay = rng.geometric(monthly_churn)
        y, m = divmod(joined.month - 1 + stay, 12)
        end = dt.date(joined.year + y, m + 1, 1)
        rows.append((f"c{k}", joined.isoformat(), end.isoformat() if end <= dt.date(2025, 12, 31) else None, 100.0))
    return frame(rows, "customer_id start_date end_date mrr")


def _analysis(subs, end=dt.date(2025, 12, 31)):
    return Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2023, 1, 1), end=end))


def test_forecast_of_app_cohorts_projects_each_cohort_from_its_last_count():
    a = _analysis(_subs(600, 12, 0.06))
    c = cohort_retention(a, "logo")
    fc = retention_forecast(c, a.periods.labels, "2025-12", horizon=6)
    assert fc.verdict == "ok", fc.reason
    al, be = fc.fit.params["alpha"], fc.fit.params["beta"]
    r = fc.remaining.iloc[0]
    want = r["customers"] * sbg.survival(al, be, r["age"] + 6) / sbg.survival(al, be, r["age"])
    assert r["expected_at_horizon"] == pytest.approx(want)
    proj = fc.cohorts[(fc.cohorts["cohort"] == r["cohort"]) & (fc.cohorts["kind"] == "projected")]
    assert proj["age"].tolist() == list(range(r["age"], r["age"] + 7))
    assert proj["value"].iloc[0] == pytest.approx(r["customers"] / r["start"] * 100)  # joins the observed line
    assert np.all(np.diff(proj["value"].to_numpy()) <= 1e-9)
    assert any("S(" in w for w in fc.worked)


def test_pooled_survival_is_the_product_limit_estimate():
    n = np.array([[100, 80, 70], [50, 40, np.nan]])
    got = pooled_survival(n)
    assert got["at_risk"].tolist() == [150, 80]
    assert got["lost"].tolist() == [30, 10]
    np.testing.assert_allclose(got["observed"], [120 / 150 * 100, 120 / 150 * 70 / 80 * 100])


def test_a_returning_customer_is_not_a_survivor_again():
    subs = frame([("a", "2024-01-01", "2024-02-10", 10.0), ("a", "2024-03-05", None, 10.0),
                  ("b", "2024-01-01", None, 10.0)], "customer_id start_date end_date mrr")
    a = Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 4, 30)))
    _, n, held = survivor_matrix(cohort_retention(a, "logo"), a.periods.labels, "2024-04")
    assert n.tolist() == [[2, 1, 1, 1]] and held == 2


def test_too_little_data_says_so_rather_than_draw():
    a = _analysis(_subs(20, 12, 0.1))
    fc = retention_forecast(cohort_retention(a, "logo"), a.periods.labels, "2025-12")
    assert fc.verdict == "short" and "at least 30" in fc.reason and not fc.drawable
    a = _analysis(_subs(200, 2, 0.2), end=dt.date(2023, 3, 31))
    fc = retention_forecast(cohort_retention(a, "logo"), a.periods.labels, "2023-03")
    assert fc.verdict == "short" and "ages" in fc.reason


def test_annual_contracts_read_monthly_fit_poorly_and_are_not_drawn():
    stays = {0: None, 1: 12, 2: 13, 3: 24}  # months: a year, a year and a month, two years, or still here

    def end(k: int) -> str | None:
        if stays[k % 4] is None:
            return None
        y, m = divmod(k % 12 + stays[k % 4], 12)
        return f"{2023 + y}-{m + 1:02d}-01"

    rows = [(f"c{k}", f"2023-{1 + k % 12:02d}-01", end(k), 100.0) for k in range(400)]
    a = _analysis(frame(rows, "customer_id start_date end_date mrr"))
    fc = retention_forecast(cohort_retention(a, "logo"), a.periods.labels, "2025-12")
    assert fc.verdict == "poor" and "points from the observed" in fc.reason and not fc.drawable
