"""Altair chart builders. Each takes an already aggregated frame (one row per period, per movement, per cell —
never raw data rows) and returns a chart; none of them calls Streamlit, so tests read `chart.to_dict()`.

Periods run along an ordinal x axis of their labels in time order (each bar or point sits over its own label: a
temporal axis put a monthly bar for 2024-12 over a "Jan 2025" tick and drew half a year as a whole one), colours come
from the Okabe–Ito palette (safe for the common colour-vision deficiencies), and every mark has a tooltip with the
period and the shown value. A period the data covers only in part is drawn lighter, and says so in its tooltip.

`metric_spec` builds a metric card's Vega-Lite dict without Altair (what Altair gives, less its validation): the app
draws every metric card on every rerun, and building plus validating an Altair chart costs ~30 ms a card. The Altair
chart it stands for, `metric_chart`, lives with the tests (tests/chart_reference.py), which check the two agree.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

# Okabe & Ito (2008), "Color Universal Design": distinguishable with protanopia, deuteranopia and tritanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK = PALETTE
GREY = "#999999"
MOVEMENT_COLORS = {"New": BLUE, "Reactivation": SKY, "Expansion": GREEN, "Contraction": ORANGE, "Churned": VERMILLION}
BAND_COLORS = {"red": VERMILLION, "yellow": YELLOW, "green": GREEN}
NPS_COLORS = {"detractor": VERMILLION, "passive": GREY, "promoter": GREEN}
AXIS_TITLE = {"percent": "%", "money": "amount", "count": "customers", "ratio": "ratio", "days": "days",
              "hours": "hours", "minutes": "minutes", "score": "score"}
Y_FORMAT = ",.6~r"  # 1,200,000 · 0.25 · 0 (not 0.000000 on an axis whose values are all zero)
PARTIAL_OPACITY = 0.45


def _x(granularity: str = "month", title: str = "period") -> alt.X:
    """The period labels in time order (`granularity` is kept for the callers; the labels already say it)."""
    return alt.X("period:O", title=title, sort=alt.EncodingSortField(field="start", op="min"),
                 axis=alt.Axis(labelAngle=0, labelOverlap="greedy"))


ZERO = pd.DataFrame({"zero": [0]})  # the data of metric_spec's zero line (read-only)


def _x_spec(granularity: str) -> dict:
    return {"axis": {"labelAngle": 0, "labelOverlap": "greedy"}, "field": "period",
            "sort": {"field": "start", "op": "min"}, "title": "period", "type": "ordinal"}


PARTIAL_TEST = "(datum.coverage !== 'complete')"  # a period the data covers only in part (series_frame's coverage)


HIGHLIGHT = "highlight"  # the data column that marks the selected ("selected") and compared ("compare") periods


def highlighted(frame: pd.DataFrame, selected: str | None, compare: str | None) -> pd.DataFrame:
    """The series frame with its highlight column: "selected", "compare" or "" (the selected period wins a tie).

    The highlight travels in the data, not in the spec: a change of period then leaves every card's spec as it was,
    and the browser only swaps the chart's rows instead of building each chart again."""
    period = frame["period"].astype(str)
    mark = period.eq(str(selected)).map({True: "selected", False: ""}) if selected is not None else ""
    mark = pd.Series(mark, index=frame.index, dtype=object)
    if compare is not None:
        mark = mark.mask(mark.eq("") & period.eq(str(compare)), "compare")
    return frame.assign(**{HIGHLIGHT: mark})


def metric_spec(frame: pd.DataFrame, title: str, unit: str, selected: str | None = None,
                compare: str | None = None, granularity: str = "month") -> dict:
    """One metric over periods: bars for counts and money, a line for rates; the selected period highlighted.

    `frame` is `csm.views.metric_table.series_frame` (period, start, value, shown, worked, n); the selected and compared
    periods are marked in its rows (`highlighted`), so the spec itself does not depend on them. The result is the Vega-Lite spec
    Altair makes of tests/chart_reference.py's `metric_chart` (theme "none"), built as a plain dict.

    The data stays frames under "datasets" (named "metric" and, for percentages, "zero"), for the app to send as
    they are; a spec without Altair's ~30 ms of building and validating (the app draws every card on every rerun).
    """
    tooltip = [{"field": "period", "title": "period", "type": "nominal"},
               {"field": "shown", "title": title, "type": "nominal"},
               {"field": "worked", "title": "worked", "type": "nominal"},
               {"field": "n", "title": "n", "type": "quantitative"},
               {"field": "coverage", "title": "data", "type": "nominal"}]
    encoding = {"tooltip": tooltip, "x": _x_spec(granularity),
                "y": {"axis": {"format": Y_FORMAT}, "field": "value", "title": AXIS_TITLE.get(unit, unit),
                      "type": "quantitative"}}
    bars = unit in ("count", "money")
    colour = {"condition": [{"test": "(datum.highlight === 'selected')", "value": BLUE},
                            {"test": "(datum.highlight === 'compare')", "value": ORANGE}],
              "value": SKY if bars else BLUE}
    if bars:
        opacity = {"condition": [{"test": PARTIAL_TEST, "value": PARTIAL_OPACITY}], "value": 1}
        layers = [{"mark": {"type": "bar"}, "encoding": {"color": colour, "opacity": opacity, **encoding}}]
    else:
        layers = [{"mark": {"type": "line", "color": BLUE, "point": {"color": BLUE, "size": 20}},
                   "encoding": encoding}]
        layers.append({"mark": {"type": "point", "filled": True, "size": 110},
                       "encoding": {"color": colour, **encoding},
                       "transform": [{"filter": {"field": HIGHLIGHT, "oneOf": ["compare", "selected"]}}]})
    datasets = {"metric": highlighted(frame, selected, compare)}
    if unit == "percent":  # a layer with data of its own: every layer names its data (as Altair does)
        layers = [{"data": {"name": "metric"}, **layer} for layer in layers]
        layers.append({"data": {"name": "zero"}, "mark": {"type": "rule", "color": GREY, "strokeDash": [2, 2]},
                       "encoding": {"y": {"field": "zero", "type": "quantitative"}}})
        datasets["zero"] = ZERO
        spec = {"layer": layers}
    else:
        spec = {"layer": layers, "data": {"name": "metric"}}
    return {**spec, "height": 260, "title": title, "$schema": alt.SCHEMA_URL, "datasets": datasets}


def movements_chart(frame: pd.DataFrame, title: str = "MRR movements", granularity: str = "month") -> alt.Chart:
    """MRR movements per period as a diverging stacked bar (contraction and churn below zero).

    `frame` is `csm.views.mrr_movements.movements_frame` (period, start, movement, amount, customers, shown).
    """
    order = list(MOVEMENT_COLORS)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=_x(granularity),
            y=alt.Y("sum(amount):Q", title="MRR change", stack="zero"),
            color=alt.Color("movement:N", title="movement",
                            scale=alt.Scale(domain=order, range=[MOVEMENT_COLORS[m] for m in order])),
            order=alt.Order("movement_order:Q"),
            tooltip=[alt.Tooltip("period:N"), alt.Tooltip("movement:N"), alt.Tooltip("shown:N", title="amount"),
                     alt.Tooltip("customers:Q", title="customers")],
        )
        .transform_calculate(movement_order=f"indexof({order!r}, datum.movement)")
        .properties(title=title, height=300)
    )


def variants_chart(frame: pd.DataFrame, title: str = "Churn rate by variant") -> alt.Chart:
    """The churn variants of one period side by side; the one in force in blue.

    `frame`: variant, value, worked, in_force (`csm.reconcile.variants_side_by_side`).
    """
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("variant:N", sort=None, title="variant"),
            x=alt.X("value:Q", title="churn rate (%)"),
            color=alt.condition(alt.datum.in_force, alt.value(BLUE), alt.value(SKY)),
            tooltip=[alt.Tooltip("variant:N"), alt.Tooltip("value:Q", format=".2f", title="%"),
                     alt.Tooltip("worked:N")],
        )
        .properties(title=title, height=alt.Step(26))
    )


def heatmap(frame: pd.DataFrame, title: str = "Cohort retention", value_title: str = "% retained") -> alt.Chart:
    """A cohort grid: cohort down, age across, the value as colour with the number in the tooltip.

    `frame`: cohort, age, value (long form, one row per cell), and optionally size (customers in the cohort).
    """
    tooltip = [alt.Tooltip("cohort:N"), alt.Tooltip("age:O", title="periods after"),
               alt.Tooltip("value:Q", format=".1f", title=value_title)]
    if "size" in frame:
        tooltip.append(alt.Tooltip("size:Q", title="cohort size"))
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("age:O", title="periods after the cohort's first"),
            y=alt.Y("cohort:O", title="cohort"),
            color=alt.Color("value:Q", title=value_title, scale=alt.Scale(scheme="viridis")),
            tooltip=tooltip,
        )
        .properties(title=title)
    )


def shares_chart(frame: pd.DataFrame, title: str, colors: dict[str, str] | None = None,
                 granularity: str = "month", value_title: str | None = None) -> alt.Chart:
    """Shares of categories per period as stacked bars (NPS promoters/passives/detractors, health bands).

    `frame`: period, start, category, value (a share in % or a count).
    """
    cats = list(colors) if colors else sorted(frame["category"].dropna().unique().tolist())
    rng = [colors[c] for c in cats] if colors else list(PALETTE[: len(cats)])
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=_x(granularity),
            y=alt.Y("value:Q", title=value_title or ("share (%)" if frame["value"].max() <= 100.0001 else "count"),
                    stack="zero"),
            color=alt.Color("category:N", title=None, scale=alt.Scale(domain=cats, range=rng)),
            tooltip=[alt.Tooltip("period:N"), alt.Tooltip("category:N"), alt.Tooltip("value:Q", format=".1f")],
        )
        .properties(title=title, height=260)
    )


def distribution_chart(frame: pd.DataFrame, title: str) -> alt.Chart:
    """How many responses gave each score in the period. `frame`: score, responses, and optionally group."""
    color = (alt.Color("group:N", title=None, scale=alt.Scale(domain=list(NPS_COLORS), range=list(NPS_COLORS.values())))
             if "group" in frame else alt.value(BLUE))
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("score:O", title="score"),
            y=alt.Y("responses:Q", title="responses"),
            color=color,
            tooltip=[alt.Tooltip("score:O"), alt.Tooltip("responses:Q")],
        )
        .properties(title=title, height=220)
    )


def breakdown_chart(frame: pd.DataFrame, title: str, value_title: str) -> alt.Chart:
    """A metric split by a customer attribute (one bar per group). `frame`: group, value, and optionally n, shown."""
    tooltip = [alt.Tooltip("group:N"), alt.Tooltip("value:Q", format=",.2f", title=value_title)]
    if "n" in frame:
        tooltip.append(alt.Tooltip("n:Q", title="n"))
    return (
        alt.Chart(frame)
        .mark_bar(color=BLUE)
        .encode(y=alt.Y("group:N", sort="-x", title=None), x=alt.X("value:Q", title=value_title), tooltip=tooltip)
        .properties(title=title, height=alt.Step(24))
    )


def backtest_chart(frame: pd.DataFrame, title: str = "Churn in the next period, by health band") -> alt.Chart:
    """The health backtest: each band's churn rate in the following period. `frame`: band, churn_rate_next,
    customers, churned_next (`csm.views.health_bands.backtest_summary`)."""
    bands = list(BAND_COLORS)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("band:N", sort=bands, title="health band"),
            y=alt.Y("churn_rate_next:Q", title="churned next period (%)"),
            color=alt.Color("band:N", scale=alt.Scale(domain=bands, range=list(BAND_COLORS.values())), legend=None),
            tooltip=[alt.Tooltip("band:N"), alt.Tooltip("churn_rate_next:Q", format=".2f", title="%"),
                     alt.Tooltip("customers:Q"), alt.Tooltip("churned_next:Q", title="churned next")],
        )
        .properties(title=title, height=240)
    )


def survival_chart(frame: pd.DataFrame, title: str = "Customers still here, by tenure") -> alt.Chart:
    """A Kaplan–Meier curve as steps (csm.snapshot.kaplan_meier's frame: tenure, at_risk, churned, survival)."""
    return (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", color=BLUE, point=alt.OverlayMarkDef(size=12, color=BLUE))
        .encode(
            x=alt.X("tenure:Q", title="tenure (months)"),
            y=alt.Y("survival:Q", title="still a customer", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=[alt.Tooltip("tenure:Q", title="tenure (months)"), alt.Tooltip("at_risk:Q", title="at risk", format=","),
                     alt.Tooltip("churned:Q", format=","), alt.Tooltip("survival:Q", format=".2%", title="still here")],
        )
        .properties(title=title, height=300)
    )
