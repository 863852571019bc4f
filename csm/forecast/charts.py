"""Chart builders of the planner pages, in csm.charts' manner: aggregated frames in, an Altair chart out, no
Streamlit; tests read `chart.to_dict()`."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..charts import BLUE, GREEN, GREY, ORANGE, SKY, VERMILLION, _x
from .projection import Projection

MEASURES = {"customers": "Customers", "mrr": "MRR", "arr": "ARR", "revenue": "Revenue"}
VERDICT_COLORS = {"better": GREEN, "worse": VERMILLION, "same": GREY, "": SKY}


def projection_frame(runs: list[Projection], measure: str, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long form for `projection_chart`: run, period, start, value (and the observed history as run "Actual")."""
    parts = []
    if history is not None and len(history):
        parts.append(history.assign(run="Actual")[["run", "period", "start", "value"]])
    for p in runs:
        f = p.frame()
        if measure in f:
            parts.append(pd.DataFrame({"run": p.name, "period": f["period"], "start": f["start"], "value": f[measure]}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["run", "period", "start", "value"])


def projection_chart(frame: pd.DataFrame, title: str, granularity: str = "month", value_title: str = "") -> alt.Chart:
    """The actual history in grey, the baseline dashed and each scenario solid, one line per run."""
    runs = list(dict.fromkeys(frame["run"]))
    colors = {"Actual": GREY, "Baseline": ORANGE}
    others = [BLUE, GREEN, VERMILLION, SKY]
    rng = [colors.get(r) or others[k % len(others)] for k, r in enumerate(r for r in runs)]
    dash = alt.condition(alt.datum.run == "Baseline", alt.value([6, 4]), alt.value([1, 0]))
    return (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=24))
        .encode(
            x=_x(granularity),
            y=alt.Y("value:Q", title=value_title or title),
            color=alt.Color("run:N", title=None, sort=runs, scale=alt.Scale(domain=runs, range=rng)),
            strokeDash=dash,
            tooltip=[alt.Tooltip("run:N"), alt.Tooltip("period:N"), alt.Tooltip("value:Q", format=",.1f")],
        )
        .properties(title=title, height=320)
    )


def comparison_chart(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Each metric's relative change (points for percentages), coloured better or worse.

    `frame`: csm.forecast.compare.PeriodComparison.frame (name, unit, change, change_pct, verdict, change_shown)."""
    f = frame.assign(bar=frame["change"].where(frame["unit"] == "percent", frame["change_pct"]))
    f = f[f["bar"].notna()]
    return (
        alt.Chart(f)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=None, title=None),
            x=alt.X("bar:Q", title="change (% of the earlier value; points for rates)"),
            color=alt.Color("verdict:N", title=None, scale=alt.Scale(domain=list(VERDICT_COLORS),
                                                                     range=list(VERDICT_COLORS.values()))),
            tooltip=[alt.Tooltip("name:N"), alt.Tooltip("shown:N", title="values"),
                     alt.Tooltip("change_shown:N", title="change"), alt.Tooltip("verdict:N")],
        )
        .properties(title=title, height=alt.Step(18))
    )


def retention_chart(cohorts: pd.DataFrame, pooled: pd.DataFrame | None, title: str) -> alt.Chart:
    """Each chosen cohort's retention, observed (solid) then projected by the sBG model (dashed); with `pooled`,
    the pooled observed retention and the fitted curve in black.

    `cohorts`: cohort, age, value, kind (csm.forecast.cohort_forecast.RetentionForecast.cohorts)."""
    lines = (
        alt.Chart(cohorts)
        .mark_line()
        .encode(
            x=alt.X("age:Q", title="periods since the end of the first"),
            y=alt.Y("value:Q", title="% still customers"),
            color=alt.Color("cohort:N", title="cohort"),
            strokeDash=alt.StrokeDash("kind:N", title=None, sort=["observed", "projected"],
                                      scale=alt.Scale(domain=["observed", "projected"], range=[[1, 0], [5, 4]])),
            detail="kind:N",
            tooltip=[alt.Tooltip("cohort:N"), alt.Tooltip("age:Q"), alt.Tooltip("kind:N"),
                     alt.Tooltip("value:Q", format=".1f", title="%")],
        )
    )
    if pooled is None or pooled.empty:
        return lines.properties(title=title, height=340)
    p = pd.concat([pd.DataFrame({"age": [0], "observed": [100.0], "model": [100.0]}),
                   pooled[["age", "observed", "model"]]], ignore_index=True)
    fitted = alt.Chart(p).mark_line(color="black", strokeWidth=2.5).encode(
        x="age:Q", y="model:Q", tooltip=[alt.Tooltip("age:Q"), alt.Tooltip("model:Q", format=".1f", title="sBG %")])
    observed = alt.Chart(p).mark_point(color="black", filled=True, size=30).encode(
        x="age:Q", y="observed:Q",
        tooltip=[alt.Tooltip("age:Q"), alt.Tooltip("observed:Q", format=".1f", title="observed %")])
    return alt.layer(lines, fitted, observed).properties(title=title, height=340)
