"""Any chart of the app as an image for a slide or a document: PNG (2× by default) or SVG, rendered offline by
vl-convert (no browser, no network), with the title, the period and the definition in force drawn in the image.

    spec = export_spec(charts.movements_chart(frame), "MRR movements", ["Brightwave · 2023-01 to 2025-12 · month",
                                                                       "new + reactivation + expansion − …"])
    png(spec)   # bytes of a PNG twice the chart's size
    svg(spec)   # the SVG text

A spec is a csm.charts builder's result: an Altair chart, or the dict `metric_spec` gives (its frames under
"datasets" become JSON records here).
"""
from __future__ import annotations

import copy
import json

import altair as alt
import pandas as pd
import vl_convert

WIDTH = 760  # px of the plot area: two thirds of a 16:9 slide at 2×
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])  # the Vega-Lite Altair writes, e.g. "6.4"
ALLOWED = []  # no base URL may be fetched while rendering: the data is inline


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def export_spec(chart, title: str, subtitle: list[str] | tuple[str, ...] = (), width: int = WIDTH) -> dict:
    """The chart as a self-contained Vega-Lite dict: inline JSON data, a fixed width, a white background, and the
    title with its subtitle lines (the period, the definition in force)."""
    if isinstance(chart, alt.TopLevelMixin):
        spec = chart.to_dict()
    else:
        spec = {k: v for k, v in chart.items() if k != "datasets"}
        spec = copy.deepcopy(spec)
        spec["datasets"] = {name: _records(d) if isinstance(d, pd.DataFrame) else d
                            for name, d in chart.get("datasets", {}).items()}
    if not isinstance(spec.get("width"), int | float):
        spec["width"] = width
    lines = [str(s) for s in subtitle if s]
    spec["title"] = {"text": title, "anchor": "start", "fontSize": 15, "offset": 10,
                     **({"subtitle": lines, "subtitleColor": "#555555", "subtitleFontSize": 11} if lines else {})}
    spec["background"] = "white"
    spec["padding"] = 12
    return spec


def png(spec: dict, scale: float = 2) -> bytes:
    """The spec drawn as a PNG, `scale` times its size in pixels (2: sharp on slides and high-density screens)."""
    return vl_convert.vegalite_to_png(spec, vl_version=VL_VERSION, scale=scale, allowed_base_urls=ALLOWED)


def svg(spec: dict) -> str:
    """The spec drawn as SVG text."""
    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION, allowed_base_urls=ALLOWED)
