"""MRR figures held against the DuckDB peer (../shared/peers/duckdb_mrr.py) on the same subscriptions.

Skipped, with the reason, where ../shared is absent (a user's clone).
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json

import pytest

from csm.engine import Analysis, Settings
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import compute_all

from .conftest import SAMPLE, shared_path

PEER_METRICS = ("mrr", "new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
                "customers_start", "customers_end", "net_revenue_retention")


def peer():
    path = shared_path("peers", "duckdb_mrr.py")
    pytest.importorskip("duckdb")
    spec = importlib.util.spec_from_file_location("duckdb_mrr", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ours(dataset, start: str, end: str) -> dict[str, dict[str, float | None]]:
    a = Analysis(dataset, Settings(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)))
    results, _ = compute_all(a, set(PEER_METRICS))
    return {m: {p.period: p.value for p in results[m].points} for m in PEER_METRICS}


def assert_same(mine: dict, theirs: dict) -> None:
    for metric in PEER_METRICS:
        assert set(mine[metric]) == set(theirs[metric]), metric
        for label, value in theirs[metric].items():
            if value is None:
                assert mine[metric][label] is None, (metric, label)
            else:
                assert mine[metric][label] == pytest.approx(value, rel=1e-9, abs=1e-6), (metric, label)


def canonical_csv(dataset, path) -> str:
    """The subscriptions exactly as we normalised them, in the peer's canonical columns."""
    subs = dataset.tables["subscriptions"]
    out = subs[["customer_id", "start_date", "end_date", "mrr"]].copy()
    for c in ("start_date", "end_date"):
        out[c] = out[c].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False)
    return str(path)


def test_ravenstack_mrr_matches_peer_and_published_figures(tmp_path):
    mod = peer()
    folder = shared_path("data", "ravenstack")
    ds = load(read_sources(sorted(folder.glob("*.csv"))))  # the raw export, mapping guessed
    mine = ours(ds, "2023-01-01", "2024-12-31")
    assert_same(mine, mod.compute(canonical_csv(ds, tmp_path / "subs.csv"), "2023-01-01", "2024-12-31"))
    published = {"2024-06": 3_833_405, "2024-07": 4_513_192, "2024-08": 5_120_881, "2024-09": 6_035_345,
                 "2024-10": 7_098_896, "2024-11": 8_460_824, "2024-12": 10_159_608}  # shared/data/README.md
    assert {k: mine["mrr"][k] for k in published} == published
    assert mine["customers_end"]["2024-12"] == 500


def test_sample_company_mrr_matches_peer(tmp_path):
    mod = peer()
    mapping = Mapping.loads((SAMPLE / "brightwave_mapping.json").read_text())
    ds = load(read_sources(sorted((SAMPLE / "brightwave").glob("*.csv"))), mapping)
    assert ds.report.rows_rejected == 0, ds.report.rejects.head().to_dict("records")
    theirs = mod.compute(canonical_csv(ds, tmp_path / "subs.csv"), "2023-01-01", "2025-12-31")
    assert_same(ours(ds, "2023-01-01", "2025-12-31"), theirs)
    assert json.dumps(theirs)  # the peer ran on annual plans normalised to MRR by us: amount ÷ 12
