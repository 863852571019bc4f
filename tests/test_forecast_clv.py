"""Predictive CLV: BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma (Fader & Hardie 2013) on the papers' CDNOW
sample, read through the app's own loading code, plus the formulas by hand and their invariants."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.forecast import bgnbd, gamma_gamma
from csm.forecast.customer_value import customer_value
from csm.forecast.fitting import FitError
from csm.forecast.purchase_history import purchase_history
from csm.guess import guess_mapping
from csm.loading import load, read_sources

from .conftest import SHARED

CDNOW = SHARED / "data" / "cdnow" / "CDNOW_sample.txt"
needs_shared = pytest.mark.skipif(not CDNOW.is_file(), reason=f"{CDNOW} is absent (../shared ships with the team's "
                                  "workspace, not with a user's clone)")
CALIBRATION_END = dt.date(1997, 9, 30)  # the papers' 39-week calibration period
PAPER = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)


@pytest.fixture(scope="module")
def cdnow_history():
    raws = read_sources([CDNOW])
    ds = load(raws, guess_mapping(raws))
    return purchase_history(ds.get("transactions"), CALIBRATION_END, unit_days=7)


@needs_shared
def test_cdnow_history_has_the_papers_customers_and_repeat_buyers(cdnow_history):
    h = cdnow_history.frame
    assert len(h) == 2357 and len(cdnow_history.repeat_buyers) == 946
    first = h.set_index("customer_id").loc["00004"]  # bought 1997-01-01, -01-18, -08-02 (and -12-12, later)
    assert (first["x"], first["t_x"], first["T"]) == (2, pytest.approx(213 / 7), pytest.approx(272 / 7))


@needs_shared
def test_bgnbd_params_are_close_to_fader_hardie_lee_2005(cdnow_history):
    fit = bgnbd.fit_bgnbd(cdnow_history.frame)
    assert fit.converged
    assert fit.params == pytest.approx(PAPER, abs=6e-4)  # r = 0.243, α = 4.414, a = 0.793, b = 2.426
    assert fit.rounded(3) == {"r": 0.243, "alpha": 4.41, "a": 0.793, "b": 2.43}
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.1)


@needs_shared
def test_gamma_gamma_params_are_close_to_fader_hardie_2013(cdnow_history):
    fit = gamma_gamma.fit_gamma_gamma(cdnow_history.frame)
    assert fit.n == 946 and fit.converged
    assert fit.params == pytest.approx({"p": 6.25, "q": 3.74, "gamma": 15.44}, abs=6e-3)
    assert fit.rounded(3) == {"p": 6.25, "q": 3.74, "gamma": 15.4}
    assert gamma_gamma.frequency_value_r(cdnow_history.frame) == pytest.approx(0.11, abs=0.005)  # the note's r


@needs_shared
def test_customer_value_on_cdnow_checks_itself_against_the_holdout(cdnow_history):
    raws = read_sources([CDNOW])
    tx = load(raws, guess_mapping(raws)).get("transactions")
    fc = customer_value(tx, CALIBRATION_END, horizon=39, currency="USD")
    c = fc.customers
    assert len(c) == 2357
    np.testing.assert_allclose(c["expected_value"], c["expected_purchases"] * c["expected_spend"])
    assert fc.total_value == pytest.approx(c["expected_value"].sum())
    expected, made = fc.holdout
    assert expected == pytest.approx(fc.total_purchases) and made > 0
    assert abs(expected - made) / made < 0.2  # the model's own check, within a fifth
    assert (fc.at_risk(0.3)["p_alive"] < 0.3).all()
    assert any(line.startswith("Check: in the 39 weeks after 1997-09-30") for line in fc.worked)


def test_conditional_expectation_matches_hardies_spreadsheet():
    """The paper's spreadsheet: a customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks."""
    h = pd.DataFrame({"x": [2], "t_x": [30.43], "T": [38.86]})
    assert bgnbd.expected_purchases(PAPER, h, 39)[0] == pytest.approx(1.226, abs=5e-4)


def test_a_new_customer_is_the_conditional_case_with_no_history():
    h = pd.DataFrame({"x": [0, 0], "t_x": [0.0, 0.0], "T": [0.0, 0.0]})
    np.testing.assert_allclose(bgnbd.expected_purchases(PAPER, h, 52), bgnbd.expected_for_new(PAPER, [52, 52]))
    assert bgnbd.p_alive(PAPER, h).tolist() == [1.0, 1.0]


def test_p_alive_by_hand():
    a, b, r, alpha = PAPER["a"], PAPER["b"], PAPER["r"], PAPER["alpha"]
    h = pd.DataFrame({"x": [0, 3], "t_x": [0.0, 20.0], "T": [30.0, 30.0]})
    want = 1 / (1 + a / (b + 3 - 1) * ((alpha + 30) / (alpha + 20)) ** (r + 3))
    np.testing.assert_allclose(bgnbd.p_alive(PAPER, h), [1.0, want])


def test_gamma_gamma_expected_spend_is_the_weighted_mean():
    params = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    h = pd.DataFrame({"x": [0, 4], "m_x": [np.nan, 50.0]})
    pop = 15.44 * 6.25 / (3.74 - 1)
    w = (3.74 - 1) / (6.25 * 4 + 3.74 - 1)
    np.testing.assert_allclose(gamma_gamma.expected_spend(params, h), [pop, w * pop + (1 - w) * 50.0])


def test_purchase_history_by_hand():
    tx = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b", "c", "a"],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15", "2024-02-12", "2024-01-08",
                                               "2024-03-01", "2024-01-22"]),
                       "amount": [10.0, 5.0, 20.0, 30.0, 7.0, 9.0, -20.0]})
    h = purchase_history(tx, dt.date(2024, 2, 26)).frame.set_index("customer_id")
    # a: 1 Jan (10 + 5: one transaction), 15 Jan, 12 Feb; the refund is no purchase; c is after the end
    assert h.loc["a", ["x", "t_x", "T", "m_x"]].tolist() == [2, 6.0, 8.0, 25.0]
    assert h.loc["b", ["x", "t_x", "T"]].tolist() == [0, 0.0, 7.0] and np.isnan(h.loc["b", "m_x"])
    assert "c" not in h.index


def test_no_repeat_buyer_cannot_be_fitted():
    h = pd.DataFrame({"x": [0, 0, 0], "t_x": [0.0] * 3, "T": [5.0, 6.0, 7.0], "m_x": [np.nan] * 3})
    with pytest.raises(FitError, match="bought again"):
        bgnbd.fit_bgnbd(h)
    with pytest.raises(FitError, match="repeat purchase"):
        gamma_gamma.fit_gamma_gamma(h)


histories = st.lists(st.tuples(st.integers(0, 40), st.floats(0, 1), st.floats(0.1, 200)), min_size=1, max_size=30)
positive = st.floats(0.01, 30)


@settings(max_examples=80, deadline=None)
@given(histories, positive, positive, positive, positive, st.floats(0.5, 200))
def test_p_alive_is_within_0_1_and_expected_purchases_are_not_negative(rows, r, alpha, a, b, t):
    x = np.array([x for x, _, _ in rows], float)
    T = np.array([T for _, _, T in rows])
    t_x = np.where(x > 0, np.array([f for _, f, _ in rows]) * T, 0.0)
    h = pd.DataFrame({"x": x, "t_x": t_x, "T": T})
    params = {"r": r, "alpha": alpha, "a": a, "b": b}
    pa = bgnbd.p_alive(params, h)
    assert np.all((pa >= 0) & (pa <= 1))
    assert np.all(pa[x == 0] == 1)
    e = bgnbd.expected_purchases(params, h, t)
    assert np.all(e[np.isfinite(e)] >= -1e-9)
