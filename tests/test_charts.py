"""Chart builders: the right marks, fields, titles and colours in `chart.to_dict()` — no browser, no Streamlit."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csm import charts
from csm.engine import Analysis, Settings
from csm.metrics import REGISTRY
from csm.periods import make_periods
from csm.results import MetricSeries, build_points
from csm.views import metric_table, mrr_movements

from .chart_reference import metric_chart
from .conftest import dataset, frame


def _series(unit: str, values) -> tuple[pd.DataFrame, object]:
    periods = make_periods("month", pd.Timestamp("2024-01-01").date(), pd.Timestamp("2024-04-30").date())
    points = build_points(periods.labels, values, numerators=values, denominators=[10] * len(values),
                          worked=[f"{v} ÷ 10" for v in values], n=[10] * len(values))
    s = MetricSeries("x", "X", unit, None, "x", "x", points)
    return metric_table.series_frame(s, periods, "USD"), periods


def _marks(spec: dict) -> list[str]:
    layers = spec.get("layer", [spec])
    return [(m["mark"]["type"] if isinstance(m["mark"], dict) else m["mark"]) for m in layers if "mark" in m]


def test_rate_is_a_line_over_the_period_labels_with_the_selected_period_highlighted():
    f, _ = _series("percent", [1.0, 2.0, np.nan, 4.0])
    spec = metric_chart(f, "Churn", "percent", selected="2024-04", compare="2024-03").to_dict()
    assert spec["title"] == "Churn"
    assert _marks(spec)[:2] == ["line", "point"]
    line = spec["layer"][0]["encoding"]
    # each point over its own label, in time order (a temporal axis put 2024-12 over a "Jan 2025" tick)
    assert line["x"] == {"field": "period", "type": "ordinal", "sort": {"field": "start", "op": "min"},
                         "title": "period", "axis": {"labelAngle": 0, "labelOverlap": "greedy"}}
    assert line["y"]["field"] == "value" and line["y"]["title"] == "%" and line["y"]["axis"]["format"] == ",.6~r"
    assert {t["field"] for t in line["tooltip"]} == {"period", "shown", "worked", "n", "coverage"}
    focus = spec["layer"][1]["transform"][0]["filter"]
    assert focus == {"field": "highlight", "oneOf": ["compare", "selected"]}  # the marked periods, from the rows
    (rows,) = [v for v in spec["datasets"].values() if len(v) == 4]
    assert {r["period"]: r["highlight"] for r in rows} == {"2024-01": "", "2024-02": "", "2024-03": "compare",
                                                          "2024-04": "selected"}


def test_a_change_of_period_changes_the_cards_rows_not_its_spec():
    """The browser builds a chart again only when its spec changes; a new period changes the highlighted rows."""
    f, _ = _series("percent", [1.0, 2.0, np.nan, 4.0])
    a = charts.metric_spec(f, "Churn", "percent", "2024-04", "2024-03")
    b = charts.metric_spec(f, "Churn", "percent", "2024-02", "2024-01")
    rows_a, rows_b = a.pop("datasets")["metric"], b.pop("datasets")["metric"]
    assert a == b
    assert rows_a["highlight"].tolist() == ["", "", "compare", "selected"]
    assert rows_b["highlight"].tolist() == ["compare", "selected", "", ""]


def test_counts_and_money_are_bars_over_their_period_lighter_where_the_data_covers_part_of_it():
    periods = make_periods("year", pd.Timestamp("1997-01-01").date(), pd.Timestamp("1998-06-30").date())
    values = [100.0, 40.0]
    points = build_points(periods.labels, values, numerators=values, denominators=[1, 1], worked=["a", "b"], n=[1, 1])
    s = MetricSeries("x", "X", "money", None, "x", "x", points)
    span = (np.datetime64("1997-01-01"), np.datetime64("1998-06-30"))  # CDNOW's 18 months: 1998 is half a year
    f = metric_table.series_frame(s, periods, "USD", span)
    assert f["coverage"].tolist() == ["complete", "partial: 1998-01-01 – 1998-06-30"]
    spec = metric_chart(f, "Revenue", "money", selected="1998", granularity="year").to_dict()
    assert _marks(spec) == ["bar"]
    enc = spec["layer"][0]["encoding"]
    assert enc["x"]["field"] == "period" and enc["x"]["sort"] == {"field": "start", "op": "min"}
    assert enc["opacity"] == {"condition": [{"test": "(datum.coverage !== 'complete')", "value": 0.45}], "value": 1}
    assert charts.metric_spec(f, "Revenue", "money", "1998", None, "year")["layer"][0]["encoding"]["opacity"] == \
        enc["opacity"]


def test_an_axis_of_zeros_reads_0_not_0_000000():
    f, _ = _series("money", [0.0, 0.0, 0.0, 0.0])
    assert charts.metric_spec(f, "Churned MRR", "money")["layer"][0]["encoding"]["y"]["axis"] == {"format": ",.6~r"}


def test_chart_data_is_the_aggregated_frame_not_raw_rows():
    f, _ = _series("percent", [1.0, 2.0, 3.0, 4.0])
    spec = metric_chart(f, "Churn", "percent").to_dict()
    (rows,) = [v for k, v in spec["datasets"].items() if len(v) == 4]
    assert [r["period"] for r in rows] == ["2024-01", "2024-02", "2024-03", "2024-04"]


def test_palette_is_okabe_ito():
    assert charts.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert set(charts.MOVEMENT_COLORS.values()) <= set(charts.PALETTE)


@pytest.fixture
def analysis():
    subs = frame([("a", "2024-01-01", None, 100.0), ("b", "2024-01-10", "2024-03-05", 50.0),
                  ("c", "2024-02-01", None, 80.0), ("a", "2024-03-01", None, 20.0)],
                 "customer_id start_date end_date mrr")
    return Analysis(dataset(subscriptions=subs), Settings())


def test_movements_chart_stacks_signed_movements(analysis):
    f = mrr_movements.movements_frame(analysis)
    assert set(f["movement"]) == set(charts.MOVEMENT_COLORS)
    assert (f.loc[f["movement"] == "Churned", "amount"] <= 0).all()
    spec = charts.movements_chart(f).to_dict()
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "bar" and enc["x"]["field"] == "period" and enc["x"]["type"] == "ordinal"
    assert enc["y"]["aggregate"] == "sum" and enc["y"]["field"] == "amount"
    assert enc["color"]["scale"]["domain"] == list(charts.MOVEMENT_COLORS)
    assert spec["title"] == "MRR movements"


def test_variants_chart_marks_the_variant_in_force(analysis):
    from csm.reconcile import variants_side_by_side

    side = variants_side_by_side(analysis, "2024-03")
    spec = charts.variants_chart(side).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["field"] == "variant" and spec["encoding"]["x"]["field"] == "value"
    assert "in_force" in spec["encoding"]["color"]["condition"]["test"]


def test_heatmap_is_cohort_by_age():
    f = pd.DataFrame({"cohort": ["2024-01", "2024-01", "2024-02"], "age": [0, 1, 0], "value": [100.0, 50.0, 100.0]})
    spec = charts.heatmap(f, "Cohorts").to_dict()
    assert spec["mark"]["type"] == "rect"
    assert (spec["encoding"]["x"]["field"], spec["encoding"]["y"]["field"]) == ("age", "cohort")
    assert spec["encoding"]["color"]["scale"]["scheme"] == "viridis"


def test_shares_chart_uses_the_given_colours_in_order():
    f = pd.DataFrame({"period": ["2024-01"] * 3, "start": pd.to_datetime(["2024-01-01"] * 3),
                      "end": pd.to_datetime(["2024-01-31"] * 3), "category": ["detractor", "passive", "promoter"],
                      "value": [20.0, 30.0, 50.0]})
    spec = charts.shares_chart(f, "NPS groups", charts.NPS_COLORS).to_dict()
    assert spec["encoding"]["color"]["scale"] == {"domain": list(charts.NPS_COLORS),
                                                  "range": list(charts.NPS_COLORS.values())}
    assert spec["encoding"]["y"]["title"] == "share (%)"


def test_distribution_and_breakdown_and_backtest_charts():
    d = charts.distribution_chart(pd.DataFrame({"score": ["9", "10"], "responses": [3, 4],
                                                "group": ["promoter", "promoter"]}), "Scores").to_dict()
    assert d["encoding"]["x"]["field"] == "score" and d["encoding"]["y"]["field"] == "responses"
    b = charts.breakdown_chart(pd.DataFrame({"group": ["a", "b"], "value": [1.0, 2.0], "n": [3, 4]}),
                               "Churn by plan", "percent").to_dict()
    assert b["encoding"]["y"]["field"] == "group" and b["title"] == "Churn by plan"
    bt = charts.backtest_chart(pd.DataFrame({"band": ["red", "yellow", "green"], "customers": [10, 10, 10],
                                             "churned_next": [5, 2, 1], "churn_rate_next": [50.0, 20.0, 10.0]}))
    assert bt.to_dict()["encoding"]["x"]["sort"] == ["red", "yellow", "green"]


def test_every_registered_metric_charts_without_error(analysis):
    for m in REGISTRY.values():
        if m.requires(analysis):
            continue
        s = m.compute(analysis)
        spec = metric_chart(metric_table.series_frame(s, analysis.periods), m.name, s.unit, s.labels[-1]).to_dict()
        assert spec["title"] == m.name
