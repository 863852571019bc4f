"""The Altair chart that `csm.charts.metric_spec` writes out by hand: the reference its spec is checked against.

The app never builds it (building and validating it costs ~30 ms a card, on every rerun), so it lives with the
tests: tests/test_chart_specs.py compares `metric_spec` with Altair's `metric_chart(...).to_dict()`, and
tests/test_charts.py reads the chart's marks, fields and highlight.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from csm.charts import AXIS_TITLE, BLUE, GREY, ORANGE, PARTIAL_OPACITY, SKY, Y_FORMAT, _x, highlighted


def metric_chart(frame: pd.DataFrame, title: str, unit: str, selected: str | None = None,
                 compare: str | None = None, granularity: str = "month") -> alt.LayerChart:
    """One metric over periods: bars for counts and money, a line for rates; the selected period highlighted.

    `frame` is `csm.views.metric_table.series_frame` (period, start, value, shown, worked, n).
    """
    tooltip = [alt.Tooltip("period:N", title="period"), alt.Tooltip("shown:N", title=title),
               alt.Tooltip("worked:N", title="worked"), alt.Tooltip("n:Q", title="n"),
               alt.Tooltip("coverage:N", title="data")]
    base = alt.Chart(highlighted(frame, selected, compare)).encode(
        x=_x(granularity),
        y=alt.Y("value:Q", title=AXIS_TITLE.get(unit, unit), axis=alt.Axis(format=Y_FORMAT)),
        tooltip=tooltip,
    )
    colour = (
        alt.when(alt.datum.highlight == "selected").then(alt.value(BLUE))
        .when(alt.datum.highlight == "compare").then(alt.value(ORANGE))
        .otherwise(alt.value(SKY if unit in ("count", "money") else BLUE))
    )
    if unit in ("count", "money"):
        partial = alt.when(alt.datum.coverage != "complete").then(alt.value(PARTIAL_OPACITY)).otherwise(alt.value(1))
        main = base.mark_bar().encode(color=colour, opacity=partial)
        layers = [main]
    else:
        line = base.mark_line(color=BLUE, point=alt.OverlayMarkDef(color=BLUE, size=20))
        focus = base.transform_filter(alt.FieldOneOfPredicate(field="highlight", oneOf=["compare", "selected"])
                                      ).mark_point(size=110, filled=True).encode(color=colour)
        layers = [line, focus]
    if unit == "percent":
        layers.append(alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color=GREY, strokeDash=[2, 2]).encode(y="zero:Q"))
    return alt.layer(*layers).properties(title=title, height=260)
