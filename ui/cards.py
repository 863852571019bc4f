"""The metric card every metric page is made of, and the generic page of one registry group.

A card: the value with its delta against the comparison period, the chart over periods, the formula in LaTeX
with the worked line of the selected period, the definition and notes, the table behind it with a CSV download,
a small-sample warning, or — when the data for it is missing — what it needs instead.
"""
from __future__ import annotations

import streamlit as st

from csm import charts, summary
from csm.errors import CsmError
from csm.exports.names import file_name, period_range
from csm.metrics import GROUPS, REGISTRY, Metric
from csm.schema import KINDS

from . import downloads, tables
from .lazy import opened
from .pages import METRIC_PAGES
from .safe import md
from .state import Context

DELTA_COLOR = {True: "normal", False: "inverse", None: "off"}


def chart(build: str, *args, **kwargs) -> None:
    """Draw the Altair chart `csm.charts.<build>(*args, **kwargs)` at full width.

    Drawn once per distinct input and replayed from Streamlit's cache on later reruns (st.cache_data replays the
    element), so a rerun neither rebuilds the chart nor converts it to Vega-Lite again. The inputs are the small
    aggregated frames the builders take (one row per period, group or cell), hashed by content."""
    _chart(build, *args, **kwargs)


@st.cache_data(show_spinner=False, max_entries=1024, ttl=3600)
def _chart(build: str, *args, **kwargs) -> None:
    st.altair_chart(getattr(charts, build)(*args, **kwargs), width="stretch")


def metrics_of(group: str) -> list[Metric]:
    return [m for m in REGISTRY.values() if m.group == group]


def needs_text(m: Metric, missing: str) -> str:
    """The sentence of a 'needs …' card: requires()'s own words, else the kinds and required fields it reads."""
    text = missing.strip().rstrip(".")
    if not text.lower().startswith("needs"):
        kinds = " or ".join(f"a {k} table with {', '.join(KINDS[k].required)}" for k in m.needs if k in KINDS)
        text = f"needs {kinds}" + (f" ({text})" if text else "") if kinds else f"needs more data: {text}"
    return text[0].upper() + text[1:] + "."


def needs_card(m: Metric, missing: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{m.name}**")
        st.info(needs_text(m, missing), icon=":material/table_view:")
        if st.session_state.get("shared_view") is None:  # a shared view has no Data page
            st.page_link("app_pages/data.py", label="Add or map a table on the Data page",
                         icon=":material/upload_file:")


def kpi(ctx: Context, m: Metric, *, border: bool = False, sparkline: bool = False) -> None:
    """The st.metric of one metric in the selected period, with its delta (and optionally a sparkline)."""
    s = ctx.series(m.id)
    ch = summary.change(s, m, ctx.i, ctx.j, ctx.analysis.currency)
    label = m.name + (f" ({s.variant})" if s.variant else "")
    still = ch.diff == 0  # a zero change is neither better nor worse: no arrow, no colour
    st.metric(
        label, ch.shown(ch.value), delta=ch.delta_text(),
        delta_color="off" if still else DELTA_COLOR[m.higher_is_better], delta_arrow="off" if still else "auto",
        delta_description=f"vs {ch.previous_period}" if ch.previous_period else None,
        help=m.definition, border=border,
        chart_data=[v for v in s.values.tolist() if v == v] if sparkline else None,
    )


def metric_card(ctx: Context, m: Metric) -> None:
    """One metric in full (see the module docstring)."""
    missing = m.requires(ctx.analysis)
    if missing:
        needs_card(m, missing)
        return
    try:
        s = ctx.series(m.id)
    except CsmError as e:  # the data or an option does not allow it: say so, keep the page
        st.error(f"{m.name}: {md(e)}")
        return
    frame = ctx.frame(m.id)
    p = s.points[ctx.i]
    compare = s.points[ctx.j].period if ctx.j is not None else None
    with st.container(border=True):
        st.subheader(m.name, anchor=m.id)
        if s.variant:
            st.caption(f"Variant in force: **{s.variant}** — {s.formula}")
        left, right = st.columns([2, 3], gap="medium")
        with left:
            kpi(ctx, m)
            st.latex(s.latex)
            st.markdown(f"**{p.period}:** {p.worked or '—'}")
            if p.small_sample:
                st.warning(f"Small sample: only {p.n} behind this value (fewer than 30) — read it with care.",
                           icon=":material/warning:")
            covered = frame["coverage"].iloc[ctx.i]
            if covered != "complete":  # e.g. a year the data ends halfway through
                st.caption(f":material/contrast: {p.period} is {covered}: the value counts only those days.")
        with right:
            # the spec as a dict (csm.charts.metric_spec): the Altair chart costs ~30 ms a card on every rerun
            st.vega_lite_chart(spec=charts.metric_spec(frame, m.name, s.unit, p.period, compare, ctx.granularity),
                               width="stretch")
            downloads.chart_buttons(
                lambda: charts.metric_spec(frame, m.name, s.unit, p.period, compare, ctx.granularity),
                downloads.chart_export(ctx, m.id, m.name + (f" ({s.variant})" if s.variant else ""), s.formula,
                                       p.period))
        opened("Definition and notes", f"notes-{m.id}", lambda: _notes(m, s))
        opened("The numbers behind it", f"numbers-{m.id}", lambda: _numbers(ctx, m, s))


def _notes(m: Metric, s) -> None:
    st.markdown(m.definition)
    st.markdown(f"**Formula:** {s.formula}")
    for note in m.notes:
        st.markdown(f"- {note}")
    if m.source:
        st.caption(f"Source: {m.source}")
    for w in s.warnings:
        st.caption(md(w))


def _numbers(ctx: Context, m: Metric, s) -> None:
    units = {"value": s.unit, **({"numerator": "money"} if s.unit == "money" else {})}
    tables.table(ctx.table(m.id), units, ctx.analysis.currency,
                 column_config={"start": st.column_config.DateColumn("start"),
                                "end": st.column_config.DateColumn("end (last day)")})
    st.download_button("Download CSV", ctx.csv(m.id),
                       file_name(m.id, period_range(ctx.analysis.periods.labels), ctx.granularity, "csv"),
                       "text/csv", key=f"dl-{m.id}", icon=":material/download:")


def kpi_strip(ctx: Context, group: str) -> None:
    """The group's metrics as a row of numbers at the top of the page (only those the data supports)."""
    ms = [m for m in metrics_of(group) if not m.requires(ctx.analysis)]
    for k in range(0, len(ms), 4):
        cols = st.columns(4)
        for col, m in zip(cols, ms[k : k + 4], strict=False):
            with col:
                try:
                    kpi(ctx, m, border=True)
                except CsmError as e:
                    st.error(f"{m.name}: {md(e)}")


def group_page(ctx: Context, group: str, *, strip: bool = True) -> None:
    """Every metric of one registry group, as cards."""
    ms = metrics_of(group)
    if not ms:
        st.info(f"The {GROUPS[group]} metrics are coming.")
        return
    if strip:
        kpi_strip(ctx, group)
    for m in ms:
        metric_card(ctx, m)


def header(ctx: Context, group: str) -> None:
    """A metric page's title (ui.pages) and the view it shows: data, period, comparison, churn event, filters."""
    st.title(METRIC_PAGES[group].title)
    cmp = f" · compared with {ctx.analysis.periods.labels[ctx.j]}" if ctx.j is not None else ""
    flt = "".join(f" · {k}: {md(', '.join(v))}" for k, v in ctx.settings.filters)
    a = ctx.analysis
    reads = f" (reads {md(', '.join(a.churn_event_sources()))})" if a.churn_event_sources() else ""
    event = f" · churn event: {a.churn_event}{reads}" if group == "retention" and a.churn_event else ""
    st.caption(f"{md(ctx.workspace.label)} · {ctx.period} ({ctx.granularity}){cmp}{event}{flt}")
    downloads.report_buttons(ctx, group)
