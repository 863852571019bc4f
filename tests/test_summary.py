"""The Overview's plain words and deltas, and the period choices behind them (csm.summary, csm.views.period_choice)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from csm import summary
from csm.engine import Analysis, Settings
from csm.metrics import REGISTRY
from csm.periods import make_periods
from csm.results import MetricSeries, build_points
from csm.views import period_choice

from .conftest import dataset, frame


def series(unit: str, values, metric_id="x") -> MetricSeries:
    labels = [f"2024-{m:02d}" for m in range(1, len(values) + 1)]
    return MetricSeries(metric_id, "Customer churn rate", unit, None, "", "", build_points(labels, values))


CHURN = REGISTRY["customer_churn_rate"]
MRR = REGISTRY["mrr"]


@pytest.mark.parametrize(
    ("values", "metric", "unit", "sentence", "delta"),
    [
        ([3.1, 2.4], CHURN, "percent", "Customer churn rate fell from 3.1 % to 2.4 % (2024-01 → 2024-02), which is "
                                       "better.", "-0.7 pp"),
        ([2.4, 3.1], CHURN, "percent", "Customer churn rate rose from 2.4 % to 3.1 % (2024-01 → 2024-02), which is "
                                       "worse.", "+0.7 pp"),
        ([2.4, 2.4], CHURN, "percent", "Customer churn rate held at 2.4 % (2024-01 → 2024-02).", "0 pp"),
        ([1000.0, 1250.5], MRR, "money", "Customer churn rate rose from $1,000 to $1,250.5 (2024-01 → 2024-02), "
                                         "which is better.", "+$250.5"),
    ],
)
def test_sentences_and_deltas(values, metric, unit, sentence, delta):
    ch = summary.change(series(unit, values), metric, 1, 0, "USD")
    assert ch.sentence() == sentence
    assert ch.delta_text() == delta


def test_no_comparison_and_undefined_values_are_said_plainly():
    s = series("percent", [5.0, np.nan, np.nan])
    assert summary.change(s, CHURN, 0, None).sentence() == (
        "Customer churn rate was 5 % in 2024-01 (nothing to compare it with).")
    ch = summary.change(s, CHURN, 2, 1)
    assert ch.delta_text() is None and ch.verdict is None
    assert ch.sentence() == "Customer churn rate has no value in 2024-03; the latest, 5 %, is from 2024-01."


def test_a_metric_without_a_good_direction_has_no_verdict():
    ch = summary.Change("m", "M", "count", "2024-02", 5, "2024-01", 3, None)
    assert ch.direction == "rose" and ch.verdict is None
    assert ch.sentence() == "M rose from 3 to 5 (2024-01 → 2024-02)."


def test_delta_sign_is_ascii_first_so_st_metric_reads_it():
    ch = summary.change(series("money", [1250.0, 1000.0]), MRR, 1, 0, "NGN")
    assert ch.delta_text() == "-₦250"


def test_headlines_only_where_the_data_supports_them():
    subs = frame([("a", "2024-01-01", None, 100.0), ("b", "2024-01-10", "2024-03-05", 50.0),
                  ("c", "2024-02-01", None, 80.0)], "customer_id start_date end_date mrr")
    a = Analysis(dataset(subscriptions=subs), Settings())
    got = [ch.metric_id for ch, _ in summary.headlines(a, 2, 1)]
    assert got[:4] == ["customers_end", "customer_churn_rate", "mrr", "net_revenue_retention"]
    assert "nps" not in got and "revenue" not in got
    churn = next(ch for ch, _ in summary.headlines(a, 2, 1) if ch.metric_id == "customer_churn_rate")
    assert churn.sentence() == "Customer churn rate rose from 0 % to 33.33 % (2024-02 → 2024-03), which is worse."


def test_default_period_is_the_last_complete_one():
    p = make_periods("month", dt.date(2024, 1, 1), dt.date(2024, 3, 15))
    assert period_choice.default_period(p, (np.datetime64("2024-01-01"), np.datetime64("2024-03-15"))) == 1
    assert period_choice.default_period(p, (np.datetime64("2024-01-01"), np.datetime64("2024-03-31"))) == 2
    assert period_choice.default_period(p, None) == 2


@pytest.mark.parametrize(
    ("granularity", "i", "compare", "want"),
    [("month", 14, "previous", 13), ("month", 14, "year", 2), ("month", 5, "year", None), ("month", 0, "previous", None),
     ("quarter", 5, "year", 1), ("week", 60, "year", 8)],
)
def test_comparison_period(granularity, i, compare, want):
    p = make_periods(granularity, dt.date(2023, 1, 2), dt.date(2024, 12, 31))
    assert period_choice.comparison_index(p, i, compare) == want
