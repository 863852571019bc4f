"""csm.breakdown cuts each table by group in one pass; every group must get what a filtered analysis would.

The reference is the definition: one Analysis per value with the extra filter `by` = value (blanks named
"(blank)"), on the sample company, for metrics reading each kind of table, with and without a filter in force.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from csm.breakdown import BLANK, VALUE_COLUMNS, breakdown, breakdown_options
from csm.engine import Analysis, Settings
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import REGISTRY

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "brightwave"
METRICS = ("customer_churn_rate", "customers_end", "mrr", "arpu", "clv", "nps", "first_contact_resolution_rate",
           "active_customer_rate", "health_score")

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the sample company is not generated")


@pytest.fixture(scope="module")
def ds():
    raws = read_sources(sorted(SAMPLE.glob("*.csv")))
    return load(raws, Mapping.loads((SAMPLE.parent / "brightwave_mapping.json").read_text()))


def by_definition(a: Analysis, metric_id: str, by: str) -> pd.DataFrame:
    m = REGISTRY[metric_id]
    attrs = a.attributes.copy()
    attrs[by] = attrs[by].astype(object).where(attrs[by].notna(), BLANK).astype(str)
    found = set(attrs[by])
    p = a.periods
    pinned = a.settings.replace(start=p.starts[0].astype(object), end=(p.ends[-1] - 1).astype(object))
    rows = []
    for v in sorted(found - {BLANK}) + ([BLANK] if BLANK in found else []):
        sub = Analysis(a.dataset, pinned.replace(filters=(*pinned.filters, (by, (v,)))))
        sub.attributes = attrs
        if m.requires(sub):
            rows += [(v, label, None, None, None, None) for label in p.labels]
        else:
            rows += [(v, q.period, q.value, q.numerator, q.denominator, q.n) for q in m.compute(sub).points]
    out = pd.DataFrame(rows, columns=[by, *VALUE_COLUMNS])
    for c in VALUE_COLUMNS[1:]:
        out[c] = pd.to_numeric(out[c], errors="coerce")
    return out


@pytest.mark.parametrize("settings", [Settings(), Settings(filters=(("plan", ("Starter", "Growth")),),
                                                           churn_variant="total", granularity="quarter")])
@pytest.mark.parametrize("metric_id", METRICS)
def test_each_group_is_what_a_filtered_analysis_gives(ds, metric_id, settings):
    a = Analysis(ds, settings)
    options = [b for b in breakdown_options(a, metric_id) if b != "agent"]
    assert options, metric_id
    for by in options:
        pd.testing.assert_frame_equal(breakdown(a, metric_id, by), by_definition(Analysis(ds, settings), metric_id, by),
                                      check_exact=True, obj=f"{metric_id} by {by}")


def test_a_sibling_reuses_the_groups_and_gets_its_own_numbers(ds):
    a = Analysis(ds, Settings())
    first = breakdown(a, "customer_churn_rate", "owner")
    b = a.sibling(Settings(churn_variant="end"))
    got = breakdown(b, "customer_churn_rate", "owner")
    assert not got.equals(first)
    pd.testing.assert_frame_equal(got, by_definition(Analysis(ds, b.settings), "customer_churn_rate", "owner"),
                                  check_exact=True)
    (groups,) = [v for k, v in a._memo.items() if k == ("breakdown groups", "owner")]
    assert b._memo is a._memo and len(groups) == first["owner"].nunique()
