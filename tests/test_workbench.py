"""csm.workbench and csm.memo: the memoisation rule, tested without Streamlit.

A series is kept on the settings its metric reads (the same object for a change of anything else, a new one for a
change of what it reads), analyses that share the base settings share their intermediates, what is kept equals what
a fresh analysis computes, the memo is bounded and drops its least recently used entry, and threads asking at once
get equal answers.
"""
from __future__ import annotations

import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from csm.engine import Analysis
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.memo import Memo
from csm.metrics import REGISTRY
from csm.settings import Settings
from csm.workbench import Workbench

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "brightwave"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the sample company is not generated")


@pytest.fixture(scope="module")
def ds():
    raws = read_sources(sorted(SAMPLE.glob("*.csv")))
    return load(raws, Mapping.loads((SAMPLE.parent / "brightwave_mapping.json").read_text()))


def _text(series) -> str:
    return json.dumps(series.to_json(), sort_keys=True, default=repr)


def test_a_series_is_kept_on_the_settings_its_metric_reads(ds):
    wb = Workbench(ds)
    mrr = wb.series("mrr", Settings())
    assert wb.series("mrr", Settings(churn_variant="total", gross_margin=50.0)) is mrr
    churn = wb.series("customer_churn_rate", Settings())
    total = wb.series("customer_churn_rate", Settings(churn_variant="total"))
    assert total is not churn and total.variant == "total" and churn.variant == "start"
    assert wb.series("mrr", Settings(granularity="quarter")) is not mrr  # a base setting: another analysis


def test_kept_series_equal_a_fresh_computation(ds):
    wb = Workbench(ds)
    settings = Settings(churn_variant="average", csat_threshold=3.0, granularity="quarter", currency="EUR")
    for mid, m in REGISTRY.items():
        fresh = Analysis(ds, settings)
        if m.requires(fresh):
            continue
        assert _text(wb.series(mid, settings)) == _text(m.compute(fresh)), mid


def test_analyses_sharing_the_base_settings_share_their_intermediates(ds):
    wb = Workbench(ds)
    a = wb.analysis(Settings())
    b = wb.analysis(Settings(churn_variant="end", clv_method="subscription"))
    assert wb.analysis(Settings()) is a and b is not a
    assert b.counts is a.counts and b.flows is a.flows
    q = wb.analysis(Settings(granularity="quarter"))
    assert q.counts is not a.counts
    assert wb.analysis_for("mrr", Settings(churn_variant="end")) is a  # mrr does not read the variant
    assert wb.analysis(Settings(currency="EUR")).currency == "EUR" and a.currency == ds.currency


def test_a_result_is_computed_once_per_key(ds):
    wb = Workbench(ds)
    calls = []

    def compute(a):
        calls.append(a.settings)
        return len(a.periods)

    assert wb.result("n", "mrr", Settings(), compute) == wb.result("n", "mrr", Settings(ces_direction="higher_is_harder"),
                                                                   compute)
    assert len(calls) == 1 and calls[0] == Settings()
    wb.result("n", "mrr", Settings(granularity="year"), compute)
    assert len(calls) == 2


def test_the_memo_is_bounded_and_keeps_the_recently_used():
    m = Memo(limit=2)
    m.get("a", lambda: 1)
    m.get("b", lambda: 2)
    m.get("a", lambda: 0)  # used again: b is now the oldest
    m.get("c", lambda: 3)
    assert "a" in m and "c" in m and "b" not in m and len(m) == 2
    assert len(pickle.loads(pickle.dumps(m))) == 0  # a copy starts empty


def test_threads_asking_at_once_get_equal_answers(ds):
    wb = Workbench(ds)
    settings = [Settings(churn_variant=v) for v in ("start", "end", "total", "average")] * 4
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda s: _text(wb.series("customer_churn_rate", s)), settings))
    for s, text in zip(settings, got, strict=True):
        assert text == _text(REGISTRY["customer_churn_rate"].compute(Analysis(ds, s)))
