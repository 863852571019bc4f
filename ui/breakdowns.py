"""A metric split by a customer attribute (per CSM, per plan, per support agent) for the selected period.

The split is computed for every period at once and kept by the workbench on what it depends on (the metric, the
attribute and the settings the metric reads), so another period or another churn variant of an unrelated metric
only redraws it."""
from __future__ import annotations

import streamlit as st

from csm import charts
from csm.breakdown import breakdown, breakdown_options
from csm.errors import CsmError
from csm.exports.inert import to_csv_bytes
from csm.exports.names import file_name, period_range
from csm.views import metric_table

from . import cards, downloads
from .lazy import opened
from .safe import md
from .state import Context


def section(ctx: Context, group: str, prefer: str | None = None, metric: str | None = None) -> None:
    """Pick a metric of the group (default `metric`) and an attribute (default `prefer`); show the split of the
    selected period as a bar chart and a table, and every period in an expander."""
    ms = [m.id for m in cards.metrics_of(group) if not m.requires(ctx.analysis)]
    if not ms:
        st.info("None of this page's metrics can be computed from the data yet.")
        return
    c1, c2 = st.columns(2)
    mid = c1.selectbox("Metric", ms, index=ms.index(metric) if metric in ms else 0,
                       format_func=lambda i: cards.REGISTRY[i].name, key=f"bd_metric_{group}",
                       persist_state="session")
    options = list(breakdown_options(ctx.analysis, mid))
    if not options:
        st.info(f"{cards.REGISTRY[mid].name} cannot be split: the data has no plan, segment, owner or agent for it.")
        return
    by = c2.selectbox("Split by", options, index=options.index(prefer) if prefer in options else 0,
                      key=f"bd_by_{group}", persist_state="session")
    if prefer and prefer not in options:
        st.caption(f"The data has no {prefer} for {cards.REGISTRY[mid].name.lower()}, so this splits by {by}.")
    try:
        full = ctx.result(("breakdown", by), mid, lambda a: breakdown(a, mid, by))
    except CsmError as e:
        st.error(md(e))
        return
    m = cards.REGISTRY[mid]
    frame = metric_table.breakdown_in_period(full, by, ctx.period, m.unit, ctx.analysis.currency)
    downloads.page_chart(ctx, f"{mid}_by_{by}", "breakdown_chart", frame, f"{m.name} by {by}, {ctx.period}",
                         charts.AXIS_TITLE.get(m.unit, m.unit), period=ctx.period,
                         definition=cards.REGISTRY[mid].formula)
    small = frame.loc[frame["small_sample"], "group"].astype(str).tolist()
    if small:
        st.warning(f"Small samples (n < 30): {md(', '.join(map(str, small)))} — read these groups with care.",
                   icon=":material/warning:")
    st.dataframe(frame, hide_index=True, width="stretch")

    def every_period() -> None:
        st.dataframe(full, hide_index=True, width="stretch")
        csv = ctx.result(("breakdown csv", by), mid, lambda a: to_csv_bytes(full))
        name = file_name(f"{mid}_by_{by}", period_range(ctx.analysis.periods.labels), ctx.granularity, "csv")
        st.download_button("Download CSV", csv, name, "text/csv", key=f"dl-bd-{group}")

    opened(f"Every period, by {by}", f"every-period-{group}", every_period)


def tab_title(ctx: Context, metric: str, prefer: str) -> str:
    """'By owner' when the metric can be split by `prefer`, else by the first attribute it can be split by."""
    try:
        options = list(breakdown_options(ctx.analysis, metric))
    except CsmError:
        options = []
    return f"By {prefer if prefer in options or not options else options[0]}"
