"""csm.charts.metric_spec, the dict the app sends for a metric card, is the spec Altair makes of metric_chart.

Compared with `metric_chart(...).to_dict()` under Altair's "none" theme (as Streamlit converts a chart): the same
layers, marks, encodings, highlight, filter and title, and the same data rows (dataset names aside).
"""
from __future__ import annotations

import datetime as dt

import altair as alt
import numpy as np
import pytest

from csm import charts
from csm.periods import make_periods
from csm.results import MetricSeries, build_points
from csm.views import metric_table

from .chart_reference import metric_chart


def _frame(granularity: str = "month"):
    periods = make_periods(granularity, dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    k = len(periods)
    values = np.linspace(1.0, 9.0, k)
    values[2] = np.nan
    points = build_points(periods.labels, values, numerators=values, denominators=[10] * k,
                          worked=[f"{v} ÷ 10 'x'" for v in values], n=[10 + i for i in range(k)])
    return metric_table.series_frame(MetricSeries("x", "X", "percent", None, "x", "x", points), periods, "USD"), periods


def _names_in_order(spec: dict) -> list[str]:
    names: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "name" in data and data["name"] not in names:
                names.append(data["name"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return names


def _renamed(spec: dict, names: list[str]):
    def walk(node):
        if isinstance(node, dict):
            return {k: ({"name": f"#{names.index(v['name'])}"} if k == "data" and isinstance(v, dict) and "name" in v
                        else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(spec)


def _records(frame) -> list[dict]:
    """The rows as Altair writes a frame's data into a spec."""
    (rows,) = alt.Chart(frame).mark_point().to_dict()["datasets"].values()
    return rows


@pytest.mark.parametrize("unit", ["percent", "count", "money", "ratio", "days", "score"])
@pytest.mark.parametrize("marks", [("2024-05", "2024-04"), ("2024-05", None), (None, None), (None, "2024-04"),
                                   ("2024-05", "2024-05")])
def test_metric_spec_is_what_altair_makes_of_metric_chart(unit, marks):
    f, _ = _frame()
    with alt.theme.enable("none"):
        want = metric_chart(f, "Churn 'rate'", unit, *marks, "month").to_dict()
    got = charts.metric_spec(f, "Churn 'rate'", unit, *marks, "month")
    want_sets, got_sets = want.pop("datasets"), got.pop("datasets")
    want_names, got_names = _names_in_order(want), _names_in_order(got)
    assert _renamed(got, got_names) == _renamed(want, want_names)
    assert list(got) == list(want)  # the same keys in the same order
    assert [_records(got_sets[n]) for n in got_names] == [want_sets[n] for n in want_names]


@pytest.mark.parametrize("granularity", ["week", "quarter", "year"])
def test_metric_spec_follows_the_granularity(granularity):
    f, periods = _frame(granularity)
    sel = periods.labels[-1]
    with alt.theme.enable("none"):
        want = metric_chart(f, "MRR", "money", sel, None, granularity).to_dict()
    got = charts.metric_spec(f, "MRR", "money", sel, None, granularity)
    want.pop("datasets"), got.pop("datasets")
    assert _renamed(got, _names_in_order(got)) == _renamed(want, _names_in_order(want))
