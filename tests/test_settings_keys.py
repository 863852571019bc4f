"""csm.settings_keys: the settings each metric reads (its registry entry's `reads`), which its series is kept on.

A wrong table would show a stale number after a control change, so it is checked three ways on the sample company:
every registered metric declares them; the settings a metric reads while it computes (traced) are the listed ones; and
changing any setting not listed leaves its series identical. Analysis.sibling shares the intermediates.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csm import settings_keys
from csm.engine import Analysis, Settings
from csm.errors import CsmError
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import REGISTRY

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "brightwave"
FIELDS = Settings.names()

# a value other than the default for every setting outside BASE (and the branches they open)
OTHER = {
    "churn_variant": "total",
    "csat_threshold": 3.0,
    "csat_scale": 10,
    "ces_direction": "higher_is_harder",
    "clv_method": "subscription",
    "lifespan_months": 12.0,
    "gross_margin": 70.0,
    "fcr_denominator": "resolved",
    "repeat_window": "period",
    "onboarding_target_days": 10.0,
    "retention_categories": ("CS salaries", "Training"),
    "health_weights": (("usage", 2.0), ("voice", 0.5)),
}
# settings that open other code paths, under which the reads are traced too
BRANCHES = ({}, {"clv_method": "subscription"}, {"churn_event": "inactivity"}, {"churn_event": "customer_dates"},
            {"lifespan_months": 20.0}, {"retention_categories": ("Training",)}, {"fcr_denominator": "resolved"},
            {"csat_threshold": 4.0}, {"csat_scale": 5}, {"health_weights": (("usage", 2.0),)},
            {"filters": (("plan", ("Starter",)),)})

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the sample company is not generated")


@pytest.fixture(scope="module")
def ds():
    raws = read_sources(sorted(SAMPLE.glob("*.csv")))
    return load(raws, Mapping.loads((SAMPLE.parent / "brightwave_mapping.json").read_text()))


def result(a: Analysis, metric_id: str):
    """Everything a series shows, as comparable text (or the reason it cannot be computed)."""
    m = REGISTRY[metric_id]
    missing = m.requires(a)
    if missing:
        return ("requires", missing)
    try:
        s = m.compute(a)
    except CsmError as e:
        return ("error", str(e))
    return json.dumps([s.to_json(), s.id, s.latex, list(s.warnings)], default=repr, sort_keys=True)


def test_every_metric_is_listed_with_real_settings():
    assert all(settings_keys.reads(mid) is not None for mid in REGISTRY)
    assert set(settings_keys.base()) <= set(FIELDS)
    for mid in REGISTRY:
        assert set(settings_keys.reads(mid)) <= set(FIELDS) - set(settings_keys.base()), mid
    assert set(OTHER) == set(FIELDS) - set(settings_keys.base())


def test_a_metric_reads_only_the_settings_listed(ds):
    read: set[str] = set()

    class Traced(Settings):
        def __getattribute__(self, name):
            if name in FIELDS:
                read.add(name)
            return object.__getattribute__(self, name)

    for branch in BRANCHES:
        for mid, m in REGISTRY.items():
            a = Analysis(ds, Traced(**branch))  # a fresh analysis: its shared intermediates are traced too
            read.clear()
            if m.requires(a):
                continue
            m.compute(a)
            assert read <= set(settings_keys.fields_of(mid)), (mid, branch, read - set(settings_keys.fields_of(mid)))


@pytest.mark.parametrize("field", sorted(OTHER))
def test_a_setting_not_listed_leaves_the_series_identical(ds, field):
    base = Analysis(ds, Settings())
    changed = Analysis(ds, Settings(**{field: OTHER[field]}))
    affected = [mid for mid in REGISTRY if field in settings_keys.fields_of(mid)]
    for mid in REGISTRY:
        if mid not in affected:
            assert result(changed, mid) == result(base, mid), (mid, field)
    assert all(settings_keys.series_key(mid, base.settings) == settings_keys.series_key(mid, changed.settings)
               for mid in REGISTRY if mid not in affected)
    for mid in affected:
        assert settings_keys.series_key(mid, base.settings) != settings_keys.series_key(mid, changed.settings)


def test_an_unlisted_metric_is_keyed_on_every_setting():
    assert settings_keys.fields_of("no_such_metric") is None
    a, b = Settings(), Settings(gross_margin=50.0)
    assert settings_keys.series_key("no_such_metric", a) != settings_keys.series_key("no_such_metric", b)
    assert settings_keys.series_key("mrr", a) == settings_keys.series_key("mrr", b)


def test_siblings_share_intermediates_and_compute_the_same(ds):
    a = Analysis(ds, Settings())
    b = a.sibling(Settings(churn_variant="total", csat_threshold=3.0))
    assert a.sibling(Settings()) is a
    assert b.counts is a.counts and b.flows is a.flows and b.table("subscriptions") is a.table("subscriptions")
    assert b.settings.churn_variant == "total" and a.settings.churn_variant == "start"
    fresh = Analysis(ds, b.settings)
    for mid in REGISTRY:
        assert result(b, mid) == result(fresh, mid), mid
    other = a.sibling(Settings(granularity="quarter"))
    assert other.periods is not a.periods and len(other.periods) < len(a.periods)
    assert other.counts is not a.counts


def test_the_canonical_settings_give_the_same_series(ds):
    every = Settings(**OTHER, granularity="quarter", filters=(("plan", ("Starter", "Growth")),))
    a = Analysis(ds, every)
    for mid in REGISTRY:
        canonical = settings_keys.canonical(mid, every)
        assert settings_keys.series_key(mid, canonical) == settings_keys.series_key(mid, every)
        assert {f for f in FIELDS if getattr(canonical, f) != getattr(Settings(), f)} <= set(
            settings_keys.fields_of(mid)), mid
        assert result(Analysis(ds, canonical), mid) == result(a, mid), mid
    assert settings_keys.canonical("no_such_metric", every) is every
