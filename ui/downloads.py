"""The download buttons of the exports: the Excel report and the PDF summary (Overview, metric pages) and each
chart as PNG or SVG. The files are made when the button is pressed (Streamlit calls the data function then, on its
own thread), so a rerun costs only the buttons; the numbers come from the session's workbench, the same memoised
series the page shows. In a shared view customer-level rows are in an export only if the sharer allowed them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from csm import charts
from csm.exports import images
from csm.exports.names import file_name, period_range
from csm.exports.view import ExportView
from csm.metrics import GROUPS

from . import sharing
from .state import Context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _view(ctx: Context) -> Callable[[], ExportView]:
    rows = sharing.rows_allowed()  # read now: the data function runs outside the script, without session state
    label, i, j = ctx.workspace.label, ctx.i, ctx.j
    return lambda: ExportView(label, i, j, dt.datetime.now(dt.UTC), rows)


def report_buttons(ctx: Context, page: str, pdf: bool = False) -> None:
    """The Excel report (opening on the page's sheet) and, on the Overview, the one-page PDF summary."""
    from csm.exports.summary_pdf import summary_pdf
    from csm.exports.workbook import report_workbook

    wb, settings, view = ctx.workbench, ctx.settings, _view(ctx)
    active = GROUPS.get(page, "Overview")

    def series(mid: str):
        return wb.series(mid, settings)

    with st.container(horizontal=True):
        st.download_button(
            "Excel report", lambda: report_workbook(wb.analysis(settings), view(), series, active=active),
            file_name(f"{page}_report", ctx.period, ctx.granularity, "xlsx"), XLSX, key=f"dl-xlsx-{page}",
            on_click="ignore", icon=":material/table_view:",
            help="Every metric over every period with its numerator, denominator and worked line, the formulas, "
                 "the settings in force, churn variants, MRR movements and cohorts, as an Excel workbook.")
        if pdf:
            st.download_button(
                "PDF summary", lambda: summary_pdf(wb.analysis(settings), view(), series),
                file_name(f"{page}_summary", ctx.period, ctx.granularity, "pdf"), "application/pdf",
                key=f"dl-pdf-{page}", on_click="ignore", icon=":material/picture_as_pdf:",
                help="This Overview on one A4 page: the headline numbers, what moved, how each is counted.")


@dataclass(frozen=True)
class ChartExport:
    """What a chart's image says beside the chart itself, and the name its files take."""

    key: str  # unique on the page; the file name's "what"
    title: str
    lines: tuple[str, ...]  # the subtitle: whose data, which period, the definition in force
    period: str  # in the file name: a period or a range
    granularity: str


def chart_export(ctx: Context, key: str, title: str, definition: str | None = None,
                 period: str | None = None) -> ChartExport:
    """The export of a page chart: over the whole range unless `period` (one period's chart) is given."""
    when = period or period_range(ctx.analysis.periods.labels).replace("_to_", " to ")
    flt = "".join(f" · {k}: {', '.join(v)}" for k, v in ctx.settings.filters)
    lines = (f"{ctx.workspace.label} · {when} · {ctx.granularity}{flt}", definition or "")
    return ChartExport(key, title, lines, period or period_range(ctx.analysis.periods.labels), ctx.granularity)


def chart_buttons(make: Callable[[], object], export: ChartExport) -> None:
    """PNG (2×) and SVG buttons for a chart that `make()` builds (a csm.charts result), drawn when pressed."""
    def spec():
        return images.export_spec(make(), export.title, export.lines)

    name = export.key
    with st.container(horizontal=True, key=f"img-{name}"):
        st.download_button("PNG", lambda: images.png(spec()), file_name(name, export.period, export.granularity, "png"),
                           "image/png", key=f"png-{name}", on_click="ignore", type="tertiary",
                           icon=":material/image:", help="This chart as a PNG image (2×, for slides)")
        st.download_button("SVG", lambda: images.svg(spec()).encode(),
                           file_name(name, export.period, export.granularity, "svg"), "image/svg+xml",
                           key=f"svg-{name}", on_click="ignore", type="tertiary",
                           help="This chart as an SVG drawing (scales to any size)")


def page_chart(ctx: Context, key: str, build: str, *args, definition: str | None = None, period: str | None = None,
               **kwargs) -> None:
    """A csm.charts chart drawn by ui.cards.chart, with its image buttons; its title is its second argument."""
    from . import cards

    cards.chart(build, *args, **kwargs)
    title = kwargs.get("title") or next((a for a in args if isinstance(a, str)), build)
    chart_buttons(lambda: getattr(charts, build)(*args, **kwargs), chart_export(ctx, key, title, definition, period))
